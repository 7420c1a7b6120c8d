/**
 * The manager home's largest gaps (lib/reports/team-gap-skills.ts) are computed from the target groups'
 * sums, not from the report's member × skill pairs: they must be the report's own first page by skill,
 * sorted by total gap — for every demo team (role and team targets, self and manager ratings, n/a,
 * interest), in each rating view and with the filters that change which gaps count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { memberships, organizations, teams } from '@/db/schema';
import type { SessionContext } from '@/lib/auth/session';
import { findCurrentCycle } from '@/lib/cycles/current';
import { seedDemoOrganization, DEMO_ORGANIZATION_SLUG } from '@/lib/demo/seed-demo';
import { filtersOf, parseGapPageParams } from '@/lib/reports/filters';
import {
  gapsBySkillSql,
  loadGapReportTogether,
  loadGapsByPerson,
  loadGapsBySkill,
  loadGapSummary,
  pairsPerMemberFor,
  parseGapsBySkill,
} from '@/lib/reports/gap-report';
import { withReportPlanner, type ReportScope } from '@/lib/reports/gap-sql';
import { parseTopSkillGaps, topSkillGapsSql } from '@/lib/reports/team-gap-skills';
import { contextFor } from '../../fixtures/actors';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';

let database: TestDatabase;
let db: Db;
let organizationId: string;
let teamIds: string[];
let admin: SessionContext;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  await seedDemoOrganization(db);
  const [org] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.slug, DEMO_ORGANIZATION_SLUG));
  organizationId = org?.id ?? '';
  const [adminRow] = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, 'admin')))
    .limit(1);
  admin = await contextFor(db, organizationId, adminRow?.userId ?? '');
  teamIds = (await db.select({ id: teams.id }).from(teams).where(eq(teams.organizationId, organizationId))).map(
    (t) => t.id,
  );
}, 180_000);

afterAll(async () => {
  await database?.close();
});

async function teamScope(teamId: string, query: Record<string, string | undefined>) {
  const cycle = await findCurrentCycle(db, { organizationId, teamId });
  if (!cycle) throw new Error('demo team without a cycle');
  const params = { ...parseGapPageParams({ ...query, team: teamId, cycle: cycle.id }), sort: 'total' as const };
  const scope: ReportScope = {
    actor: admin,
    organizationId,
    organizationName: 'Demo',
    frameworkId: cycle.frameworkId,
    cycleId: cycle.id,
    cycleName: cycle.name,
    filters: { ...filtersOf(params), cycle: cycle.id },
  };
  return { params, scope };
}

async function compare(teamId: string, query: Record<string, string | undefined>): Promise<number> {
  const { params, scope } = await teamScope(teamId, query);
  const report = parseGapsBySkill(await db.execute(gapsBySkillSql(scope, { ...params, dir: 'desc', page: 1 })));
  // The report's page holds at most 25 skills; ask for as many, and one more to see where the list ends.
  const top = parseTopSkillGaps(await db.execute(topSkillGapsSql(scope, report.rows.length + 1)));
  expect(top.length).toBe(Math.min(report.totalCount, report.rows.length + 1));
  top.splice(report.rows.length);
  expect(top).toEqual(
    report.rows.map(({ skillId, skillName, membersBelow, totalGap }) => ({
      skillId,
      skillName,
      membersBelow,
      totalGap,
    })),
  );
  return top.length;
}

describe('topSkillGapsSql', () => {
  it("gives the report's first page by total gap for every demo team (self view)", async () => {
    expect(teamIds.length).toBeGreaterThan(0);
    let rows = 0;
    for (const teamId of teamIds) rows += await compare(teamId, {});
    // The comparison means something only if the demo has gaps.
    expect(rows).toBeGreaterThan(0);
  }, 120_000);

  it.each([{ view: 'manager' }, { view: 'manager-else-self' }, { minGap: '2' }, { interestOnly: '1' }])(
    'agrees with the report with %o',
    async (query) => {
      await compare(teamIds[0] ?? '', query);
    },
    60_000,
  );
});

/**
 * The team gaps page (loadGapReportTogether with a team filter) builds the pairs per member from the target
 * groups (gap-sql.ts GapCtesOptions.pairsPerMember); the separate loaders keep the per-pair definition over
 * `rt_resolved`. Every figure of the page must be the same: summary, largest gaps, key-person risks, both
 * groupings, for every demo team and view.
 */
describe('the team gap report built per member', () => {
  const views = [{}, { view: 'manager' }, { view: 'manager-else-self' }];
  it.each(views)(
    'equals the per-pair definition for every demo team, %o',
    async (query) => {
      let targeted = 0;
      for (const teamId of teamIds) {
        for (const extra of [{}, { by: 'person', sort: 'max', dir: 'asc' }]) {
          const { params, scope } = await teamScope(teamId, { ...query, ...extra });
          const page = { ...params, sort: params.by === 'person' ? params.sort : ('total' as const) };
          expect(pairsPerMemberFor(scope)).toBe(true);
          const together = await withReportPlanner(db, (tx) => loadGapReportTogether(tx, scope, page));
          const summary = await withReportPlanner(db, (tx) => loadGapSummary(tx, scope));
          expect(together.summary).toEqual(summary);
          if (page.by === 'person') {
            expect(together.byPerson).toEqual(await withReportPlanner(db, (tx) => loadGapsByPerson(tx, scope, page)));
          } else {
            expect(together.bySkill).toEqual(await withReportPlanner(db, (tx) => loadGapsBySkill(tx, scope, page)));
          }
          targeted += summary.targetedPairs;
        }
      }
      // The comparison means something only if the demo's teams have targets.
      expect(targeted).toBeGreaterThan(0);
    },
    120_000,
  );

  it.each([{ minGap: '2' }, { interestOnly: '1' }, { minGap: '2', by: 'person', sort: 'gaps' }])(
    'equals it with %o',
    async (query) => {
      const { params, scope } = await teamScope(teamIds[0] ?? '', query);
      const together = await withReportPlanner(db, (tx) => loadGapReportTogether(tx, scope, params));
      expect(together.summary).toEqual(await withReportPlanner(db, (tx) => loadGapSummary(tx, scope)));
      if (params.by === 'person') {
        expect(together.byPerson).toEqual(await withReportPlanner(db, (tx) => loadGapsByPerson(tx, scope, params)));
      } else {
        expect(together.bySkill).toEqual(await withReportPlanner(db, (tx) => loadGapsBySkill(tx, scope, params)));
      }
    },
    60_000,
  );
});
