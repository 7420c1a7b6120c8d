import 'server-only';
import { and, asc, count, eq, ilike, inArray, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { MEMBERSHIP_ROLES, membershipStatus, memberships, teamManagers, teamMembers, teams, users } from '@/db/schema';
import { containsPattern, MEMBERS_PAGE_SIZE } from './search';

/**
 * The list's URL state (`?q=&role=&status=&page=`). Anything malformed falls
 * back to "no filter" rather than an error page: these come from links.
 */
export const memberListParamsSchema = z.object({
  q: z.string().trim().max(100).catch(''),
  role: z.enum(MEMBERSHIP_ROLES).optional().catch(undefined),
  status: z.enum(membershipStatus.enumValues).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type MemberListParams = z.output<typeof memberListParamsSchema>;

export interface MemberRow {
  membershipId: string;
  userId: string;
  name: string;
  email: string;
  role: (typeof MEMBERSHIP_ROLES)[number];
  status: (typeof membershipStatus.enumValues)[number];
  joinedAt: Date;
  deactivatedAt: Date | null;
  teams: { id: string; name: string }[];
  managedTeams: number;
}

export interface MemberPage {
  rows: MemberRow[];
  total: number;
  page: number;
  pageSize: number;
}

function memberFilters(
  organizationId: string,
  params: Pick<MemberListParams, 'q' | 'role' | 'status'>,
): SQL | undefined {
  const conditions: (SQL | undefined)[] = [eq(memberships.organizationId, organizationId)];
  if (params.role) conditions.push(eq(memberships.role, params.role));
  if (params.status) conditions.push(eq(memberships.status, params.status));
  if (params.q) {
    const pattern = containsPattern(params.q);
    conditions.push(or(ilike(users.name, pattern), ilike(users.email, pattern)));
  }
  return and(...conditions);
}

/**
 * One page of the organization's members. The organization (and role) filter
 * uses `memberships_org_role_idx`; the name/email match runs only over that
 * organization's rows. Teams are fetched for the page's rows only.
 */
export async function listMembers(
  db: Db,
  organizationId: string,
  params: MemberListParams,
  pageSize = MEMBERS_PAGE_SIZE,
): Promise<MemberPage> {
  const where = memberFilters(organizationId, params);
  const [totalRow] = await db
    .select({ n: count() })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(where);
  const total = Number(totalRow?.n ?? 0);

  const base = await db
    .select({
      membershipId: memberships.id,
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      status: memberships.status,
      joinedAt: memberships.createdAt,
      deactivatedAt: memberships.deactivatedAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(where)
    // The id breaks ties so that pages never overlap or skip people with the same name.
    .orderBy(asc(users.name), asc(memberships.id))
    .limit(pageSize)
    .offset((params.page - 1) * pageSize);

  const ids = base.map((row) => row.membershipId);
  const teamRows = ids.length
    ? await db
        .select({ membershipId: teamMembers.membershipId, id: teams.id, name: teams.name })
        .from(teamMembers)
        .innerJoin(teams, and(eq(teams.organizationId, teamMembers.organizationId), eq(teams.id, teamMembers.teamId)))
        .where(and(eq(teamMembers.organizationId, organizationId), inArray(teamMembers.membershipId, ids)))
        .orderBy(asc(teams.name))
    : [];
  const managedRows = ids.length ? await countManagedTeams(db, organizationId, ids) : new Map<string, number>();

  const rows = base.map((row) => ({
    ...row,
    teams: teamRows.filter((team) => team.membershipId === row.membershipId).map(({ id, name }) => ({ id, name })),
    managedTeams: managedRows.get(row.membershipId) ?? 0,
  }));
  return { rows, total, page: params.page, pageSize };
}

async function countManagedTeams(
  db: Db,
  organizationId: string,
  membershipIds: string[],
): Promise<Map<string, number>> {
  const rows = await db
    .select({ membershipId: teamManagers.membershipId, n: count() })
    .from(teamManagers)
    .where(and(eq(teamManagers.organizationId, organizationId), inArray(teamManagers.membershipId, membershipIds)))
    .groupBy(teamManagers.membershipId);
  return new Map(rows.map((row) => [row.membershipId, Number(row.n)]));
}
