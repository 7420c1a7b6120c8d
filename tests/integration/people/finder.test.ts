import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ratings, teamMembers } from '@/db/schema';
import { findPeople, findPeopleCycle, peopleSearchSchema } from '@/lib/people/finder';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { createMember } from '../../fixtures/actors';
import { buildWorld, type World } from '../../fixtures/world';

let database: TestDatabase;
let world: World;
let skill: string;
let dataMember: string;

beforeAll(async () => {
  database = await createTestDatabase();
  world = await buildWorld(database.db);
  skill = world.framework.id('tech/testing/pytest');
  const data = await createMember(database.db, world.orgA, 'member', 'Dora Data');
  dataMember = data.membership.id;
  await database.db
    .insert(teamMembers)
    .values({ organizationId: world.orgA, teamId: world.teamA2, membershipId: dataMember });
  const self = (membershipId: string, level: number | null, interest = false) => ({
    organizationId: world.orgA,
    cycleId: world.cycleA,
    membershipId,
    skillId: skill,
    source: 'self' as const,
    level,
    interest,
    ratedByMembershipId: membershipId,
  });
  await database.db.insert(ratings).values([
    self(world.memberA1.membership.id, 4),
    self(world.subjectA1.membership.id, 2, true),
    self(world.managerA1.membership.id, 3, true),
    self(dataMember, 4, true),
    // Manager says the member is lower: the manager view drops them.
    {
      ...self(world.memberA1.membership.id, 2),
      source: 'manager' as const,
      ratedByMembershipId: world.managerA1.membership.id,
    },
  ]);
});
afterAll(async () => {
  await database?.close();
});

const names = (people: { name: string }[]) => people.map((p) => p.name).sort();
const query = (over: Partial<Parameters<typeof findPeople>[2]> = {}) => ({
  cycleId: world.cycleA,
  skillId: skill,
  minLevel: 3,
  interestOnly: false,
  view: 'self' as const,
  ...over,
});

describe('people finder', () => {
  it('a manager sees only the members of the teams they manage', async () => {
    const result = await findPeople(database.db, world.managerA1, query());
    expect(names(result.atLevel)).toEqual(['Max Member', 'Mona Manager']);
    expect(names(result.wantToGrow)).toEqual(['Mona Manager', 'Sam Subject']);
    expect(result.atLevel.find((p) => p.name === 'Max Member')?.teams).toEqual([
      { id: world.teamA1, name: 'Platform' },
    ]);
    const other = await findPeople(database.db, world.managerA2, query());
    expect(names(other.atLevel)).toEqual(['Dora Data']);
  });

  it('an admin sees the whole organization; another organization sees nothing', async () => {
    const result = await findPeople(database.db, world.adminA, query());
    expect(names(result.atLevel)).toEqual(['Dora Data', 'Max Member', 'Mona Manager']);
    const outsider = await findPeople(database.db, world.adminB, query());
    expect(outsider).toEqual({ atLevel: [], wantToGrow: [] });
  });

  it('filters by minimum level, interest and the rating view', async () => {
    expect(names((await findPeople(database.db, world.adminA, query({ minLevel: 4 }))).atLevel)).toEqual([
      'Dora Data',
      'Max Member',
    ]);
    expect(names((await findPeople(database.db, world.adminA, query({ interestOnly: true }))).atLevel)).toEqual([
      'Dora Data',
      'Mona Manager',
    ]);
    expect(names((await findPeople(database.db, world.adminA, query({ view: 'manager-else-self' }))).atLevel)).toEqual([
      'Dora Data',
      'Mona Manager',
    ]);
  });

  it('parses search params defensively and finds the cycle', async () => {
    expect(peopleSearchSchema.parse({ skill: 'nope', min: '9x', interest: '1', view: 'bogus' })).toEqual({
      skill: undefined,
      min: 3,
      interest: true,
      view: 'self',
    });
    expect((await findPeopleCycle(database.db, world.orgA))?.id).toBe(world.cycleA);
    expect(await findPeopleCycle(database.db, world.orgB)).toBeNull();
  });
});
