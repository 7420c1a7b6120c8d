/**
 * The one authorization module. Every page, server action and route handler
 * asks here; nothing is allowed because a button was hidden.
 *
 * Rules (docs/product.md, "People and roles"): members see their own ratings and team averages only;
 * managers also see the individuals of the teams they manage; admins see the
 * whole organization. Every check is scoped to the session's organization.
 */
import { and, eq, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import { memberships, organizations, teams, users, type MembershipRole, type Team } from '@/db/schema';
import { forbidden, notFoundError, signedOut } from './errors';
import { sessionMembershipsCondition } from './session-memberships';
import type { SessionClaims } from './session-token';

/** The part of a session the rules need; tests build it by hand. */
export interface Actor {
  user: { id: string };
  membership: { id: string; role: MembershipRole; organizationId: string };
}

const ROLE_RANK: Record<MembershipRole, number> = { member: 0, manager: 1, admin: 2 };

export function hasRole(actor: Actor, role: MembershipRole): boolean {
  return ROLE_RANK[actor.membership.role] >= ROLE_RANK[role];
}

export function requireActor(actor: Actor | null | undefined): Actor {
  if (!actor) throw signedOut();
  return actor;
}

export function requireRole(actor: Actor | null | undefined, role: MembershipRole): Actor {
  const signedIn = requireActor(actor);
  if (!hasRole(signedIn, role)) throw forbidden();
  return signedIn;
}

/*
 * The session checked inside the caller's own statement (the autosave batch, `defineRoute({
 * sessionInStatement: true })`): one round trip instead of the session query and then the statement.
 * The same rules as `getSessionContext` + `requireRole`, written once for SQL here: the membership the
 * session acts as (session-memberships.ts's rule; the cookie's organization, else the first by name)
 * and whether its role suffices. The statement must change nothing unless the row exists and
 * `permitted`; `sessionActorVerdict` then gives the answer `requireRole` gives.
 */

/** A session to check in a statement: the cookie's claims (not yet checked) and the role the route requires. */
export interface SessionCheck {
  claims: SessionClaims;
  role: MembershipRole;
}

/**
 * The session's acting membership as a one-row query (no row: signed out, as `getSessionContext`
 * returning null): columns `membership_id`, `organization_id`, `user_id`, `permitted` (its role is at
 * least `role`). Give it a CTE name and read every id of the statement from it. The claims are
 * placeholders, so a statement built once (db/rows.ts `builtOnce`) holds it; run it with
 * `sessionActorValues(claims)` among its values.
 */
export function sessionActorSql(role: MembershipRole): SQL {
  const sufficient = (Object.keys(ROLE_RANK) as MembershipRole[]).filter((r) => ROLE_RANK[r] >= ROLE_RANK[role]);
  return sql`select ${memberships.id} as membership_id, ${memberships.organizationId} as organization_id,
      ${memberships.userId} as user_id, ${memberships.role}::text in (${sql.raw(sufficient.map((r) => `'${r}'`).join(', '))}) as permitted
    from ${memberships}
    join ${users} on ${users.id} = ${memberships.userId}
    join ${organizations} on ${organizations.id} = ${memberships.organizationId}
    where ${sessionMembershipsCondition({
      userId: sql.placeholder('session_user_id'),
      generation: sql.placeholder('session_generation'),
      sessionId: sql.placeholder('session_id'),
    })}
    -- The chosen organization, else the first by name then id: the order of activeSessionMemberships, which
    -- picks the membership every page acts as.
    order by (${memberships.organizationId} = ${sql.placeholder('session_organization_id')}::uuid) is true desc,
      ${organizations.name}, ${organizations.id}
    limit 1`;
}

/** The values of `sessionActorSql`'s placeholders for these claims. */
export function sessionActorValues(claims: SessionClaims): Record<string, unknown> {
  return {
    session_user_id: claims.userId,
    session_generation: claims.generation,
    session_id: claims.sessionId,
    session_organization_id: claims.organizationId ?? null,
  };
}

/** `requireRole`'s answer for the row `sessionActorSql` gave (null or undefined: none). */
export function sessionActorVerdict(row: { permitted: boolean } | null | undefined): void {
  if (!row) throw signedOut();
  if (!row.permitted) throw forbidden();
}

export function isAdmin(actor: Actor): boolean {
  return actor.membership.role === 'admin';
}

/** A team of the actor's organization, or "not found" — also for another organization's id. */
export async function findTeamInOrganization(db: Db, actor: Actor, teamId: string): Promise<Team> {
  const [team] = await db
    .select()
    .from(teams)
    .where(and(eq(teams.organizationId, actor.membership.organizationId), eq(teams.id, teamId)))
    .limit(1);
  if (!team) throw notFoundError('Team');
  return team;
}

export type TeamAccess =
  /** Team averages: any member of the team, its managers, admins. */
  | 'aggregate'
  /** Each member's own ratings: the team's managers and admins. */
  | 'individuals';

/*
 * Visibility as query filters. "Who may see which team, which member" is
 * written once, here, as subqueries every list composes into its own query
 * (the people finder, the /teams list, the checks below), so no page can
 * forget a rule or restate it slightly differently.
 */

/**
 * The ids of the teams of the actor's organization the actor may see at that
 * level, as a one-column subquery: every team for an admin; for
 * 'individuals' the teams a manager manages; for 'aggregate' also the teams
 * the actor belongs to.
 */
export function visibleTeamIds(actor: Actor, access: TeamAccess): SQL {
  const organizationId = actor.membership.organizationId;
  if (isAdmin(actor)) return sql`select vt.id from teams vt where vt.organization_id = ${organizationId}`;
  const managed = hasRole(actor, 'manager')
    ? sql`select vtm.team_id from team_managers vtm
          where vtm.organization_id = ${organizationId} and vtm.membership_id = ${actor.membership.id}`
    : sql`select vt.id from teams vt where false`;
  if (access === 'individuals') return managed;
  return sql`${managed} union select vtb.team_id from team_members vtb
    where vtb.organization_id = ${organizationId} and vtb.membership_id = ${actor.membership.id}`;
}

/** `column in (visible teams)`: a where condition for any query over teams. */
export function visibleTeamsFilter(actor: Actor, access: TeamAccess, column: AnyColumn | SQL = teams.id): SQL {
  return sql`${column} in (${visibleTeamIds(actor, access)})`;
}

/**
 * The memberships (of any status) whose individual ratings the actor may see,
 * as a one-column subquery: themselves; for a manager the members of the
 * teams they manage; for an admin the whole organization.
 */
export function visibleMemberIds(actor: Actor): SQL {
  const organizationId = actor.membership.organizationId;
  if (isAdmin(actor)) return sql`select vm.id from memberships vm where vm.organization_id = ${organizationId}`;
  const self = sql`select ${actor.membership.id}::uuid`;
  if (!hasRole(actor, 'manager')) return self;
  return sql`${self} union select vmt.membership_id from team_members vmt
    where vmt.organization_id = ${organizationId}
      and vmt.team_id in (${visibleTeamIds(actor, 'individuals')})`;
}

/** `column in (visible members)`: a where condition for any query over memberships or ratings. */
export function visibleMembersFilter(actor: Actor, column: AnyColumn | SQL = memberships.id): SQL {
  return sql`${column} in (${visibleMemberIds(actor)})`;
}

/**
 * `visibleMembersFilter` for a query that already keeps to the actor's organization (it filters
 * `organization_id` itself): an admin sees all of it, so there is nothing to add — instead of a second
 * pass over the organization's memberships (10,000 rows at scale, the people finder's admin search).
 * Anyone else gets `visibleMembersFilter` unchanged.
 */
export function visibleMembersInOrganizationFilter(actor: Actor, column: AnyColumn | SQL = memberships.id): SQL {
  return isAdmin(actor) ? sql`true` : visibleMembersFilter(actor, column);
}

async function teamVisible(db: Db, actor: Actor, teamId: string, access: TeamAccess): Promise<boolean> {
  const [row] = await db
    .select({ id: teams.id })
    .from(teams)
    .where(
      and(
        eq(teams.organizationId, actor.membership.organizationId),
        eq(teams.id, teamId),
        visibleTeamsFilter(actor, access),
      ),
    )
    .limit(1);
  return Boolean(row);
}

export function managesTeam(db: Db, actor: Actor, teamId: string): Promise<boolean> {
  return teamVisible(db, actor, teamId, 'individuals');
}

/**
 * The verdict of `requireTeamAccess` for a team read in the caller's own
 * statement together with `visibleTeamsFilter(actor, access)` as a column
 * (one round trip instead of two, e.g. lib/teams/team-page.ts): no row is
 * "not found", a row the filter refused is "forbidden" — the same answers.
 */
export function teamAccessVerdict<T extends { visible: boolean }>(row: T | undefined): T {
  if (!row) throw notFoundError('Team');
  if (!row.visible) throw forbidden('Only this team’s managers can see that.');
  return row;
}

/** Throws unless the actor may see the team at that level; returns the team. */
export async function requireTeamAccess(
  db: Db,
  actor: Actor | null,
  teamId: string,
  access: TeamAccess,
): Promise<Team> {
  const signedIn = requireActor(actor);
  const team = await findTeamInOrganization(db, signedIn, teamId);
  if (await teamVisible(db, signedIn, teamId, access)) return team;
  throw forbidden('Only this team’s managers can see that.');
}

/** Whether the actor may see one member's individual ratings: themselves, a manager of one of their teams, an admin. */
export async function canViewMember(db: Db, actor: Actor, membershipId: string): Promise<boolean> {
  const [member] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(
      and(
        eq(memberships.organizationId, actor.membership.organizationId),
        eq(memberships.id, membershipId),
        visibleMembersFilter(actor),
      ),
    )
    .limit(1);
  return Boolean(member);
}

export async function requireMemberAccess(db: Db, actor: Actor | null, membershipId: string): Promise<void> {
  const signedIn = requireActor(actor);
  if (!(await canViewMember(db, signedIn, membershipId))) throw notFoundError('Member');
}

/**
 * Endorsement (issue 22): the memberships the actor may endorse, as a one-column
 * subquery — the members of every team the actor belongs to or manages, never the
 * actor. Admins have no wider right here: an endorsement says "I work with them".
 * Organization-scoped like every filter, so another organization's member never appears.
 */
export function endorsableMemberIds(actor: Actor): SQL {
  const organizationId = actor.membership.organizationId;
  return sql`select etm.membership_id from team_members etm
    where etm.organization_id = ${organizationId}
      and etm.membership_id <> ${actor.membership.id}
      and etm.team_id in (
        select eto.team_id from team_members eto
        where eto.organization_id = ${organizationId} and eto.membership_id = ${actor.membership.id}
        union
        select etg.team_id from team_managers etg
        where etg.organization_id = ${organizationId} and etg.membership_id = ${actor.membership.id})`;
}

/** Whether the actor may endorse this member: an active member of the organization who shares a team with them or whose team they manage. */
export async function canEndorseMember(db: Db, actor: Actor, membershipId: string): Promise<boolean> {
  const [member] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(
      and(
        eq(memberships.organizationId, actor.membership.organizationId),
        eq(memberships.id, membershipId),
        eq(memberships.status, 'active'),
        sql`${memberships.id} in (${endorsableMemberIds(actor)})`,
      ),
    )
    .limit(1);
  return Boolean(member);
}

/** Stands in for a membership where there is none (an organization API token): matches no row. */
export const NO_MEMBERSHIP_ID = '00000000-0000-0000-0000-000000000000';

/**
 * The actor an API token acts as (lib/api), so that the API goes through the
 * same filters as the pages. An organization token sees the organization as
 * an admin does — its scopes, checked before, narrow what it may ask for. A
 * personal token sees what a plain member sees, whatever its owner's role:
 * their own ratings and nothing of anybody else's.
 */
export function tokenActor(token: {
  organizationId: string;
  membershipId: string | null;
  userId: string | null;
}): Actor {
  if (token.membershipId && token.userId) {
    return {
      user: { id: token.userId },
      membership: { id: token.membershipId, role: 'member', organizationId: token.organizationId },
    };
  }
  return {
    user: { id: NO_MEMBERSHIP_ID },
    membership: { id: NO_MEMBERSHIP_ID, role: 'admin', organizationId: token.organizationId },
  };
}
