import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db';
import { ratings } from '@/db/schema';
import { effectiveRatingsSubquery, type RatingView } from '@/lib/insight/effective-ratings';
import { teamMembershipIds } from '@/lib/insight/team-members';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { buildWorld, type World } from '../../fixtures/world';

let database: TestDatabase;
let world: World;

beforeAll(async () => {
  database = await createTestDatabase();
  world = await buildWorld(database.db);
  const [first, second, third] = world.framework.skillIds;
  const base = { organizationId: world.orgA, cycleId: world.cycleA, ratedByMembershipId: world.memberA1.membership.id };
  const member = world.memberA1.membership.id;
  const manager = world.managerA1.membership.id;
  await database.db.insert(ratings).values([
    // Both sources: the manager's view and the fallback take the manager's level.
    { ...base, membershipId: member, skillId: first!, source: 'self', level: 3, interest: true },
    { ...base, membershipId: member, skillId: first!, source: 'manager', level: 1, ratedByMembershipId: manager },
    // Self only: the fallback takes the self level, the manager view has none.
    { ...base, membershipId: member, skillId: second!, source: 'self', level: 2 },
    // Manager says n/a: the fallback follows the manager.
    { ...base, membershipId: member, skillId: third!, source: 'self', level: 4 },
    {
      ...base,
      membershipId: member,
      skillId: third!,
      source: 'manager',
      notApplicable: true,
      ratedByMembershipId: manager,
    },
    // Someone outside team A2's scope must not appear.
    { ...base, membershipId: world.managerA2.membership.id, skillId: first!, source: 'self', level: 4 },
  ]);
});
afterAll(async () => {
  await database?.close();
});

async function effective(view: RatingView) {
  const rows = rowsOf<{ skill_id: string; level: number | null; not_applicable: boolean; interest: boolean }>(
    await database.db.execute(sql`
      select skill_id, level, not_applicable, interest
      from (${effectiveRatingsSubquery({
        organizationId: world.orgA,
        cycleId: world.cycleA,
        memberships: teamMembershipIds(world.adminA, world.teamA1),
        view,
      })}) er
      order by skill_id`),
  );
  const [first, second, third] = world.framework.skillIds;
  const bySkill = new Map(rows.map((row) => [row.skill_id, row]));
  return [first, second, third].map((id) => {
    const row = bySkill.get(id!);
    return row ? [row.level === null ? null : Number(row.level), row.not_applicable, row.interest] : undefined;
  });
}

describe('effective ratings', () => {
  it('self view: self levels, interest from self', async () => {
    expect(await effective('self')).toEqual([
      [3, false, true],
      [2, false, false],
      [4, false, false],
    ]);
  });
  it('manager view: manager levels only', async () => {
    expect(await effective('manager')).toEqual([
      [1, false, true],
      [null, false, false],
      [null, true, false],
    ]);
  });
  it('manager else self: manager where present (n/a included), self otherwise', async () => {
    expect(await effective('manager-else-self')).toEqual([
      [1, false, true],
      [2, false, false],
      [null, true, false],
    ]);
  });
  it('scopes to the team: other teams’ members never appear', async () => {
    const rows = rowsOf<{ n: number }>(
      await database.db.execute(sql`
        select count(*)::int as n from (${effectiveRatingsSubquery({
          organizationId: world.orgA,
          cycleId: world.cycleA,
          memberships: teamMembershipIds(world.adminA, world.teamA2),
          view: 'self',
        })}) er`),
    );
    expect(rows[0]?.n).toBe(1);
  });
});
