import 'server-only';
import { and, asc, count, eq, ilike, inArray, notExists, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { assessmentCycles, memberships, teamManagers, teamMembers, teams, users } from '@/db/schema';
import { containsPattern } from '@/lib/members/search';

export const TEAMS_PAGE_SIZE = 25;
export const TEAM_MEMBERS_PAGE_SIZE = 50;
export const CANDIDATE_LIMIT = 50;

export const teamListParamsSchema = z.object({
  q: z.string().trim().max(100).catch(''),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export const teamDetailParamsSchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  find: z.string().trim().max(100).catch(''),
});

export interface TeamPerson {
  membershipId: string;
  name: string;
  email: string;
  role: 'member' | 'manager' | 'admin';
  status: 'active' | 'deactivated';
}

export interface TeamListRow {
  id: string;
  name: string;
  memberCount: number;
  managers: TeamPerson[];
}

const personColumns = {
  membershipId: memberships.id,
  name: users.name,
  email: users.email,
  role: memberships.role,
  status: memberships.status,
};

async function managersOf(db: Db, organizationId: string, teamIds: string[]) {
  if (teamIds.length === 0) return [];
  return db
    .select({ teamId: teamManagers.teamId, ...personColumns })
    .from(teamManagers)
    .innerJoin(
      memberships,
      and(eq(memberships.organizationId, teamManagers.organizationId), eq(memberships.id, teamManagers.membershipId)),
    )
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(teamManagers.organizationId, organizationId), inArray(teamManagers.teamId, teamIds)))
    .orderBy(asc(users.name));
}

/** One page of the organization's teams with member counts and managers (counted for the page's teams only). */
export async function listTeams(
  db: Db,
  organizationId: string,
  params: z.output<typeof teamListParamsSchema>,
  pageSize = TEAMS_PAGE_SIZE,
): Promise<{ rows: TeamListRow[]; total: number; page: number; pageSize: number }> {
  const where = and(
    eq(teams.organizationId, organizationId),
    params.q ? ilike(teams.name, containsPattern(params.q)) : undefined,
  );
  const [totalRow] = await db.select({ n: count() }).from(teams).where(where);
  const page = await db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(where)
    .orderBy(asc(teams.name), asc(teams.id))
    .limit(pageSize)
    .offset((params.page - 1) * pageSize);
  const ids = page.map((team) => team.id);
  const counts = ids.length
    ? await db
        .select({ teamId: teamMembers.teamId, n: count() })
        .from(teamMembers)
        .where(and(eq(teamMembers.organizationId, organizationId), inArray(teamMembers.teamId, ids)))
        .groupBy(teamMembers.teamId)
    : [];
  const managers = await managersOf(db, organizationId, ids);
  return {
    rows: page.map((team) => ({
      ...team,
      memberCount: Number(counts.find((row) => row.teamId === team.id)?.n ?? 0),
      managers: managers.filter((row) => row.teamId === team.id).map(({ teamId: _teamId, ...person }) => person),
    })),
    total: Number(totalRow?.n ?? 0),
    page: params.page,
    pageSize,
  };
}

export async function listTeamManagers(db: Db, organizationId: string, teamId: string): Promise<TeamPerson[]> {
  const rows = await managersOf(db, organizationId, [teamId]);
  return rows.map(({ teamId: _teamId, ...person }) => person);
}

export async function listTeamMembers(
  db: Db,
  organizationId: string,
  teamId: string,
  page: number,
  pageSize = TEAM_MEMBERS_PAGE_SIZE,
): Promise<{ rows: TeamPerson[]; total: number; page: number; pageSize: number }> {
  const where = and(eq(teamMembers.organizationId, organizationId), eq(teamMembers.teamId, teamId));
  const [totalRow] = await db.select({ n: count() }).from(teamMembers).where(where);
  const rows = await db
    .select(personColumns)
    .from(teamMembers)
    .innerJoin(
      memberships,
      and(eq(memberships.organizationId, teamMembers.organizationId), eq(memberships.id, teamMembers.membershipId)),
    )
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(where)
    .orderBy(asc(users.name), asc(memberships.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { rows, total: Number(totalRow?.n ?? 0), page, pageSize };
}

/**
 * Active members who are not on the team yet, optionally narrowed by name or
 * email. Capped: an organization of thousands is searched, not listed.
 */
export async function findMemberCandidates(
  db: Db,
  organizationId: string,
  teamId: string,
  search: string,
  limit = CANDIDATE_LIMIT,
): Promise<TeamPerson[]> {
  const pattern = search ? containsPattern(search) : null;
  return db
    .select(personColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.organizationId, organizationId),
        eq(memberships.status, 'active'),
        pattern ? or(ilike(users.name, pattern), ilike(users.email, pattern)) : undefined,
        notExists(
          db
            .select({ one: sql`1` })
            .from(teamMembers)
            .where(
              and(
                eq(teamMembers.organizationId, organizationId),
                eq(teamMembers.teamId, teamId),
                eq(teamMembers.membershipId, memberships.id),
              ),
            ),
        ),
      ),
    )
    .orderBy(asc(users.name), asc(memberships.id))
    .limit(limit);
}

/** Active managers and admins who do not lead the team yet: the only people who may be made its manager. */
export async function findManagerCandidates(
  db: Db,
  organizationId: string,
  teamId: string,
  limit = 200,
): Promise<TeamPerson[]> {
  return db
    .select(personColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.organizationId, organizationId),
        eq(memberships.status, 'active'),
        inArray(memberships.role, ['manager', 'admin']),
        notExists(
          db
            .select({ one: sql`1` })
            .from(teamManagers)
            .where(
              and(
                eq(teamManagers.organizationId, organizationId),
                eq(teamManagers.teamId, teamId),
                eq(teamManagers.membershipId, memberships.id),
              ),
            ),
        ),
      ),
    )
    .orderBy(asc(users.name), asc(memberships.id))
    .limit(limit);
}

/** Cycles run for this team: they hold ratings, so the team cannot be deleted while they exist. */
export async function countTeamCycles(db: Db, organizationId: string, teamId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(assessmentCycles)
    .where(and(eq(assessmentCycles.organizationId, organizationId), eq(assessmentCycles.teamId, teamId)));
  return Number(row?.n ?? 0);
}
