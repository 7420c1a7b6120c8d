/**
 * Erasure on request (the right to erasure): a member's personal data in one
 * organization is removed, and what must stay for others stays without them.
 *
 * - Their ratings and rating history go. With `keepAggregates` the
 *   organization keeps them only as anonymous counts per cycle, skill, source
 *   and level (`anonymous_rating_counts`), with no person attached.
 * - Their teams, endorsements (given and received), certifications, personal
 *   API tokens and this organization's invitations to their address go.
 * - The membership row stays as an anonymous tombstone (deactivated, unlinked
 *   from SCIM, no title or provider ids): other members' manager ratings they
 *   wrote still name a rater, and those ratings are the other members' data.
 * - The account: when it belongs to no other organization it is anonymised in
 *   place (name, email, password, sessions); otherwise the tombstone moves to a
 *   fresh anonymous account and the person keeps theirs for the other organizations.
 * - The audit log is append-only evidence (migration 0003): its entries stay;
 *   their actor now reads as the anonymous account.
 */
import 'server-only';
import { and, eq, ne, or, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import {
  apiTokens,
  certifications,
  endorsements,
  invitations,
  memberships,
  ratingHistory,
  ratings,
  teamManagers,
  teamMembers,
  users,
} from '@/db/schema';
import { revokeAccountTokens } from '@/lib/auth/account-tokens';
import { endAllSessions } from '@/lib/auth/revoke-sessions';
import { isLastActiveAdmin, lockAdminsAndTarget } from '@/lib/members/admin-guard';
import { dropTrendFiguresOfMember, requestTrendAggregates } from '@/lib/reports/trend-aggregates';

export const ERASED_NAME = 'Erased member';

export type ErasureResult =
  { ok: false; error: string } | { ok: true; ratingsRemoved: number; aggregated: boolean; accountAnonymised: boolean };

export async function eraseMember(
  tx: Db,
  organizationId: string,
  membershipId: string,
  options: { keepAggregates: boolean; actorMembershipId: string | null },
): Promise<ErasureResult> {
  const { activeAdminIds, target } = await lockAdminsAndTarget(tx, organizationId, membershipId);
  if (options.actorMembershipId === target.id) {
    return { ok: false, error: 'You cannot erase yourself here. Ask another admin.' };
  }
  if (isLastActiveAdmin(target, activeAdminIds)) {
    return { ok: false, error: 'The last active admin cannot be erased. Make someone else an admin first.' };
  }
  const [account] = await tx.select().from(users).where(eq(users.id, target.userId));
  if (!account) throw new Error('Membership without an account');
  const mine = and(eq(ratings.organizationId, organizationId), eq(ratings.membershipId, target.id));

  if (options.keepAggregates) {
    // Not applicable is kept as level -1; a rating holding only interest or a note carries no level and is dropped.
    await tx.execute(sql`
      insert into anonymous_rating_counts (organization_id, cycle_id, skill_id, source, level, count)
      select organization_id, cycle_id, skill_id, source,
             case when not_applicable then -1 else level end, count(*)::int
      from ratings
      where organization_id = ${organizationId} and membership_id = ${target.id}
        and (not_applicable or level is not null)
      group by 1, 2, 3, 4, 5
      on conflict (organization_id, cycle_id, skill_id, source, level)
      do update set count = anonymous_rating_counts.count + excluded.count`);
  }
  await tx
    .delete(ratingHistory)
    .where(and(eq(ratingHistory.organizationId, organizationId), eq(ratingHistory.membershipId, target.id)));
  // Closed cycles' precomputed trend figures hold these ratings: they go too, and the job recomputes them
  // without them (decision 0014).
  await dropTrendFiguresOfMember(tx, organizationId, target.id);
  await requestTrendAggregates(tx, organizationId);
  const removed = await tx.delete(ratings).where(mine).returning({ id: ratings.id });

  await tx
    .delete(endorsements)
    .where(
      and(
        eq(endorsements.organizationId, organizationId),
        or(eq(endorsements.membershipId, target.id), eq(endorsements.endorserMembershipId, target.id)),
      ),
    );
  await tx
    .delete(certifications)
    .where(and(eq(certifications.organizationId, organizationId), eq(certifications.membershipId, target.id)));
  await tx
    .delete(teamMembers)
    .where(and(eq(teamMembers.organizationId, organizationId), eq(teamMembers.membershipId, target.id)));
  await tx
    .delete(teamManagers)
    .where(and(eq(teamManagers.organizationId, organizationId), eq(teamManagers.membershipId, target.id)));
  await tx
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.organizationId, organizationId), eq(apiTokens.membershipId, target.id)));
  await tx
    .delete(invitations)
    .where(and(eq(invitations.organizationId, organizationId), eq(invitations.email, account.email)));

  const anonymous = {
    name: ERASED_NAME,
    email: `erased-${target.id}@erased.invalid`,
    passwordHash: null,
    emailVerifiedAt: null,
  };
  const [elsewhere] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.userId, account.id), ne(memberships.organizationId, organizationId)))
    .limit(1);
  let userId = account.id;
  if (elsewhere) {
    const [placeholder] = await tx.insert(users).values(anonymous).returning({ id: users.id });
    if (!placeholder) throw new Error('Placeholder insert returned no row');
    userId = placeholder.id;
  } else {
    await tx.update(users).set(anonymous).where(eq(users.id, account.id));
    await revokeAccountTokens(tx, account.id);
  }
  // Ended everywhere: an open session must not outlive the erasure (in the other organizations it re-checks).
  await endAllSessions(tx, account.id);
  await tx
    .update(memberships)
    .set({
      userId,
      role: 'member',
      status: 'deactivated',
      deactivatedAt: target.deactivatedAt ?? new Date(),
      title: null,
      roleProfileId: null,
      externalId: null,
      scimUserName: null,
      scimName: null,
      deprovisionedAt: new Date(),
    })
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, target.id)));
  return {
    ok: true,
    ratingsRemoved: removed.length,
    aggregated: options.keepAggregates,
    accountAnonymised: !elsewhere,
  };
}
