import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { memberships, type Membership } from '@/db/schema';
import { endAllSessions } from '@/lib/auth/revoke-sessions';
import { isLastActiveAdmin, lockAdminsAndTarget } from './admin-guard';

export const LAST_ADMIN_DEACTIVATE = 'The last active admin cannot be deactivated. Make someone else an admin first.';

/** The result of a status change: refused (nothing written), or done — `changed: false` when it already was so. */
export type StatusChange = { ok: false; error: string } | { ok: true; changed: boolean; target: Membership };

/**
 * Deactivates a membership: the one rule behind the admin page's "Deactivate"
 * and a provisioning client's `active: false` (lib/scim/). Call inside the
 * caller's transaction; the caller records the audit entry.
 *
 * Webhooks: each caller emits `member.deactivated` with its source (admin, scim) after a change.
 */
export async function deactivateMembership(
  tx: Db,
  organizationId: string,
  membershipId: string,
): Promise<StatusChange> {
  const { activeAdminIds, target } = await lockAdminsAndTarget(tx, organizationId, membershipId);
  if (target.status === 'deactivated') return { ok: true, changed: false, target };
  if (isLastActiveAdmin(target, activeAdminIds)) return { ok: false, error: LAST_ADMIN_DEACTIVATE };
  // Ratings, teams and history stay: deactivation only ends access (sign-in and every request re-check status).
  const [updated] = await tx
    .update(memberships)
    .set({ status: 'deactivated', deactivatedAt: new Date() })
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, target.id)))
    .returning();
  // Their sessions end now (in every organization: a session spans them), and stay
  // ended: a cookie from before cannot come back if they are reactivated later.
  await endAllSessions(tx, target.userId);
  return { ok: true, changed: true, target: updated ?? target };
}

/** Reactivates a membership (admin page, SCIM `active: true`); the caller audits. */
export async function reactivateMembership(
  tx: Db,
  organizationId: string,
  membershipId: string,
): Promise<StatusChange> {
  const { target } = await lockAdminsAndTarget(tx, organizationId, membershipId);
  if (target.status === 'active') return { ok: true, changed: false, target };
  const [updated] = await tx
    .update(memberships)
    .set({ status: 'active', deactivatedAt: null })
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, target.id)))
    .returning();
  // Deactivation already ended their sessions; ending them again here also covers a
  // cookie that was issued while they were deactivated here but active elsewhere.
  await endAllSessions(tx, target.userId);
  return { ok: true, changed: true, target: updated ?? target };
}
