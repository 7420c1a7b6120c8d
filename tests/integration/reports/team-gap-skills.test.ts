/**
 * The manager home's largest gaps (lib/reports/team-gap-skills.ts) are computed from the target groups'
 * sums, not from the report's member × skill pairs: they must be the report's own first page by skill,
 * sorted by total gap — for every demo team (role and team targets, self and manager ratings, n/a,
 * interest), in each rating view and with the filters that change which gaps count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
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
  HOLDER_LEVEL,
  KEY_PERSON_MIN_HOLDERS,
  loadGapSummary,
  pairsPerMemberFor,
  parseGapsBySkill,
  parseGapSummary,
} from '@/lib/reports/gap-report';
import { gapCtes, scopedMemberIds, withReportPlanner, type ReportScope } from '@/lib/reports/gap-sql';
import { loadGapReport } from '@/lib/reports/load-report';
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

async function teamScope(teamId: string | undefined, query: Record<string, string | undefined>) {
  const cycle = await findCurrentCycle(db, teamId ? { organizationId, teamId } : { organizationId });
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

/**
 * The summary's largest gaps and key-person risks (lib/reports/gap-report.ts) rank people and skills from
 * groupings, not from a window over every gap or a join of every pair with its skill: the same rows as these
 * definitions by window and join, the ones the parts had before (issue 23) — ties between people broken by
 * gap count, name and id, a person's largest gap first in framework order.
 */
describe("the summary's largest gaps and key-person risks", () => {
  const byWindow = (scope: ReportScope) => sql`
    with ${gapCtes(scope, scopedMemberIds(scope))},
    ranked as (
      select g.membership_id, g.skill_id, g.level, g.target_level, g.gap,
             row_number() over (partition by g.membership_id
                                order by g.gap desc, sk.skill_order, g.skill_id) as rank_in_member,
             count(*) over (partition by g.membership_id) as gap_count
      from rep_gaps g
      join rep_skills sk on sk.skill_id = g.skill_id
    )
    select r.membership_id, mem.member_name, sk.skill_name, r.level, r.target_level, r.gap, r.gap_count
    from ranked r
    join rep_members mem on mem.membership_id = r.membership_id
    join rep_skills sk on sk.skill_id = r.skill_id
    where r.rank_in_member = 1
    order by r.gap desc, r.gap_count desc, mem.member_name, r.membership_id
    limit 5`;
  const byJoin = (scope: ReportScope) => sql`
    with ${gapCtes(scope, scopedMemberIds(scope))},
    holders as (
      select sk.skill_id, sk.skill_name, sk.area_name, sk.skill_order,
             count(p.membership_id) filter (where p.level >= ${HOLDER_LEVEL} and not p.not_applicable)::int as holders,
             min(p.membership_id::text) filter (where p.level >= ${HOLDER_LEVEL} and not p.not_applicable) as holder_id
      from rep_skills sk
      left join rep_pairs p on p.skill_id = sk.skill_id
      group by sk.skill_id, sk.skill_name, sk.area_name, sk.skill_order
    )
    select h.skill_id, h.skill_name, h.area_name, h.holders, count(*) over ()::int as total,
           case when h.holders = 1 then h.holder_id end as holder_id,
           case when h.holders = 1 then mem.member_name end as holder_name
    from holders h
    left join rep_members mem on h.holders = 1 and mem.membership_id::text = h.holder_id
    where h.holders < ${KEY_PERSON_MIN_HOLDERS}
    order by h.holders, h.skill_order, h.skill_id
    limit 8`;

  it.each([{}, { view: 'manager', minGap: '2' }, { interestOnly: '1' }])(
    'equal the window and join definitions for the organization and every demo team, %o',
    async (query) => {
      let people = 0;
      for (const teamId of [undefined, ...teamIds]) {
        const { params, scope } = await teamScope(teamId, query);
        const expected = await withReportPlanner(db, async (tx) => {
          const counts = [
            {
              members_in_scope: 0,
              members_done: 0,
              skills: 0,
              rated: 0,
              confirmed: 0,
              to_confirm: 0,
              targeted_pairs: 0,
              met_pairs: 0,
              gap_rows: 0,
            },
          ];
          return parseGapSummary(counts, await tx.execute(byWindow(scope)), await tx.execute(byJoin(scope)));
        });
        for (const summary of [
          await withReportPlanner(db, (tx) => loadGapSummary(tx, scope)),
          (await withReportPlanner(db, (tx) => loadGapReportTogether(tx, scope, params))).summary,
        ]) {
          expect(summary.largest).toEqual(expected.largest);
          expect(summary.keyPersonRisks).toEqual(expected.keyPersonRisks);
          expect(summary.keyPersonRiskCount).toBe(expected.keyPersonRiskCount);
        }
        people += expected.largest.length;
      }
      // The comparison means something only if the demo has gaps.
      if (!query.interestOnly) expect(people).toBeGreaterThan(0);
    },
    120_000,
  );
});

describe("a team's gap page without the team filter's list", () => {
  it('reads the same report, only no list of teams', async () => {
    const params = parseGapPageParams({ team: teamIds[0] });
    const full = await loadGapReport(db, admin, params);
    const fixed = await loadGapReport(db, admin, params, { teamOptions: false });
    expect(full.options.teams.length).toBeGreaterThan(0);
    expect(fixed).toEqual({ ...full, options: { ...full.options, teams: [] } });
  }, 60_000);
});
