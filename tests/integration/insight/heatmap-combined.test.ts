/**
 * The team page loads its section and area heatmaps from one statement (areas
 * rolled up from the section cells). Against the demo organization (320
 * skills, role and team targets, self and manager ratings) it must give the
 * same figures as the two separate statements for every team and view.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { assessmentCycles, memberships, organizations, teams } from '@/db/schema';
import type { Actor } from '@/lib/auth/authorize';
import type { SessionContext } from '@/lib/auth/session';
import { seedDemoOrganization, DEMO_ORGANIZATION_SLUG } from '@/lib/demo/seed-demo';
import { RATING_VIEWS, type RatingView } from '@/lib/insight/effective-ratings';
import { loadHeatmap, loadSectionAndAreaHeatmaps, type Heatmap, type HeatmapScope } from '@/lib/insight/heatmap';
import { findCurrentCycle } from '@/lib/cycles/current';
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
