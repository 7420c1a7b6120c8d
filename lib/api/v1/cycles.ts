import 'server-only';
import { and, desc, eq, ilike, isNull, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { assessmentCycles, cycleStatus } from '@/db/schema';
import { findTeamInOrganization, type Actor } from '@/lib/auth/authorize';
import { containsPattern } from '@/lib/members/search';
import { endpoint } from '../endpoint';
import { notFound } from '../errors';
import { id, searchText, timestamp } from './common';
import { cursorParam, isoTimeOrNull, limitParam, pageOf, pageSchema } from './pagination';

export const cycleSchema = z
  .strictObject({
    id: id(),
    name: z.string(),
    status: z.enum(cycleStatus.enumValues),
    opensOn: z.iso.date(),
    closesOn: z.iso.date(),
    closedAt: timestamp().nullable(),
    frameworkId: id(),
    frameworkVersion: z.number().int().nullable().describe('The framework version the cycle is bound to.'),
    teamId: id().nullable().describe('Null for an organization-wide cycle.'),
  })
  .meta({ id: 'Cycle' });

const TEAM_ORGANIZATION = 'organization';

function selectCycles(db: Db, actor: Actor, where: SQL | undefined, limit: number) {
  return db
    .select({
      id: assessmentCycles.id,
      name: assessmentCycles.name,
      status: assessmentCycles.status,
      opensOn: assessmentCycles.opensOn,
      closesOn: assessmentCycles.closesOn,
      closedAt: assessmentCycles.closedAt,
      frameworkId: assessmentCycles.frameworkId,
      frameworkVersion: assessmentCycles.frameworkVersion,
      teamId: assessmentCycles.teamId,
    })
    .from(assessmentCycles)
    .where(and(eq(assessmentCycles.organizationId, actor.membership.organizationId), where))
    .orderBy(desc(assessmentCycles.opensOn), desc(assessmentCycles.id))
    .limit(limit);
}

type CycleRow = Awaited<ReturnType<typeof selectCycles>>[number];
const toCycle = (row: CycleRow) => ({ ...row, closedAt: isoTimeOrNull(row.closedAt) });

export const listCyclesEndpoint = endpoint({
  method: 'GET',
  path: '/api/v1/cycles',
  tag: 'Cycles',
  operationId: 'listCycles',
  summary: 'List assessment cycles',
  description: 'Newest first (by the day they open).',
  scopes: ['cycles:read'],
  query: z.strictObject({
    q: searchText('Part of the cycle name (as /admin/cycles).'),
    status: z.enum(cycleStatus.enumValues).optional(),
    team: z
      .union([id(), z.literal(TEAM_ORGANIZATION)])
      .optional()
      .describe('A team id for that team’s cycles, or `organization` for organization-wide cycles.'),
    cursor: cursorParam(z.tuple([z.iso.date(), id()])),
    limit: limitParam(),
  }),
  response: { status: 200, description: 'A page of cycles.', schema: pageSchema(cycleSchema) },
  problems: ['invalid-request', 'not-found'],
  run: async ({ query, db, actor }) => {
    const viewer = actor!;
    if (query.team && query.team !== TEAM_ORGANIZATION) await findTeamInOrganization(db, viewer, query.team);
    const rows = await selectCycles(
      db,
      viewer,
      and(
        query.q ? ilike(assessmentCycles.name, containsPattern(query.q)) : undefined,
        query.status ? eq(assessmentCycles.status, query.status) : undefined,
        query.team === TEAM_ORGANIZATION
          ? isNull(assessmentCycles.teamId)
          : query.team
            ? eq(assessmentCycles.teamId, query.team)
            : undefined,
        query.cursor
          ? sql`(${assessmentCycles.opensOn}, ${assessmentCycles.id}) < (${query.cursor[0]}::date, ${query.cursor[1]}::uuid)`
          : undefined,
      ),
      query.limit + 1,
    );
    return pageOf(rows, query.limit, (row) => [row.opensOn, row.id], toCycle);
  },
});

export const getCycleEndpoint = endpoint({
  method: 'GET',
  path: '/api/v1/cycles/{cycleId}',
  tag: 'Cycles',
  operationId: 'getCycle',
  summary: 'Get an assessment cycle',
  scopes: ['cycles:read'],
  params: z.strictObject({ cycleId: id() }),
  response: { status: 200, description: 'The cycle.', schema: cycleSchema },
  problems: ['not-found'],
  run: async ({ params, db, actor }) => {
    const [row] = await selectCycles(db, actor!, eq(assessmentCycles.id, params.cycleId), 1);
    if (!row) throw notFound('Cycle');
    return toCycle(row);
  },
});
