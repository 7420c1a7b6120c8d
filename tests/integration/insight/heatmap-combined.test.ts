/**
 * The team page loads its section and area heatmaps from one statement (areas
 * rolled up from the section cells). Against the demo organization (320
 * skills, role and team targets, self and manager ratings) it must give the
 * same figures as the two separate statements for every team and view.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { assessmentCycles, memberships, organizations, teams } from '@/db/schema';
import type { Actor } from '@/lib/auth/authorize';
import type { SessionContext } from '@/lib/auth/session';
import { seedDemoOrganization, DEMO_ORGANIZATION_SLUG } from '@/lib/demo/seed-demo';
import {
  RATING_VIEWS,
  effectiveRatingsSubquery,
  selfRatingsSubquery,
  type RatingView,
} from '@/lib/insight/effective-ratings';
import { loadHeatmap, loadSectionAndAreaHeatmaps, type Heatmap, type HeatmapScope } from '@/lib/insight/heatmap';
import { findCurrentCycle } from '@/lib/cycles/current';
import { teamMembersSql } from '@/lib/insight/team-members';
import { skillSectionsSubquery } from '@/lib/profile/skill-sections';
import { withReportPlanner } from '@/lib/reports/gap-sql';
import { resolvedTargetsSubquery } from '@/lib/roles/resolve-targets';
import { column, parseRows } from '@/db/rows';
import { z } from 'zod';
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

/**
 * Cells, members and column targets/gaps must be identical. The team mean is
 * an avg() over float8 member means, whose summation order is the planner's,
 * so it may differ in the last bits between any two statements.
 */
function expectSameHeatmap(actual: Heatmap, expected: Heatmap) {
  expect(actual.members).toEqual(expected.members);
  expect(actual.cells).toEqual(expected.cells);
  expect(actual.columns.map(({ teamMean: _mean, ...rest }) => rest)).toEqual(
    expected.columns.map(({ teamMean: _mean, ...rest }) => rest),
  );
  actual.columns.forEach((column, i) => {
    const want = expected.columns[i]?.teamMean ?? null;
    if (want === null) expect(column.teamMean).toBeNull();
    else expect(column.teamMean).toBeCloseTo(want, 12);
  });
}

async function compareTeam(teamId: string, view: RatingView): Promise<number> {
  const cycle = await findCurrentCycle(db, { organizationId, teamId });
  if (!cycle) throw new Error('demo team without a cycle');
  const scope: HeatmapScope = { actor: admin, teamId, frameworkId: cycle.frameworkId, cycleId: cycle.id, view };
  const { bySection, byArea } = await loadSectionAndAreaHeatmaps(db, scope);
  expectSameHeatmap(bySection, await loadHeatmap(db, scope, { by: 'section' }));
  expectSameHeatmap(byArea, await loadHeatmap(db, scope, { by: 'area' }));
  expect(byArea.columns.length).toBeGreaterThan(0);
  expect(bySection.columns.length).toBeGreaterThanOrEqual(byArea.columns.length);
  return Object.values(byArea.cells)
    .flatMap((row) => Object.values(row))
    .filter((cell) => cell.rated > 0).length;
}

describe('loadSectionAndAreaHeatmaps', () => {
  it('gives the same sections and areas as the separate statements, for every demo team', async () => {
    expect(teamIds.length).toBeGreaterThan(0);
    let ratedCells = 0;
    for (const teamId of teamIds) ratedCells += await compareTeam(teamId, 'self');
    // The comparison means something only if the demo has ratings.
    expect(ratedCells).toBeGreaterThan(0);
  }, 120_000);

  // The rollup does not depend on the view; one team per other view keeps the file fast on PGlite.
  it.each(RATING_VIEWS.filter((view) => view !== 'self'))(
    'agrees with the separate statements in the %s view',
    async (view) => {
      expect(await compareTeam(teamIds[0] ?? '', view)).toBeGreaterThan(0);
    },
    120_000,
  );

  it('keeps another organization out: a foreign team id gives no members and no cells', async () => {
    const [cycle] = await db
      .select()
      .from(assessmentCycles)
      .where(eq(assessmentCycles.organizationId, organizationId))
      .limit(1);
    if (!cycle) throw new Error('no cycle');
    // An admin of another organization asks for this organization's team.
    const stranger: Actor = {
      user: { id: admin.user.id },
      membership: { id: admin.membership.id, role: 'admin', organizationId: '00000000-0000-4000-8000-000000000000' },
    };
    const scope: HeatmapScope = {
      actor: stranger,
      teamId: teamIds[0] ?? '',
      frameworkId: cycle.frameworkId,
      cycleId: cycle.id,
      view: 'self',
    };
    const { bySection, byArea } = await loadSectionAndAreaHeatmaps(db, scope);
    expect(bySection.members).toEqual([]);
    expect(byArea.cells).toEqual({});
    expect(bySection.columns).toEqual([]);
  });
});

