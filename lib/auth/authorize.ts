/**
 * The one authorization module. Every page, server action and route handler
 * asks here; nothing is allowed because a button was hidden.
 *
 * Rules (PRODUCT.md): members see their own ratings and team averages only;
 * managers also see the individuals of the teams they manage; admins see the
 * whole organization. Every check is scoped to the session's organization.
 */
import { and, eq, exists } from 'drizzle-orm';
import type { Db } from '@/db';
import { memberships, teamManagers, teamMembers, teams, type MembershipRole, type Team } from '@/db/schema';
import { forbidden, notFound, signedOut } from './errors';

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
  if (!team) throw notFound('Team');
  return team;
}

export async function managesTeam(db: Db, actor: Actor, teamId: string): Promise<boolean> {
  if (isAdmin(actor)) return true;
  if (!hasRole(actor, 'manager')) return false;
  const [row] = await db
    .select({ teamId: teamManagers.teamId })
    .from(teamManagers)
    .where(
      and(
        eq(teamManagers.organizationId, actor.membership.organizationId),
        eq(teamManagers.teamId, teamId),
        eq(teamManagers.membershipId, actor.membership.id),
      ),
    )
    .limit(1);
  return Boolean(row);
}

async function belongsToTeam(db: Db, actor: Actor, teamId: string): Promise<boolean> {
  const [row] = await db
    .select({ teamId: teamMembers.teamId })
    .from(teamMembers)
    .where(
      and(
        eq(teamMembers.organizationId, actor.membership.organizationId),
        eq(teamMembers.teamId, teamId),
        eq(teamMembers.membershipId, actor.membership.id),
      ),
    )
    .limit(1);
  return Boolean(row);
}

export type TeamAccess =
  /** Team averages: any member of the team, its managers, admins. */
  | 'aggregate'
  /** Each member's own ratings: the team's managers and admins. */
  | 'individuals';

/** Throws unless the actor may see the team at that level; returns the team. */
export async function requireTeamAccess(
  db: Db,
  actor: Actor | null,
  teamId: string,
  access: TeamAccess,
): Promise<Team> {
  const signedIn = requireActor(actor);
  const team = await findTeamInOrganization(db, signedIn, teamId);
  if (await managesTeam(db, signedIn, teamId)) return team;
  if (access === 'aggregate' && (await belongsToTeam(db, signedIn, teamId))) return team;
  throw forbidden('Only this team’s managers can see that.');
}

/** Whether the actor may see one member's individual ratings: themselves, a manager of one of their teams, an admin. */
export async function canViewMember(db: Db, actor: Actor, membershipId: string): Promise<boolean> {
  if (actor.membership.id === membershipId) return true;
  const organizationId = actor.membership.organizationId;
  const [member] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, membershipId)))
    .limit(1);
  if (!member) return false;
  if (isAdmin(actor)) return true;
  if (!hasRole(actor, 'manager')) return false;
  const [row] = await db
    .select({ one: teamMembers.membershipId })
    .from(teamMembers)
    .where(
      and(
        eq(teamMembers.organizationId, organizationId),
        eq(teamMembers.membershipId, membershipId),
        exists(
          db
            .select({ one: teamManagers.teamId })
            .from(teamManagers)
            .where(
              and(
                eq(teamManagers.organizationId, organizationId),
                eq(teamManagers.teamId, teamMembers.teamId),
                eq(teamManagers.membershipId, actor.membership.id),
              ),
            ),
        ),
      ),
    )
    .limit(1);
  return Boolean(row);
}

export async function requireMemberAccess(db: Db, actor: Actor | null, membershipId: string): Promise<void> {
  const signedIn = requireActor(actor);
  if (!(await canViewMember(db, signedIn, membershipId))) throw notFound('Member');
}
