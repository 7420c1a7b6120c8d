/**
 * The people finder's "endorsed" filter (issue 22): a skill counts only where a
 * teammate or manager endorsed the person's rating as it stands. An endorsement
 * is kept when the rating changes later, but marked as given for another level
 * (lib/trust/endorsements.ts) — it no longer vouches for the rating, so the
 * filter stops counting it, and counts it again once the rating is back at the
 * endorsed level.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { ratings } from '@/db/schema';
import { findPeopleAcrossSkills } from '@/lib/people/finder';
import { endorseAction } from '@/lib/trust/endorsement-actions';
import { listEndorsements } from '@/lib/trust/endorsements';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { buildWorld, type World } from '../../fixtures/world';

let database: TestDatabase;
let world: World;
let skill: string;

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  world = await buildWorld(database.db);
  skill = world.framework.id('tech/testing/pytest');
  // Sam Subject and Max Member both rate themselves 3; only Sam's rating gets endorsed (by Max).
  await database.db.insert(ratings).values(
    [world.subjectA1, world.memberA1].map((context) => ({
      organizationId: world.orgA,
      cycleId: world.cycleA,
      membershipId: context.membership.id,
      skillId: skill,
      source: 'self' as const,
      level: 3,
      ratedByMembershipId: context.membership.id,
    })),
  );
  actAs(world.memberA1);
  expect(
    await endorseAction({
      membershipId: world.subjectA1.membership.id,
      skillId: skill,
      cycleId: world.cycleA,
      comment: '',
    }),
  ).toMatchObject({ ok: true });
});
afterAll(async () => {
  actAs(null);
  await database?.close();
});

const search = async (endorsed: boolean) =>
  (
    await findPeopleAcrossSkills(database.db, world.adminA, {
      cycleId: world.cycleA,
      terms: [{ skillId: skill, minLevel: 2 }],
      match: 'all',
      grow: false,
      endorsed,
      view: 'self',
    })
  ).people.map((person) => [person.name, person.terms[0]!.endorsements]);

const setSamLevel = (level: number) =>
  database.db
    .update(ratings)
    .set({ level })
    .where(
      and(
        eq(ratings.organizationId, world.orgA),
        eq(ratings.membershipId, world.subjectA1.membership.id),
        eq(ratings.skillId, skill),
      ),
    );

describe('people finder, endorsed ratings only', () => {
  it('counts a skill only for the person whose rating is endorsed', async () => {
    expect(await search(false)).toEqual([
      ['Max Member', 0],
      ['Sam Subject', 1],
    ]);
    expect(await search(true)).toEqual([['Sam Subject', 1]]);
  });

  it('stops counting an endorsement marked “rating changed since”, and counts it again at the endorsed level', async () => {
    await setSamLevel(4);
    const [marked] = await listEndorsements(database.db, {
      organizationId: world.orgA,
      membershipId: world.subjectA1.membership.id,
      compareCycleId: world.cycleA,
    });
    expect(marked).toMatchObject({ levelEndorsed: 3, currentLevel: 4, ratingChanged: true });
    // Sam now holds 4, which nobody has vouched for.
    expect(await search(true)).toEqual([]);
    expect(await search(false)).toEqual([
      ['Sam Subject', 0],
      ['Max Member', 0],
    ]);

    await setSamLevel(3);
    expect(await search(true)).toEqual([['Sam Subject', 1]]);
  });

  // Without the filter the statement joins the endorsements for the page's people only (lib/people/finder.ts);
  // with it, for every rating: each person both searches find shows the same term, endorsements included.
  it('shows the same endorsements whether or not the search counts endorsed ratings only', async () => {
    const detail = async (endorsed: boolean) =>
      (
        await findPeopleAcrossSkills(database.db, world.adminA, {
          cycleId: world.cycleA,
          terms: [{ skillId: skill, minLevel: 2 }],
          match: 'any',
          grow: true,
          endorsed,
          view: 'self',
        })
      ).people.map((person) => [person.membershipId, person.terms] as const);
    const all = new Map(await detail(false));
    const endorsedOnly = await detail(true);
    expect(endorsedOnly.length).toBeGreaterThan(0);
    for (const [membershipId, terms] of endorsedOnly) expect(all.get(membershipId)).toEqual(terms);
  });
});
