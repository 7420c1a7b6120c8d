import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessmentCycles, auditLog, ratings, teamMembers } from '@/db/schema';
import { findPeopleAcrossSkills, listFinderSkills, resolveTerms, type PeopleSearch } from '@/lib/people/finder';
import { findCurrentCycle } from '@/lib/cycles/current';
import { peopleCsv } from '@/lib/people/csv';
import { MAX_PEOPLE_TERMS, firstIssue, peopleQuerySchema, peopleQueryString } from '@/lib/people/query';
import { loadLevelNames } from '@/lib/profile/levels';
import { and, eq } from 'drizzle-orm';
import { GET } from '@/app/api/people.csv/route';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { createMember } from '../../fixtures/actors';
import { buildWorld, type World } from '../../fixtures/world';

let database: TestDatabase;
let world: World;
let pytest: string;
let typing: string;
let dataMember: string;

/*
 *                 pytest   typing    (self; * = wants to grow)
 * Max Member (A1)   4        3        manager rates his pytest 2
 * Sam Subject (A1)  2*       1*
 * Mona Manager(A1)  3*       —
 * Dora Data (A2)    4*       2
 */
beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  world = await buildWorld(database.db);
  pytest = world.framework.id('tech/testing/pytest');
  typing = world.framework.id('tech/python/basics/typing');
  const data = await createMember(database.db, world.orgA, 'member', 'Dora Data');
  dataMember = data.membership.id;
  await database.db
    .insert(teamMembers)
    .values({ organizationId: world.orgA, teamId: world.teamA2, membershipId: dataMember });
  const self = (membershipId: string, skillId: string, level: number | null, interest = false) => ({
    organizationId: world.orgA,
    cycleId: world.cycleA,
    membershipId,
    skillId,
    source: 'self' as const,
    level,
    interest,
    ratedByMembershipId: membershipId,
  });
  const max = world.memberA1.membership.id;
  const sam = world.subjectA1.membership.id;
  const mona = world.managerA1.membership.id;
  await database.db
    .insert(ratings)
    .values([
      self(max, pytest, 4),
      self(max, typing, 3),
      self(sam, pytest, 2, true),
      self(sam, typing, 1, true),
      self(mona, pytest, 3, true),
      self(dataMember, pytest, 4, true),
      self(dataMember, typing, 2),
      { ...self(max, pytest, 2), source: 'manager' as const, ratedByMembershipId: mona },
    ]);
});
afterAll(async () => {
  await database?.close();
});

const names = (people: { name: string }[]) => people.map((p) => p.name);
const search = (over: Partial<PeopleSearch> = {}): PeopleSearch => ({
  cycleId: world.cycleA,
  terms: [
    { skillId: pytest, minLevel: 3 },
    { skillId: typing, minLevel: 2 },
  ],
  match: 'all',
  grow: false,
  view: 'self',
  ...over,
});

