/**
 * The keyboard calibration board's server side: every self rating of a
 * member by section in reading order, and "agree with the self ratings" of a
 * section — which never overwrites a manager rating, writes history and one
 * audit entry, and refuses what a single manager rating refuses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { assessmentCycles, auditLog, ratingHistory, ratings } from '@/db/schema';
import { agreeWithSectionAction } from '@/lib/insight/actions';
import { loadCalibrationBoard } from '@/lib/insight/calibration-board';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { buildWorld, type World } from '../../fixtures/world';

let database: TestDatabase;
let world: World;

const managerRatings = async () =>
  database.db
    .select({ skillId: ratings.skillId, level: ratings.level, notApplicable: ratings.notApplicable })
    .from(ratings)
    .where(
      and(
        eq(ratings.organizationId, world.orgA),
        eq(ratings.membershipId, world.subjectA1.membership.id),
        eq(ratings.source, 'manager'),
      ),
    );

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  world = await buildWorld(database.db);
  const sam = world.subjectA1.membership.id;
  const self = (key: string, level: number | null, notApplicable = false) => ({
    organizationId: world.orgA,
    cycleId: world.cycleA,
    membershipId: sam,
    skillId: world.framework.id(key),
    source: 'self' as const,
    level,
    notApplicable,
    ratedByMembershipId: sam,
  });
  await database.db.insert(ratings).values([
    self('tech/python/async/asyncio', 1),
    self('tech/python/basics/syntax', 3),
    self('tech/python/basics/typing', null, true),
    self('tech/testing/pytest', 2),
    // Interest only, no level: not something to calibrate.
    { ...self('lead/people/mentoring', null), interest: true },
    // The manager already disagrees on syntax.
    {
      ...self('tech/python/basics/syntax', 1),
      source: 'manager' as const,
      ratedByMembershipId: world.managerA1.membership.id,
    },
  ]);
});
afterAll(async () => {
  await database?.close();
});

const input = (sectionKey = 'tech/python') => ({
  cycleId: world.cycleA,
  membershipId: world.subjectA1.membership.id,
  sectionId: world.framework.id(sectionKey),
});

describe('calibration board', () => {
  it('lists every rated skill by section in reading order, with the manager rating beside it', async () => {
    const board = await loadCalibrationBoard(database.db, {
      actor: world.managerA1,
      cycleId: world.cycleA,
      frameworkId: world.framework.frameworkId,
      membershipId: world.subjectA1.membership.id,
    });
    expect(board.map((section) => [section.name, section.skills.map((skill) => skill.skillName)])).toEqual([
      ['Python', ['Syntax', 'Typing', 'asyncio']],
      ['Testing', ['pytest']],
    ]);
    expect(board[0]!.skills[0]).toMatchObject({ selfLevel: 3, managerLevel: 1, groupName: 'Basics' });
    expect(board[0]!.skills[1]).toMatchObject({ selfLevel: null, selfNotApplicable: true, managerLevel: null });
  });

  it('agrees with a section’s open self ratings in one action, never over a manager rating', async () => {
    actAs(world.managerA1);
    const result = await agreeWithSectionAction(input());
    expect(result).toMatchObject({ ok: true, data: { agreed: 2 } });
    const byKey = new Map((await managerRatings()).map((row) => [row.skillId, row]));
    expect(byKey.get(world.framework.id('tech/python/basics/syntax'))?.level).toBe(1);
    expect(byKey.get(world.framework.id('tech/python/basics/typing'))).toMatchObject({
      level: null,
      notApplicable: true,
    });
    expect(byKey.get(world.framework.id('tech/python/async/asyncio'))?.level).toBe(1);
    // Testing is another section: untouched.
    expect(byKey.has(world.framework.id('tech/testing/pytest'))).toBe(false);

    const [history] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(ratingHistory)
      .where(and(eq(ratingHistory.membershipId, world.subjectA1.membership.id), eq(ratingHistory.source, 'manager')));
    expect(history?.n).toBe(2);
    const audits = await database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'rating.manager_agreed_section'));
    expect(audits).toHaveLength(1);
    expect(audits[0]?.details).toMatchObject({ section: 'Python', ratings: 2 });

    // Again: nothing left to agree with, nothing written.
    expect(await agreeWithSectionAction(input())).toMatchObject({ ok: true, data: { agreed: 0 } });
  });

  it('refuses oneself, other teams’ managers, unknown sections, bad ids and closed cycles, changing nothing', async () => {
    const before = (await managerRatings()).length;
    actAs(world.managerA2);
    expect(await agreeWithSectionAction(input('tech/testing'))).toMatchObject({
      ok: false,
      error: 'Member was not found.',
    });
    actAs(world.subjectA1);
    expect(await agreeWithSectionAction(input('tech/testing'))).toMatchObject({ ok: false });
    actAs(world.managerA1);
    expect(
      await agreeWithSectionAction({ ...input(), sectionId: world.framework.id('tech/testing/pytest') }),
    ).toMatchObject({
      ok: false,
      error: 'That section is not part of this assessment.',
    });
    expect(await agreeWithSectionAction({ ...input(), sectionId: 'python' })).toMatchObject({
      ok: false,
      fieldErrors: { sectionId: ['Unknown section.'] },
    });
    await database.db.update(assessmentCycles).set({ status: 'closed' }).where(eq(assessmentCycles.id, world.cycleA));
    expect(await agreeWithSectionAction(input('tech/testing'))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/closed/),
    });
    await database.db.update(assessmentCycles).set({ status: 'open' }).where(eq(assessmentCycles.id, world.cycleA));
    expect((await managerRatings()).length).toBe(before);
  });
});
