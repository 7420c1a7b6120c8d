import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { assessmentCycles, auditLog, ratingHistory, ratings } from '@/db/schema';
import { saveManagerRatingAction } from '@/lib/insight/actions';
import { loadMemberCalibration, loadTeamCalibration } from '@/lib/insight/calibration';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { createOrganization } from '../../fixtures/actors';
import { insertSmallFramework } from '../../fixtures/small-framework';
import { buildWorld, type World } from '../../fixtures/world';

let database: TestDatabase;
let world: World;

const SECTION_OF: Record<string, string> = {
  'tech/python/basics/syntax': 'tech/python',
  'tech/python/basics/typing': 'tech/python',
  'tech/python/async/asyncio': 'tech/python',
  'tech/testing/pytest': 'tech/testing',
  'tech/testing/property-tests': 'tech/testing',
  'lead/people/mentoring': 'lead/people',
};
type Raw = { who: 'member' | 'subject'; skillKey: string; self: number | null; manager: number | null | 'na' };
// Self and manager levels per (member, skill); null = no rating of that source.
const RAW: Raw[] = [
  { who: 'member', skillKey: 'tech/python/basics/syntax', self: 4, manager: 1 },
  { who: 'member', skillKey: 'tech/python/basics/typing', self: 2, manager: 3 },
  { who: 'member', skillKey: 'tech/python/async/asyncio', self: 3, manager: null },
  { who: 'member', skillKey: 'tech/testing/pytest', self: 1, manager: 3 },
  { who: 'member', skillKey: 'lead/people/mentoring', self: 2, manager: 'na' },
  { who: 'subject', skillKey: 'tech/python/basics/syntax', self: 2, manager: 2 },
  { who: 'subject', skillKey: 'tech/testing/pytest', self: 4, manager: 2 },
  { who: 'subject', skillKey: 'tech/testing/property-tests', self: 3, manager: 2 },
];

const countRows = async () => {
  const [r] = await database.db.select({ n: sql<number>`count(*)::int` }).from(ratings);
  const [h] = await database.db.select({ n: sql<number>`count(*)::int` }).from(ratingHistory);
  const [a] = await database.db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
  return [r?.n, h?.n, a?.n];
};

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  world = await buildWorld(database.db);
  const id = (who: Raw['who']) => (who === 'member' ? world.memberA1 : world.subjectA1).membership.id;
  const base = { organizationId: world.orgA, cycleId: world.cycleA };
  const rows = RAW.flatMap((r) => [
    ...(r.self === null
      ? []
      : [
          {
            ...base,
            membershipId: id(r.who),
            skillId: world.framework.id(r.skillKey),
            source: 'self' as const,
            level: r.self,
            ratedByMembershipId: id(r.who),
          },
        ]),
    ...(r.manager === null
      ? []
      : [
          {
            ...base,
            membershipId: id(r.who),
            skillId: world.framework.id(r.skillKey),
            source: 'manager' as const,
            level: r.manager === 'na' ? null : r.manager,
            notApplicable: r.manager === 'na',
            ratedByMembershipId: world.managerA1.membership.id,
          },
        ]),
  ]);
  await database.db.insert(ratings).values(rows);
});
afterAll(async () => {
  await database?.close();
});

const scope = () => ({
  actor: world.managerA1,
  teamId: world.teamA1,
  cycleId: world.cycleA,
  frameworkId: world.framework.frameworkId,
});

describe('team calibration', () => {
  it('mean self − manager per member × section over skills rated by both, and the ≥2 flags', async () => {
    const calibration = await loadTeamCalibration(database.db, scope());
    const id = (who: Raw['who']) => (who === 'member' ? world.memberA1 : world.subjectA1).membership.id;
    const both = RAW.filter((r) => typeof r.self === 'number' && typeof r.manager === 'number');
    const cells = new Map<string, number[]>();
    for (const r of both) {
      const key = `${id(r.who)}|${world.framework.id(SECTION_OF[r.skillKey]!)}`;
      cells.set(key, [...(cells.get(key) ?? []), (r.self as number) - (r.manager as number)]);
    }
    const expectedCells = [...cells.entries()]
      .map(([key, diffs]) => ({ key, mean: diffs.reduce((x, y) => x + y, 0) / diffs.length, n: diffs.length }))
      .sort((x, y) => x.key.localeCompare(y.key));
    expect(
      calibration.cells
        .map((c) => ({ key: `${c.membershipId}|${c.sectionId}`, mean: c.meanDifference, n: c.bothRated }))
        .sort((x, y) => x.key.localeCompare(y.key)),
    ).toEqual(expectedCells);

    const expectedFlags = both
      .filter((r) => Math.abs((r.self as number) - (r.manager as number)) >= 2)
      .map((r) => `${id(r.who)}|${world.framework.id(r.skillKey)}|${(r.self as number) - (r.manager as number)}`)
      .sort();
    expect(calibration.flags.map((f) => `${f.membershipId}|${f.skillId}|${f.difference}`).sort()).toEqual(
      expectedFlags,
    );
    // Largest difference first.
    expect(Math.abs(calibration.flags[0]!.difference)).toBe(3);
    expect(calibration.members.map((m) => m.name)).toEqual(['Max Member', 'Mona Manager', 'Sam Subject']);
  });

  it('the drill-in lists the member’s self ratings with the manager rating beside them', async () => {
    const { rows, total } = await loadMemberCalibration(database.db, {
      ...scope(),
      membershipId: world.memberA1.membership.id,
      page: 1,
    });
    expect(total).toBe(5);
    expect(rows.find((r) => r.skillName === 'Mentoring')).toMatchObject({ selfLevel: 2, managerNotApplicable: true });
    expect(rows.find((r) => r.skillName === 'asyncio')).toMatchObject({ selfLevel: 3, managerLevel: null });
  });
});

