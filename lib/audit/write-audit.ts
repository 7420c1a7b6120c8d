import type { Db } from '@/db';
import { auditLog } from '@/db/schema';

export interface AuditEvent {
  organizationId: string | null;
  actorUserId?: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
  ip?: string | null;
}

/** Appends one entry to the audit log; callers pass their transaction so the entry commits with the change. */
export async function writeAudit(db: Db, event: AuditEvent): Promise<void> {
  await db.insert(auditLog).values({
    organizationId: event.organizationId,
    actorUserId: event.actorUserId ?? null,
    action: event.action,
    targetType: event.targetType ?? null,
    targetId: event.targetId ?? null,
    details: event.details ?? null,
    ip: event.ip ?? null,
  });
}
