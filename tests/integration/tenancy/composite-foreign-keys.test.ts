/**
 * The database itself keeps tenants apart: a tenant-owned row references
 * others through (organization_id, id), so a row of organization A can never
 * point at a member, skill, team or cycle of organization B, whatever a buggy
 * query passes. docs/security.md relies on this.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ratings, teamMembers, assessmentCycles } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { insertSmallFramework, type SmallFramework } from '../../fixtures/small-framework';
import { buildWorld, type World } from '../../fixtures/world';

let database: TestDatabase;
let world: World;
let frameworkB: SmallFramework;

beforeAll(async () => {
  database = await createTestDatabase();
  world = await buildWorld(database.db);
  frameworkB = await insertSmallFramework(database.db, world.orgB, 'b');
});
afterAll(async () => {
  await database?.close();
});

/** The database's own message, whichever driver and wrapper raised it. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).not.toBeNull();
  const cause = (error as { cause?: { message?: string } }).cause;
  return `${(error as Error).message} ${cause?.message ?? ''}`;
}

describe('composite foreign keys across organizations', () => {
  it('refuse a rating of organization A on a skill of organization B', async () => {
    const message = await refusal(
      database.db.insert(ratings).values({
        organizationId: world.orgA,
        cycleId: world.cycleA,
        membershipId: world.memberA1.membership.id,
        skillId: frameworkB.skillIds[0] ?? '',
        level: 2,
        ratedByMembershipId: world.memberA1.membership.id,
      }),
    );
    expect(message).toMatch(/ratings_skill_fk/);
  });

  it('refuse a rating of organization A for a member of organization B, and one rated by them', async () => {
    const base = {
      organizationId: world.orgA,
      cycleId: world.cycleA,
      skillId: world.framework.skillIds[0] ?? '',
      level: 2,
    };
    expect(
      await refusal(
        database.db.insert(ratings).values({
          ...base,
          membershipId: world.adminB.membership.id,
          ratedByMembershipId: world.memberA1.membership.id,
        }),
      ),
    ).toMatch(/ratings_membership_fk/);
    expect(
      await refusal(
        database.db.insert(ratings).values({
          ...base,
          membershipId: world.memberA1.membership.id,
          ratedByMembershipId: world.adminB.membership.id,
        }),
      ),
    ).toMatch(/ratings_rated_by_fk/);
  });

  it('refuse putting a member of organization B on a team of organization A, and a cycle on B’s framework', async () => {
    expect(
      await refusal(
        database.db
          .insert(teamMembers)
          .values({ organizationId: world.orgA, teamId: world.teamA1, membershipId: world.adminB.membership.id }),
      ),
    ).toMatch(/foreign key/);
    expect(
      await refusal(
        database.db.insert(assessmentCycles).values({
          organizationId: world.orgA,
          frameworkId: frameworkB.frameworkId,
          name: 'Cross',
          opensOn: '2026-10-01',
          closesOn: '2026-12-31',
        }),
      ),
    ).toMatch(/foreign key/);
  });
});