describe('saveManagerRatingAction', () => {
  const input = (over: Record<string, unknown> = {}) => ({
    cycleId: world.cycleA,
    membershipId: world.memberA1.membership.id,
    skillId: world.framework.id('tech/python/async/asyncio'),
    level: 2,
    notApplicable: false,
    note: 'Pairs well on async work.',
    ...over,
  });

  it('refuses members, other teams’ managers, other organizations, self-calibration, bad levels and notes; nothing changes', async () => {
    const before = await countRows();
    actAs(world.subjectA1);
    expect((await saveManagerRatingAction(input())).ok).toBe(false);
    actAs(world.managerA2);
    expect(await saveManagerRatingAction(input())).toMatchObject({ ok: false, error: 'Member was not found.' });
    actAs(world.adminB);
    expect((await saveManagerRatingAction(input())).ok).toBe(false);
    actAs(world.managerA1);
    expect(await saveManagerRatingAction(input({ membershipId: world.managerA1.membership.id }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/own ratings/),
    });
    expect(await saveManagerRatingAction(input({ level: 5 }))).toMatchObject({
      ok: false,
      fieldErrors: { level: expect.any(Array) },
    });
    expect((await saveManagerRatingAction(input({ level: 11 }))).ok).toBe(false);
    expect((await saveManagerRatingAction(input({ level: null }))).ok).toBe(false);
    expect((await saveManagerRatingAction(input({ level: 2, notApplicable: true }))).ok).toBe(false);
    expect((await saveManagerRatingAction(input({ note: 'x'.repeat(1001) }))).ok).toBe(false);
    expect((await saveManagerRatingAction(input({ skillId: 'not-a-uuid' }))).ok).toBe(false);
    // A section is not a rated skill.
    expect((await saveManagerRatingAction(input({ skillId: world.framework.id('tech/python') }))).ok).toBe(false);
    expect(await countRows()).toEqual(before);
  });

  it('refuses another organization’s skill and a closed cycle', async () => {
    const otherOrg = await createOrganization(database.db, 'Gamma');
    const otherFramework = await insertSmallFramework(database.db, otherOrg, 'gamma');
    const before = await countRows();
    actAs(world.managerA1);
    expect((await saveManagerRatingAction(input({ skillId: otherFramework.skillIds[0] }))).ok).toBe(false);
    const [closed] = await database.db
      .insert(assessmentCycles)
      .values({
        organizationId: world.orgA,
        frameworkId: world.framework.frameworkId,
        name: '2025 Q4',
        status: 'closed',
        opensOn: '2025-10-01',
        closesOn: '2025-12-31',
      })
      .returning();
    expect(await saveManagerRatingAction(input({ cycleId: closed!.id }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/closed/),
    });
    expect(await countRows()).toEqual(before);
  });

  it('saves beside the self rating (never over it), writes history and audit, and edits in place', async () => {
    actAs(world.managerA1);
    const form = new FormData();
    for (const [key, value] of Object.entries({ ...input(), level: '2' })) form.set(key, String(value));
    expect(await saveManagerRatingAction(null, form)).toMatchObject({
      ok: true,
      data: { level: 2, notApplicable: false },
    });
    const rowsFor = () =>
      database.db
        .select()
        .from(ratings)
        .where(
          and(
            eq(ratings.organizationId, world.orgA),
            eq(ratings.membershipId, world.memberA1.membership.id),
            eq(ratings.skillId, world.framework.id('tech/python/async/asyncio')),
          ),
        );
    let rows = await rowsFor();
    expect(rows.find((r) => r.source === 'self')?.level).toBe(3);
    expect(rows.find((r) => r.source === 'manager')).toMatchObject({
      level: 2,
      note: 'Pairs well on async work.',
      ratedByMembershipId: world.managerA1.membership.id,
    });

    const naForm = new FormData();
    for (const [key, value] of Object.entries({ ...input(), level: 'na', note: '' })) naForm.set(key, String(value));
    expect((await saveManagerRatingAction(null, naForm)).ok).toBe(true);
    rows = await rowsFor();
    expect(rows.filter((r) => r.source === 'manager')).toHaveLength(1);
    expect(rows.find((r) => r.source === 'manager')).toMatchObject({ level: null, notApplicable: true, note: null });

    const history = await database.db
      .select()
      .from(ratingHistory)
      .where(and(eq(ratingHistory.membershipId, world.memberA1.membership.id), eq(ratingHistory.source, 'manager')));
    expect(history.map((h) => [h.level, h.notApplicable])).toEqual([
      [2, false],
      [null, true],
    ]);
    const audits = await database.db.select().from(auditLog).where(eq(auditLog.action, 'rating.manager_saved'));
    expect(audits).toHaveLength(2);

    // An admin may calibrate anyone in the organization.
    actAs(world.adminA);
    expect((await saveManagerRatingAction(input({ membershipId: world.subjectA1.membership.id, level: 4 }))).ok).toBe(
      true,
    );
  });
});
