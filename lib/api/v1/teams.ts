import 'server-only';
import { and, asc, eq, ilike, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { memberships, teamManagers, teamMembers, teams, users } from '@/db/schema';
import { visibleMembersFilter, visibleTeamsFilter, type Actor } from '@/lib/auth/authorize';
import { containsPattern } from '@/lib/members/search';
import { endpoint } from '../endpoint';
import { notFound } from '../errors';
import { cursorName, id, reference, searchText, timestamp } from './common';
import { cursorParam, isoTime, limitParam, pageOf, pageSchema } from './pagination';

export const teamSchema = z
  .strictObject({
    id: id(),
    name: z.string(),
    frameworkId: id().nullable().describe('The framework the team is assessed against; null = the default one.'),
    memberCount: z.number().int(),
    managers: z.array(reference).describe('Managers, by membership id.'),
    createdAt: timestamp(),
  })
  .meta({ id: 'Team' });

export const teamDetailSchema = teamSchema
  .extend({ members: z.array(reference).describe('Members, by membership id and name.') })
  .meta({ id: 'TeamDetail' });

async function selectTeams(db: Db, actor: Actor, where: SQL | undefined, limit: number) {
  const organizationId = actor.membership.organizationId;
  const rows = await db
    .select({
      id: teams.id,
      name: teams.name,
      frameworkId: teams.frameworkId,
      createdAt: teams.createdAt,
      memberCount: sql<number>`(select count(*) from team_members tm
        where tm.organization_id = ${teams.organizationId} and tm.team_id = ${teams.id})`.mapWith(Number),
    })
    .from(teams)
    .where(and(eq(teams.organizationId, organizationId), visibleTeamsFilter(actor, 'aggregate'), where))
    .orderBy(asc(teams.name), asc(teams.id))
    .limit(limit);
  const managers = rows.length
    ? await db
        .select({ teamId: teamManagers.teamId, id: memberships.id, name: users.name })
        .from(teamManagers)
        .innerJoin(
          memberships,
          and(
            eq(memberships.organizationId, teamManagers.organizationId),
            eq(memberships.id, teamManagers.membershipId),
          ),
        )
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(
          and(
            eq(teamManagers.organizationId, organizationId),
            sql`${teamManagers.teamId} in (${sql.join(
              rows.map((row) => sql`${row.id}::uuid`),
              sql`, `,
            )})`,
          ),
        )
        .orderBy(asc(users.name), asc(memberships.id))
    : [];
  return rows.map((row) => ({
    row,
    item: {
      id: row.id,
      name: row.name,
      frameworkId: row.frameworkId,
      memberCount: row.memberCount,
      managers: managers.filter((manager) => manager.teamId === row.id).map(({ id, name }) => ({ id, name })),
      createdAt: isoTime(row.createdAt),
    },
  }));
}

export const listTeamsEndpoint = endpoint({
  method: 'GET',
  path: '/api/v1/teams',
  tag: 'Teams',
  operationId: 'listTeams',
  summary: 'List teams',
  description: 'The teams of the organization, by name.',
  scopes: ['teams:read'],
  query: z.strictObject({
    q: searchText('Part of the team name, case-insensitive (as /admin/teams).'),
    cursor: cursorParam(z.tuple([cursorName(), id()])),
    limit: limitParam(),
  }),
  response: { status: 200, description: 'A page of teams.', schema: pageSchema(teamSchema) },
  problems: ['invalid-request'],
  run: async ({ query, db, actor }) => {
    const rows = await selectTeams(
      db,
      actor!,
      and(
        query.q ? ilike(teams.name, containsPattern(query.q)) : undefined,
        query.cursor ? sql`(${teams.name}, ${teams.id}) > (${query.cursor[0]}, ${query.cursor[1]}::uuid)` : undefined,
      ),
      query.limit + 1,
    );
    return pageOf(
      rows,
      query.limit,
      ({ row }) => [row.name, row.id],
      ({ item }) => item,
    );
  },
});

export const getTeamEndpoint = endpoint({
  method: 'GET',
  path: '/api/v1/teams/{teamId}',
  tag: 'Teams',
  operationId: 'getTeam',
  summary: 'Get a team with its members',
  scopes: ['teams:read'],
  params: z.strictObject({ teamId: id() }),
  response: { status: 200, description: 'The team and its members.', schema: teamDetailSchema },
  problems: ['not-found'],
  run: async ({ params, db, actor }) => {
    const viewer = actor!;
    const [found] = await selectTeams(db, viewer, eq(teams.id, params.teamId), 1);
    if (!found) throw notFound('Team');
    const members = await db
      .select({ id: memberships.id, name: users.name })
      .from(teamMembers)
      .innerJoin(
        memberships,
        and(eq(memberships.organizationId, teamMembers.organizationId), eq(memberships.id, teamMembers.membershipId)),
      )
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(
        and(
          eq(teamMembers.organizationId, viewer.membership.organizationId),
          eq(teamMembers.teamId, params.teamId),
          visibleMembersFilter(viewer),
        ),
      )
      .orderBy(asc(users.name), asc(memberships.id));
    return { ...found.item, members };
  },
});
