/**
 * Who is "not done" for reminders (lib/notifications/audience.ts) is the
 * product's one completion definition (lib/assessments/completion.ts), the
 * figure the team's completion page shows: every kind of rating (rated, n/a,
 * carried over and confirmed, carried over and not confirmed, a manager's
 * rating without a self rating, a rating of a skill the cycle does not have)
 * is counted the same by both, member by member. A second copy of the rule
 * that drifts (e.g. counts an unconfirmed carried-over value as done) fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ratings } from '@/db/schema';
import { loadCompletions, notDone } from '@/lib/assessments/completion';
import { cycleMembers, isNotDone } from '@/lib/notifications/audience';
import { createMember } from '../../fixtures/actors';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { insertSmallFramework } from '../../fixtures/small-framework';
import { useTestDatabase } from '../../fixtures/test-context';
import { buildWorld, type World } from '../../fixtures/world';

let database: TestDatabase;
let world: World;

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  world = await buildWorld(database.db);
});

afterAll(async () => {
  await database?.close();
});

type RatingRow = typeof ratings.$inferInsert;

function rating(membershipId: string, skillId: string, values: Partial<RatingRow>): RatingRow {
  return {
    organizationId: world.orgA,
    cycleId: world.cycleA,
    membershipId,
    skillId,
    ratedByMembershipId: membershipId,
    ...values,
  };
}

describe('the reminders’ audience counts completion as the completion page does', () => {
  it('agrees member by member on done, total and who is not done, for every kind of rating', async () => {
    const skills = world.framework.skillIds;
    const member = world.memberA1.membership.id;
    const subject = world.subjectA1.membership.id;
    const manager = world.managerA1.membership.id;
    // A skill of another framework: rated, but not one of the cycle's skills.
    const other = await insertSmallFramework(database.db, world.orgA, 'other');
    const late = await createMember(database.db, world.orgA, 'member', 'Lee Late');
    await database.db.insert(ratings).values([
      // Every skill done but one carried over and not confirmed: not done.
      ...skills.slice(0, -1).map((skill) => rating(member, skill, { level: 2 })),
      rating(member, skills.at(-1)!, { level: 3, carriedOver: true }),
      // Done: rated, n/a, and carried over then confirmed.
      rating(subject, skills[0]!, { notApplicable: true }),
      ...skills.slice(1, -1).map((skill) => rating(subject, skill, { level: 1 })),
      rating(subject, skills.at(-1)!, { level: 4, carriedOver: true, confirmedAt: new Date() }),
      // Only interest, and a skill outside the cycle's framework: nothing done.
      rating(manager, skills[0]!, { interest: true }),
      rating(manager, other.skillIds[0]!, { level: 3 }),
      // A manager's rating of the member's last skill does not do the member's self assessment.
      rating(member, skills.at(-1)!, { level: 3, source: 'manager', ratedByMembershipId: manager }),
    ]);

    const cycle = {
      id: world.cycleA,
      organizationId: world.orgA,
      teamId: world.teamA1,
      frameworkId: world.framework.frameworkId,
    };
    const audience = await cycleMembers(database.db, cycle);
    const page = await loadCompletions(
      database.db,
      { organizationId: world.orgA, frameworkId: world.framework.frameworkId, cycleId: world.cycleA },
      { actor: world.adminA, teamId: world.teamA1 },
    );
    const byMembership = (rows: readonly { membershipId: string; done: number; total: number }[]) =>
      Object.fromEntries(rows.map((row) => [row.membershipId, { done: row.done, total: row.total }]));
    expect(byMembership(audience)).toEqual(byMembership(page));
    expect(byMembership(audience)[member]).toEqual({ done: skills.length - 1, total: skills.length });
    expect(byMembership(audience)[subject]).toEqual({ done: skills.length, total: skills.length });
    expect(byMembership(audience)[manager]).toEqual({ done: 0, total: skills.length });
    expect(
      audience
        .filter(isNotDone)
        .map((row) => row.membershipId)
        .sort(),
    ).toEqual(
      notDone(page)
        .map((row) => row.membershipId)
        .sort(),
    );
    // The organization-wide cycle's audience is every active member (Lee, not in a team, too).
    const everyone = await cycleMembers(database.db, { ...cycle, teamId: null });
    expect(everyone.map((row) => row.userId)).toContain(late.user.id);
  });
});