describe('people finder across skills', () => {
  it('"all" finds the people at level in every skill, ranked by levels', async () => {
    const result = await findPeopleAcrossSkills(database.db, world.adminA, search());
    expect(names(result.people)).toEqual(['Max Member', 'Dora Data']);
    expect(result.total).toBe(2);
    expect(result.people[0]!.terms.map((t) => [t.level, t.met])).toEqual([
      [4, true],
      [3, true],
    ]);
  });

  it('"any" ranks those meeting more skills first; "wants to grow" counts as a match when asked', async () => {
    const any = await findPeopleAcrossSkills(database.db, world.adminA, search({ match: 'any' }));
    expect(names(any.people)).toEqual(['Max Member', 'Dora Data', 'Mona Manager']);
    const grow = await findPeopleAcrossSkills(database.db, world.adminA, search({ grow: true }));
    // Sam wants to grow in both: a match "all" with grow, but after those at level.
    expect(names(grow.people)).toEqual(['Max Member', 'Dora Data', 'Sam Subject']);
    expect(grow.people[2]!.metCount).toBe(0);
    expect(grow.people[2]!.terms.every((t) => t.interest)).toBe(true);
  });

  it('flags the key person: the only one at Advanced or above in an asked skill', async () => {
    const result = await findPeopleAcrossSkills(database.db, world.adminA, search({ match: 'any' }));
    const flagged = result.people.filter((p) => p.keyPerson).map((p) => p.name);
    // typing ≥ 3: Max alone; pytest ≥ 3: three people, nobody is the only one.
    expect(flagged).toEqual(['Max Member']);
    expect(result.people[0]!.terms.map((t) => t.soleHolder)).toEqual([false, true]);
  });

  it('a manager sees only the members of their teams; another organization sees nobody', async () => {
    const mine = await findPeopleAcrossSkills(database.db, world.managerA1, search({ match: 'any' }));
    expect(names(mine.people)).toEqual(['Max Member', 'Mona Manager']);
    expect(mine.people[0]!.teams).toEqual([{ id: world.teamA1, name: 'Platform' }]);
    const other = await findPeopleAcrossSkills(database.db, world.managerA2, search());
    expect(names(other.people)).toEqual(['Dora Data']);
    // Within team A2 Dora is the only one at Advanced in pytest and typing is below: key person for pytest.
    expect(other.people[0]!.keyPerson).toBe(true);
    const outsider = await findPeopleAcrossSkills(database.db, world.adminB, search());
    expect(outsider).toEqual({ people: [], total: 0 });
  });

  it('uses the chosen rating view and limits the rows, not the total', async () => {
    const manager = await findPeopleAcrossSkills(
      database.db,
      world.adminA,
      search({ terms: [{ skillId: pytest, minLevel: 3 }], view: 'manager-else-self' }),
    );
    expect(names(manager.people)).toEqual(['Dora Data', 'Mona Manager']);
    const limited = await findPeopleAcrossSkills(
      database.db,
      world.adminA,
      search({ terms: [{ skillId: pytest, minLevel: 0 }], limit: 2 }),
    );
    expect(limited.people).toHaveLength(2);
    expect(limited.total).toBe(4);
  });

  it('rejects impossible queries with a message before anything runs', async () => {
    const bad = (params: Record<string, string>) => {
      const parsed = peopleQuerySchema.safeParse(params);
      return parsed.success ? null : firstIssue(parsed.error);
    };
    expect(bad({ skills: 'kubernetes:3' })).toMatch(/not a skill/);
    expect(bad({ skills: `${pytest}:11` })).toMatch(/0 to 10/);
    expect(bad({ skills: `${pytest}:x` })).toMatch(/whole number/);
    expect(bad({ skills: `${pytest}:3,${pytest}:2` })).toMatch(/once/);
    const many = Array.from({ length: MAX_PEOPLE_TERMS + 1 }, () => `${crypto.randomUUID()}:2`).join(',');
    expect(bad({ skills: many })).toMatch(`at most ${MAX_PEOPLE_TERMS}`);
    expect(bad({ skills: `${pytest}:3`, match: 'some' })).toMatch(/all.*any/);

    const cycle = (await findCurrentCycle(database.db, { organizationId: world.orgA }))!;
    const skills = await listFinderSkills(database.db, cycle);
    const levels = await loadLevelNames(database.db, world.orgA, cycle.frameworkId);
    expect(resolveTerms([{ skillId: crypto.randomUUID(), minLevel: 2 }], skills, levels)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not part of the current framework/),
    });
    expect(resolveTerms([{ skillId: pytest, minLevel: 7 }], skills, levels)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/0 to 4/),
    });
  });

  it('round-trips the URL and lists skills in framework order with their place', async () => {
    const query = peopleQuerySchema.parse({ skills: `${pytest}:3,${typing}:2`, match: 'any', grow: '1' });
    expect(query.terms).toEqual([
      { skillId: pytest, minLevel: 3 },
      { skillId: typing, minLevel: 2 },
    ]);
    const again = peopleQuerySchema.parse(Object.fromEntries(new URLSearchParams(peopleQueryString(query))));
    expect(again).toEqual(query);

    const [cycle] = await database.db.select().from(assessmentCycles).where(eq(assessmentCycles.id, world.cycleA));
    const skills = await listFinderSkills(database.db, cycle!);
    expect(skills.map((s) => s.name)).toEqual(['Syntax', 'Typing', 'asyncio', 'pytest', 'Property tests', 'Mentoring']);
    expect(skills.find((s) => s.id === pytest)?.path).toBe('Technical › Testing');
    expect(await findCurrentCycle(database.db, { organizationId: world.orgB })).toBeNull();
  });

  it('writes the CSV with formula-looking names neutralised', async () => {
    const result = await findPeopleAcrossSkills(database.db, world.adminA, search());
    const csv = peopleCsv(
      [
        { skillId: pytest, minLevel: 3, skillName: '=pytest' },
        { skillId: typing, minLevel: 2, skillName: 'Typing' },
      ],
      result.people,
    );
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      "name,teams,key person,skills met,'=pytest (≥ 3),'=pytest: wants to grow,Typing (≥ 2),Typing: wants to grow",
    );
    expect(lines[1]).toBe('Max Member,Platform,yes,2,4,no,3,no');
    expect(lines).toHaveLength(3);
  });

  it('the CSV route answers a bad query with 400 and a message, an unknown skill with 404, and audits exports', async () => {
    const get = (query: string) => GET(new Request(`http://localhost:3000/api/people.csv?${query}`));
    actAs(world.managerA1);
    const badLevel = await get(`skills=${pytest}:12`);
    expect(badLevel.status).toBe(400);
    expect(JSON.stringify(await badLevel.json())).toMatch(/0 to 10/);
    const unknown = await get(`skills=${crypto.randomUUID()}:2`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toMatch(/not part of the current framework/);
    expect((await get('skills=')).status).toBe(400);

    const ok = await get(`skills=${pytest}:3,${typing}:2&match=any`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await ok.text()).trimEnd().split('\r\n');
    // Manager A1 sees team A1 only: Max and Mona.
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(['Max Member', 'Mona Manager']);
    const audits = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, world.orgA), eq(auditLog.action, 'report.exported')));
    expect(audits.map((entry) => entry.details)).toContainEqual(expect.objectContaining({ report: 'people', rows: 2 }));
  });
});
