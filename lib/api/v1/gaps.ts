import 'server-only';
import { z } from 'zod';
import { getReadDb } from '@/db';
import { requireTeamAccess } from '@/lib/auth/authorize';
import { filtersOf, gapCsvQuerySchema } from '@/lib/reports/filters';
import { gapRowsOfMembers, memberPageAfter } from '@/lib/reports/row-source';
import { resolveReportScope } from '@/lib/reports/scope';
import { endpoint } from '../endpoint';
import { notFound } from '../errors';
import { cursorName, id } from './common';
import { cursorParam, encodeCursor, limitParam } from './pagination';

export const gapRowSchema = z
  .strictObject({
    memberId: id(),
    memberName: z.string(),
    email: z.string(),
    team: z.string().describe('The member’s teams (the filtered team only, when filtered), joined by “; ”.'),
    roleProfile: z.string().nullable(),
    areaId: id(),
    area: z.string(),
    sectionId: id(),
    section: z.string(),
    group: z.string().nullable(),
    skillId: id(),
    skillKey: z.string(),
    skill: z.string(),
    selfLevel: z.number().int().nullable(),
    managerLevel: z.number().int().nullable(),
    level: z.number().int().nullable().describe('The level the gap is computed from (the `view`).'),
    target: z.number().int(),
    gap: z.number().int().describe('target − level (unrated counts as 0).'),
    interest: z.boolean(),
    lastRatedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'GapRow', description: 'One member × skill of the gap report: a row of the long gap CSV.' });

/** The filters of the gap report and its CSV (lib/reports/filters.ts), without the CSV's own options. */
const gapFilters = gapCsvQuerySchema.pick({
  team: true,
  area: true,
  section: true,
  roleProfile: true,
  minGap: true,
  interestOnly: true,
  cycle: true,
  view: true,
});

export const listGapsEndpoint = endpoint({
  method: 'GET',
  path: '/api/v1/gaps',
  tag: 'Reports',
  operationId: 'listGaps',
  summary: 'Gap report rows',
  description:
    'The rows of the gap CSV (long format) for the same filters as /reports/gaps: one per member and skill ' +
    'whose gap is at least `minGap`. A page holds whole members (`limit` members, all their rows), so a page ' +
    'may hold no rows and still have a next one. Without `cycle`, the cycle the report page opens on.',
  scopes: ['reports:read'],
  query: gapFilters
    .extend({
      cursor: cursorParam(z.tuple([cursorName(), id()])),
      limit: limitParam(25, 10, 'members'),
    })
    .strict(),
  response: {
    status: 200,
    description: 'A page of gap rows.',
    schema: z.strictObject({
      cycle: z.strictObject({ id: id(), name: z.string() }).describe('The cycle reported on.'),
      data: z.array(gapRowSchema),
      nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page.'),
    }),
  },
  problems: ['invalid-request', 'not-found'],
  run: async ({ query, db, actor }) => {
    const viewer = actor!;
    if (query.team) await requireTeamAccess(db, viewer, query.team, 'individuals');
    // Authorized on the primary; rows from the replica when there is one, as the CSV.
    const readDb = await getReadDb();
    const { scope } = await resolveReportScope(readDb, viewer, filtersOf(query));
    if (!scope) throw notFound('An assessment cycle to report on');
    // The report page falls back to its default cycle for an id it does not know; an API caller is told.
    if (query.cycle && scope.cycleId !== query.cycle) throw notFound('Cycle');
    const after = query.cursor ? { name: query.cursor[0], id: query.cursor[1] } : null;
    const members = await memberPageAfter(readDb, scope, after, query.limit + 1);
    const page = members.slice(0, query.limit);
    const last = page[page.length - 1];
    const data = await gapRowsOfMembers(
      readDb,
      scope,
      page.map((member) => member.id),
    );
    return {
      cycle: { id: scope.cycleId, name: scope.cycleName },
      data,
      nextCursor: members.length > query.limit && last ? encodeCursor([last.name, last.id]) : null,
    };
  },
});
