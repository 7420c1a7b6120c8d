/**
 * The members a team query starts from, as one viewer may see them. Every
 * team query (heatmap, coverage, calibration, completion, member detail)
 * reads the team's members through here, and here the team is filtered by the
 * authorization module (`visibleTeamsFilter`, lib/auth/authorize.ts): asked
 * about a team whose individuals the viewer may not see, a query selects no
 * one. The page guard (`requireTeamPage`) is the first wall, not the only one.
 *
 * Not `server-only`: pure SQL builders, also used by the EXPLAIN script and
 * the benchmark.
 */
import { sql, type SQL } from 'drizzle-orm';
import { visibleMembersFilter, visibleTeamsFilter, type Actor } from '@/lib/auth/authorize';

/** Who asks about which team's cycle: the scope every team query takes. */
export interface TeamCycleScope {
  /** The viewer; the organization is theirs. */
  actor: Actor;
  teamId: string;
  cycleId: string;
  frameworkId: string;
}

export const organizationOf = (scope: { actor: Actor }): string => scope.actor.membership.organizationId;

/**
 * The team's active members the actor may see individually, with their name
 * and email: columns `mid, name, email`. For a team-level read the team
 * filter is the whole rule (whoever may see a team's individuals may see each
 * of its members), so the member filter is not stacked on top of it.
 */
export function teamMembersSql(actor: Actor, teamId: string): SQL {
  const org = actor.membership.organizationId;
  return sql`
    select m.id as mid, u.name, u.email
    from team_members t
    join memberships m on m.organization_id = t.organization_id and m.id = t.membership_id
    join users u on u.id = m.user_id
    where t.organization_id = ${org} and t.team_id = ${teamId} and m.status = 'active'
      and ${visibleTeamsFilter(actor, 'individuals', sql`t.team_id`)}`;
}

/** The same members as a one-column subquery (`membership_id`), for `memberships` scopes. */
export function teamMembershipIds(actor: Actor, teamId: string): SQL {
  return sql`select tmv.mid as membership_id from (${teamMembersSql(actor, teamId)}) tmv`;
}

/**
 * A where condition for a read of one member's individual ratings: true only
 * when the actor may see that member (lib/auth/authorize.ts), so a per-member
 * query asked about someone else returns no rows.
 */
export function memberVisibleSql(actor: Actor, membershipId: string | SQL): SQL {
  const id = typeof membershipId === 'string' ? sql`${membershipId}::uuid` : membershipId;
  return visibleMembersFilter(actor, id);
}
