import 'server-only';
import type { Db } from '@/db';
import { writeAudit } from '@/lib/audit/write-audit';
import type { ScimCredential } from './credential';

export interface ScimRequestContext {
  db: Db;
  credential: ScimCredential;
  /** `https://host/scim/v2`, for `meta.location` and `$ref`. */
  baseUrl: string;
  ip: string | null;
}

/**
 * The audit entry of a SCIM change: the same events as the admin pages
 * (`member.deactivated`, `team.member_added`, …), with no person as the actor
 * and the token named in the details, so the audit log shows which door a
 * change came through.
 */
export function auditScim(
  tx: Db,
  context: ScimRequestContext,
  entry: { action: string; targetType: 'membership' | 'team'; targetId: string; details?: Record<string, unknown> },
): Promise<void> {
  return writeAudit(tx, {
    organizationId: context.credential.organizationId,
    actorUserId: null,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    details: { via: 'scim', tokenId: context.credential.tokenId, ...entry.details },
    ip: context.ip,
  });
}
