/**
 * The manager's home: each team they manage with completion, ratings to
 * review and largest gaps — the same figures as the team pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ratings, teamTargets } from '@/db/schema';
import { loadManagedTeams } from '@/lib/dashboard/managed-teams';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { buildWorld, type World } from '../../fixtures/world';

let database: TestDatabase;
let world: World;

beforeAll(async () => {
  database = await createTestDatabase();
  world = await buildWorld(database.db);
  const max = world.memberA1.membership.id;
  const sam = world.subjectA1.membership.id;
  const self = (membershipId: string, skillId: string, level: number) => ({
    organizationId: world.orgA,
    cycleId: world.cycleA,
    membershipId,
    skillId,
    source: 'self' as const,
    level,
    ratedByMembershipId: membershipId,
  });
  const [first, second] = world.framework.skillIds;
  await database.db.insert(ratings).values([
    ...world.framework.skillIds.map((skillId) => self(max, skillId, 1)),
    self(sam, first!, 0),
    self(sam, second!, 4),
    // Reviewed already.
    { ...self(max, first!, 2), source: 'manager' as const, ratedByMembershipId: world.managerA1.membership.id },
    // The manager's own self rating is not theirs to review.
    self(world.managerA1.membership.id, first!, 3),
  ]);
  await database.db
    .insert(teamTargets)
    .values({ organizationId: world.orgA, teamId: world.teamA1, nodeId: world.framework.id('tech'), level: 3 });
});
afterAll(async () => {
  await database?.close();
});

describe('manager home', () => {
  it('sums up each managed team: completion, ratings to review, largest gaps', async () => {
    const [team, ...others] = await loadManagedTeams(database.db, world.managerA1);
    expect(others).toEqual([]);
    expect(team).toMatchObject({
      id: world.teamA1,
      name: 'Platform',
      cycle: { id: world.cycleA },
      members: 3,
      membersDone: 1,
      ratings: { toConfirm: 0, confirmed: 0 },
      toReview: world.framework.skillIds.length - 1 + 2,
    });
    expect(team!.ratingsPercent).toBe(
      Math.round(((world.framework.skillIds.length + 2 + 1) / (3 * world.framework.skillIds.length)) * 100),
    );
    expect(team!.topGaps.length).toBeGreaterThan(0);
    expect(team!.topGaps.length).toBeLessThanOrEqual(3);
    const totals = team!.topGaps.map((gap) => gap.totalGap);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
  });

  it('lists only teams the reader manages: another manager their own, a member or another organization none', async () => {
    expect((await loadManagedTeams(database.db, world.managerA2)).map((team) => team.name)).toEqual(['Data']);
    expect(await loadManagedTeams(database.db, world.memberA1)).toEqual([]);
    expect(await loadManagedTeams(database.db, world.adminB)).toEqual([]);
  });
});
