import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { memberships, teamMembers, type Membership } from '@/db/schema';
import { notFoundError } from '@/lib/auth/errors';

/**
 * A membership of the organization, locked `for share` so that a concurrent
 * role change or deactivation waits for this transaction (and vice versa).
 */
export async function findMembershipForShare(
  tx: Db,
  organizationId: string,
  membershipId: string,
): Promise<Membership> {
  const [row] = await tx
    .select()
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, membershipId)))
    .for('share');
  if (!row) throw notFoundError('Member');
  return row;
}

export const ONLY_ACTIVE_JOIN = 'Only active members can join a team.';

/**
 * Puts a member on a team of the same organization: the rule behind the admin
 * page and SCIM group membership (lib/scim/). `changed: false` when they were
 * on it already. The team must already be known to belong to the organization;
 * the caller audits.
 */
export async function addMemberToTeam(
  tx: Db,
  organizationId: string,
  teamId: string,
  membershipId: string,
): Promise<{ ok: false; error: string } | { ok: true; changed: boolean }> {
  const member = await findMembershipForShare(tx, organizationId, membershipId);
  if (member.status !== 'active') return { ok: false, error: ONLY_ACTIVE_JOIN };
  const inserted = await tx
    .insert(teamMembers)
    .values({ organizationId, teamId, membershipId: member.id })
    .onConflictDoNothing()
    .returning({ membershipId: teamMembers.membershipId });
  return { ok: true, changed: inserted.length > 0 };
}

/** Takes a member off a team; their ratings stay. Returns whether they were on it. */
export async function removeMemberFromTeam(
  tx: Db,
  organizationId: string,
  teamId: string,
  membershipId: string,
): Promise<boolean> {
  const removed = await tx
    .delete(teamMembers)
    .where(
      and(
        eq(teamMembers.organizationId, organizationId),
        eq(teamMembers.teamId, teamId),
        eq(teamMembers.membershipId, membershipId),
      ),
    )
    .returning({ membershipId: teamMembers.membershipId });
  return removed.length > 0;
}
