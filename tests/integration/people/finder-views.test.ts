/**
 * The people finder reads the self view from self ratings alone (lib/insight/effective-ratings.ts
 * `selfRatingsSubquery`, no grouping by source) and every other view from both sources. A member
 * rated only by their manager must therefore be invisible to a self-view search — not a match, not
 * a holder that takes the key-person flag away from someone else — and found by the manager views.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ratings } from '@/db/schema';
import { findPeopleAcrossSkills, type PeopleSearch } from '@/lib/people/finder';
import type { RatingView } from '@/lib/insight/effective-ratings';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { useTestDatabase } from '../../fixtures/test-context';
import { buildWorld, type World } from '../../fixtures/world';

let database: TestDatabase;
let world: World;
let pytest: string;
let typing: string;

/*
 *                 pytest (self)   pytest (manager)   typing (self)
 * Max Member          4                 —                 3
 * Sam Subject         —                 4                 —
 * Mona Manager        1, wants to grow  —                 —
 */
beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  world = await buildWorld(database.db);
  pytest = world.framework.id('tech/testing/pytest');
  typing = world.framework.id('tech/python/basics/typing');
  const rating = (
    membershipId: string,
    skillId: string,
    level: number,
    over: Partial<typeof ratings.$inferInsert> = {},
  ) => ({
    organizationId: world.orgA,
    cycleId: world.cycleA,
    membershipId,
    skillId,
    source: 'self' as const,
    level,
    ratedByMembershipId: membershipId,
    ...over,
  });
  await database.db.insert(ratings).values([
    rating(world.memberA1.membership.id, pytest, 4),
    rating(world.memberA1.membership.id, typing, 3),
    rating(world.subjectA1.membership.id, pytest, 4, {
      source: 'manager',
      ratedByMembershipId: world.managerA1.membership.id,
    }),
    rating(world.managerA1.membership.id, pytest, 1, { interest: true }),
  ]);
});
afterAll(async () => {
  await database?.close();
});

const find = (view: RatingView, over: Partial<PeopleSearch> = {}) =>
  findPeopleAcrossSkills(database.db, world.adminA, {
    cycleId: world.cycleA,
    terms: [{ skillId: pytest, minLevel: 3 }],
    match: 'all',
    grow: false,
    view,
    ...over,
  });
const summary = (result: Awaited<ReturnType<typeof find>>) =>
  result.people.map((person) => [person.name, person.keyPerson, person.terms.map((term) => term.level)]);

describe('people finder: rating views', () => {
  it('self view: a manager-only rating neither matches nor takes the key-person flag', async () => {
    expect(summary(await find('self'))).toEqual([['Max Member', true, [4]]]);
  });

  it('manager views count the manager rating, and holders by the view', async () => {
    expect(summary(await find('manager'))).toEqual([['Sam Subject', true, [4]]]);
    expect(summary(await find('manager-else-self'))).toEqual([
      ['Max Member', false, [4]],
      ['Sam Subject', false, [4]],
    ]);
  });

  it('keeps each term in its place and wanting to grow from the self rating, whatever the view', async () => {
    const terms = [
      { skillId: typing, minLevel: 3 },
      { skillId: pytest, minLevel: 3 },
    ];
    const self = await find('self', { terms, match: 'any', grow: true });
    expect(summary(self)).toEqual([
      ['Max Member', true, [3, 4]],
      ['Mona Manager', false, [null, 1]],
    ]);
    expect(self.people[1]!.terms.map((term) => [term.interest, term.met])).toEqual([
      [false, false],
      [true, false],
    ]);
    const manager = await find('manager', { terms, match: 'any', grow: true });
    // In the manager view Mona has no level, but her self rating still says she wants to grow.
    expect(summary(manager)).toEqual([
      ['Sam Subject', true, [null, 4]],
      ['Mona Manager', false, [null, null]],
    ]);
  });
});
