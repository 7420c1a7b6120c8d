import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { memberships, teamManagers, type Membership, type MembershipRole } from '@/db/schema';
import { endAllSessions } from '@/lib/auth/revoke-sessions';
import { isLastActiveAdmin, lockAdminsAndTarget } from './admin-guard';

export const LAST_ADMIN_ROLE = 'This is the last active admin. Make someone else an admin first.';

export type RoleChange =
  | { ok: false; error: string }
  | {
      ok: true;
      changed: boolean;
      target: Membership;
      previousRole: MembershipRole;
      removedFromManagingTeamIds: string[];
    };

/**
 * Changes a member's role: the one rule behind the admin page's role menu and
 * the API's `PATCH /api/v1/members/{id}`. The last active admin keeps the
 * role; a member no longer manages any team; their sessions end (what they
 * had open was opened under the old role). Call inside the caller's
 * transaction; the caller audits.
 */
export async function changeMembershipRole(
  tx: Db,
  organizationId: string,
  membershipId: string,
  role: MembershipRole,
): Promise<RoleChange> {
  const { activeAdminIds, target } = await lockAdminsAndTarget(tx, organizationId, membershipId);
  if (target.role === role) {
    return { ok: true, changed: false, target, previousRole: target.role, removedFromManagingTeamIds: [] };
  }
  if (role !== 'admin' && isLastActiveAdmin(target, activeAdminIds)) return { ok: false, error: LAST_ADMIN_ROLE };
  const [updated] = await tx
    .update(memberships)
    .set({ role })
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, target.id)))
    .returning();
  // Only managers and admins lead teams: a member keeps their teams but no longer manages any.
  const removed =
    role === 'member'
      ? await tx
          .delete(teamManagers)
          .where(and(eq(teamManagers.organizationId, organizationId), eq(teamManagers.membershipId, target.id)))
          .returning({ teamId: teamManagers.teamId })
      : [];
  await endAllSessions(tx, target.userId);
  return {
    ok: true,
    changed: true,
    target: { ...(updated ?? target), role },
    previousRole: target.role,
    removedFromManagingTeamIds: removed.map((row) => row.teamId),
  };
}