/**
 * A section's drill-down (`loadHeatmap` by skill) reads only the section's skills and takes targets from the
 * members' target groups. Its cells must be this definition's: every member × skill of the framework with its
 * resolved target (`resolvedTargetsSubquery`) fully joined with the ratings, then the section's skills kept.
 */
describe('the section drill-down', () => {
  async function referenceCells(scope: HeatmapScope, sectionId: string): Promise<Heatmap['cells']> {
    const ratingScope = { organizationId, cycleId: scope.cycleId, memberships: sql`select mid from tm` };
    const ratings =
      scope.view === 'self'
        ? selfRatingsSubquery(ratingScope)
        : effectiveRatingsSubquery({ ...ratingScope, view: scope.view });
    const targets = resolvedTargetsSubquery({
      organizationId,
      frameworkId: scope.frameworkId,
      memberships: sql`select mid from tm`,
      cycle: { cycleId: scope.cycleId },
    });
    // Nested loops off: on PGlite without statistics the full join of every member × skill ran quadratic.
    const rows = parseRows(
      await withReportPlanner(db, (tx) =>
        tx.execute(sql`
        with tm as materialized (${teamMembersSql(scope.actor, scope.teamId)}),
        er as (
          select e.membership_id, e.skill_id, e.level, e.not_applicable from (${ratings}) e
          where e.level is not null or e.not_applicable
        ),
        rt as (select t.membership_id, t.skill_id, t.target_level from ${targets} t where t.target_level is not null),
        ms as (
          select coalesce(er.membership_id, rt.membership_id) as mid, coalesce(er.skill_id, rt.skill_id) as skill_id,
                 er.level, coalesce(er.not_applicable, false) as na, rt.target_level as target
          from er full join rt on rt.membership_id = er.membership_id and rt.skill_id = er.skill_id
        )
        select ms.mid, ms.skill_id, avg(ms.level)::float8 as mean, count(ms.level)::int as rated,
               (count(*) filter (where ms.na))::int as na, sum(ms.target)::float8 as target_sum,
               count(ms.target)::int as target_count,
               (sum(greatest(ms.target - ms.level, 0)) filter (where ms.level is not null and ms.target is not null))::float8 as gap
        from ms
        join ${skillSectionsSubquery(organizationId, scope.frameworkId, scope.cycleId)} s on s.skill_id = ms.skill_id
        where s.section_id = ${sectionId}
        group by ms.mid, ms.skill_id`),
      ),
      z.object({
        mid: column.text,
        skill_id: column.text,
        mean: column.nullableNumber,
        rated: column.number,
        na: column.number,
        target_sum: column.nullableNumber,
        target_count: column.number,
        gap: column.nullableNumber,
      }),
    );
    const cells: Heatmap['cells'] = {};
    for (const row of rows) {
      (cells[row.mid] ??= {})[row.skill_id] = {
        mean: row.mean === null ? null : Number(row.mean),
        rated: Number(row.rated),
        na: Number(row.na),
        target: Number(row.target_count) > 0 ? Number(row.target_sum) / Number(row.target_count) : null,
        gap: row.gap === null ? null : Number(row.gap),
      };
    }
    return cells;
  }

  async function compareSections(teamId: string, view: RatingView, limit: number): Promise<number> {
    const cycle = await findCurrentCycle(db, { organizationId, teamId });
    if (!cycle) throw new Error('demo team without a cycle');
    const scope: HeatmapScope = { actor: admin, teamId, frameworkId: cycle.frameworkId, cycleId: cycle.id, view };
    const sections = parseRows(
      await db.execute(sql`
        select distinct s.section_id from ${skillSectionsSubquery(organizationId, cycle.frameworkId, cycle.id)} s
        order by s.section_id limit ${limit}`),
      z.object({ section_id: column.text }),
    );
    let targeted = 0;
    for (const { section_id: sectionId } of sections) {
      const heatmap = await loadHeatmap(db, scope, { by: 'skill', sectionId });
      const expected = await referenceCells(scope, sectionId);
      expect(heatmap.cells).toEqual(expected);
      targeted += Object.values(expected)
        .flatMap((row) => Object.values(row))
        .filter((cell) => cell.target !== null).length;
    }
    return targeted;
  }

  it('gives the cells of the per member × skill definition, for every demo team', async () => {
    let targeted = await compareSections(teamIds[0] ?? '', 'self', 4);
    for (const teamId of teamIds.slice(1)) targeted += await compareSections(teamId, 'self', 1);
    // The comparison means something only if the demo's teams have targets.
    expect(targeted).toBeGreaterThan(0);
  }, 120_000);

  it('gives them in the manager-else-self view', async () => {
    await compareSections(teamIds[0] ?? '', 'manager-else-self', 2);
  }, 60_000);
});
