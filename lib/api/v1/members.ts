import 'server-only';
import { and, asc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { MEMBERSHIP_ROLES, membershipStatus, memberships, roleProfiles, teamMembers, teams, users } from '@/db/schema';
import { requireTeamAccess, visibleMembersFilter, type Actor } from '@/lib/auth/authorize';
import { containsPattern } from '@/lib/members/search';
import { endpoint } from '../endpoint';
import { notFound } from '../errors';
import { cursorName, id, reference, searchText, timestamp } from './common';
import { cursorParam, isoTime, isoTimeOrNull, limitParam, pageOf, pageSchema } from './pagination';

export const memberSchema = z
  .strictObject({
    id: id().describe('The membership id: this person in this organization. Ratings and teams refer to it.'),
    userId: id(),
    name: z.string(),
    email: z.string(),
    role: z.enum(MEMBERSHIP_ROLES),
    status: z.enum(membershipStatus.enumValues),
    title: z.string().nullable(),
    roleProfile: reference.nullable().describe('The role profile whose targets apply to the member.'),
    teams: z.array(reference),
    joinedAt: timestamp(),
    deactivatedAt: timestamp().nullable(),
  })
  .meta({ id: 'Member' });

const membersQuery = z.strictObject({
  q: searchText('Part of the name or email, case-insensitive (as /admin/members).'),
  role: z.enum(MEMBERSHIP_ROLES).optional(),
  status: z.enum(membershipStatus.enumValues).optional().describe('Active or deactivated; both when left out.'),
  team: id().optional().describe('Only the members of this team.'),
  cursor: cursorParam(z.tuple([cursorName(), id()])),
  limit: limitParam(),
});

const memberColumns = {
  id: memberships.id,
  userId: users.id,
  name: users.name,
  email: users.email,
  role: memberships.role,
  status: memberships.status,
  title: memberships.title,
  roleProfileId: roleProfiles.id,
  roleProfileName: roleProfiles.name,
  joinedAt: memberships.createdAt,
  deactivatedAt: memberships.deactivatedAt,
};

async function selectMembers(db: Db, actor: Actor, where: SQL | undefined, limit: number) {
  const organizationId = actor.membership.organizationId;
  const rows = await db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(
      roleProfiles,
      and(eq(roleProfiles.organizationId, memberships.organizationId), eq(roleProfiles.id, memberships.roleProfileId)),
    )
    .where(and(eq(memberships.organizationId, organizationId), visibleMembersFilter(actor), where))
    // The id breaks ties, so pages never overlap or skip people with the same name.
    .orderBy(asc(users.name), asc(memberships.id))
    .limit(limit);
  const ids = rows.map((row) => row.id);
  const teamRows = ids.length
    ? await db
        .select({ membershipId: teamMembers.membershipId, id: teams.id, name: teams.name })
        .from(teamMembers)
        .innerJoin(teams, and(eq(teams.organizationId, teamMembers.organizationId), eq(teams.id, teamMembers.teamId)))
        .where(and(eq(teamMembers.organizationId, organizationId), inArray(teamMembers.membershipId, ids)))
        .orderBy(asc(teams.name), asc(teams.id))
    : [];
  return rows.map((row) => ({
    row,
    item: {
      id: row.id,
      userId: row.userId,
      name: row.name,
      email: row.email,
      role: row.role,
      status: row.status,
      title: row.title,
      roleProfile:
        row.roleProfileId && row.roleProfileName ? { id: row.roleProfileId, name: row.roleProfileName } : null,
      teams: teamRows.filter((team) => team.membershipId === row.id).map((team) => ({ id: team.id, name: team.name })),
      joinedAt: isoTime(row.joinedAt),
      deactivatedAt: isoTimeOrNull(row.deactivatedAt),
    },
  }));
}

export const listMembersEndpoint = endpoint({
  method: 'GET',
  path: '/api/v1/members',
  tag: 'Members',
  operationId: 'listMembers',
  summary: 'List members',
  description: 'The members of the organization, by name. Filters as on /admin/members, plus a team.',
  scopes: ['members:read'],
  query: membersQuery,
  response: { status: 200, description: 'A page of members.', schema: pageSchema(memberSchema) },
  problems: ['invalid-request', 'not-found'],
  run: async ({ query, db, actor }) => {
    const viewer = actor!;
    const organizationId = viewer.membership.organizationId;
    if (query.team) await requireTeamAccess(db, viewer, query.team, 'individuals');
    const conditions: (SQL | undefined)[] = [
      query.role ? eq(memberships.role, query.role) : undefined,
      query.status ? eq(memberships.status, query.status) : undefined,
      query.q
        ? or(ilike(users.name, containsPattern(query.q)), ilike(users.email, containsPattern(query.q)))
        : undefined,
      query.team
        ? sql`${memberships.id} in (select tm.membership_id from team_members tm
            where tm.organization_id = ${organizationId} and tm.team_id = ${query.team})`
        : undefined,
      query.cursor
        ? sql`(${users.name}, ${memberships.id}) > (${query.cursor[0]}, ${query.cursor[1]}::uuid)`
        : undefined,
    ];
    const rows = await selectMembers(db, viewer, and(...conditions), query.limit + 1);
    return pageOf(
      rows,
      query.limit,
      ({ row }) => [row.name, row.id],
      ({ item }) => item,
    );
  },
});

export const getMemberEndpoint = endpoint({
  method: 'GET',
  path: '/api/v1/members/{memberId}',
  tag: 'Members',
  operationId: 'getMember',
  summary: 'Get a member',
  scopes: ['members:read'],
  params: z.strictObject({ memberId: id() }),
  response: { status: 200, description: 'The member.', schema: memberSchema },
  problems: ['not-found'],
  run: async ({ params, db, actor }) => {
    const [found] = await selectMembers(db, actor!, eq(memberships.id, params.memberId), 1);
    if (!found) throw notFound('Member');
    return found.item;
  },
});
