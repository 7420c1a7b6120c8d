import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { memberships, ratings, teamMembers } from '@/db/schema';
import type { RatingView } from '@/lib/insight/effective-ratings';
import { findCurrentCycle } from '@/lib/cycles/current';
import { loadTeamCoverage } from '@/lib/insight/coverage';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { createMember } from '../../fixtures/actors';
import { buildWorld, type World } from '../../fixtures/world';

let database: TestDatabase;
let world: World;
let team: string[];

type Raw = {
  membershipId: string;
  skillKey: string;
  source: 'self' | 'manager';
  level: number | null;
  na?: boolean;
  interest?: boolean;
};
const raw: Raw[] = [];

// Sections of the small framework by skill key (category, or area when none).
const SECTION_OF: Record<string, string> = {
  'tech/python/basics/syntax': 'tech/python',
  'tech/python/basics/typing': 'tech/python',
  'tech/python/async/asyncio': 'tech/python',
  'tech/testing/pytest': 'tech/testing',
  'tech/testing/property-tests': 'tech/testing',
  'lead/people/mentoring': 'lead/people',
};
const SKILLS = Object.keys(SECTION_OF);

beforeAll(async () => {
  database = await createTestDatabase();
  world = await buildWorld(database.db);
  const extra = await createMember(database.db, world.orgA, 'member', 'Eve Extra');
  const leaver = await createMember(database.db, world.orgA, 'member', 'Lee Leaver');
  await database.db.insert(teamMembers).values(
    [extra, leaver].map((context) => ({
      organizationId: world.orgA,
      teamId: world.teamA1,
      membershipId: context.membership.id,
    })),
  );
  // A deactivated member no longer counts.
  await database.db.update(memberships).set({ status: 'deactivated' }).where(eq(memberships.id, leaver.membership.id));
  const [m, a, b] = [world.managerA1, world.memberA1, world.subjectA1].map((c) => c.membership.id);
  const e = extra.membership.id;
  team = [m!, a!, b!, e];
  const add = (membershipId: string, skillKey: string, level: number | null, more: Partial<Raw> = {}) =>
    raw.push({ membershipId, skillKey, source: 'self', level, ...more });
  // syntax: three holders
  add(m!, SKILLS[0]!, 4);
  add(a!, SKILLS[0]!, 3);
  add(b!, SKILLS[0]!, 3);
  add(e, SKILLS[0]!, 1, { interest: true });
  // typing: one holder, two interested
  add(a!, SKILLS[1]!, 3);
  add(b!, SKILLS[1]!, 2, { interest: true });
  add(e, SKILLS[1]!, null, { interest: true });
  // asyncio: nobody ≥ 3, one rated, n/a counts as rated
  add(a!, SKILLS[2]!, 2);
  add(b!, SKILLS[2]!, null, { na: true });
  // pytest: nobody rated at all
  // property tests: one holder, one rated; manager view adds a second holder
  add(b!, SKILLS[4]!, 4);
  raw.push({ membershipId: a!, skillKey: SKILLS[4]!, source: 'manager', level: 3 });
  // mentoring: two holders, but the manager says one of them is at 2
  add(m!, SKILLS[5]!, 3);
  add(a!, SKILLS[5]!, 4, { interest: true });
  raw.push({ membershipId: a!, skillKey: SKILLS[5]!, source: 'manager', level: 2 });
  // Other team and deactivated members: never counted.
  add(world.managerA2.membership.id, SKILLS[3]!, 4);
  add(leaver.membership.id, SKILLS[3]!, 4);

  await database.db.insert(ratings).values(
    raw.map((r) => ({
      organizationId: world.orgA,
      cycleId: world.cycleA,
      membershipId: r.membershipId,
      skillId: world.framework.id(r.skillKey),
      source: r.source,
      level: r.level,
      notApplicable: r.na ?? false,
      interest: r.interest ?? false,
      ratedByMembershipId: r.source === 'manager' ? m! : r.membershipId,
    })),
  );
});
afterAll(async () => {
  await database?.close();
});

/** The expected coverage, computed from the raw rows above without SQL. */
function expected(view: RatingView) {
  const inTeam = new Set(team);
  const perSkill = SKILLS.map((skillKey) => {
    let holders = 0;
    let interested = 0;
    let rated = 0;
    const holderIds = new Set<string>();
    const interestedIds = new Set<string>();
    const ratedIds = new Set<string>();
    for (const membershipId of inTeam) {
      const self = raw.find((r) => r.membershipId === membershipId && r.skillKey === skillKey && r.source === 'self');
      const manager = raw.find(
        (r) => r.membershipId === membershipId && r.skillKey === skillKey && r.source === 'manager',
      );
      const chosen = view === 'self' ? self : view === 'manager' ? manager : (manager ?? self);
      const level = chosen?.level ?? null;
      if (level !== null && level >= 3) {
        holders += 1;
        holderIds.add(membershipId);
      }
      if (self?.interest) {
        interested += 1;
        interestedIds.add(membershipId);
      }
      if (level !== null || chosen?.na) {
        rated += 1;
        ratedIds.add(membershipId);
      }
    }
    return { skillKey, section: SECTION_OF[skillKey]!, holders, interested, rated, holderIds, interestedIds, ratedIds };
  });
  const order = (x: (typeof perSkill)[number]) => SKILLS.indexOf(x.skillKey);
  const sorted = [...perSkill].sort(
    (x, y) => x.holders - y.holders || x.rated - y.rated || y.interested - x.interested || order(x) - order(y),
  );
  const sections = ['tech/python', 'tech/testing', 'lead/people'].map((section) => {
    const of = perSkill.filter((s) => s.section === section);
    const union = (pick: (s: (typeof perSkill)[number]) => Set<string>) =>
      new Set(of.flatMap((s) => [...pick(s)])).size;
    return {
      sectionId: world.framework.id(section),
      skills: of.length,
      atRisk: of.filter((s) => s.holders < 2).length,
      holders: union((s) => s.holderIds),
      interested: union((s) => s.interestedIds),
      rated: union((s) => s.ratedIds),
    };
  });
  return {
    skills: sorted.map((s) => ({
      skillId: world.framework.id(s.skillKey),
      holders: s.holders,
      interested: s.interested,
      rated: s.rated,
      busFactor: s.holders === 0 ? 0 : s.holders === 1 ? 1 : null,
      soleHolderId: s.holders === 1 ? [...s.holderIds][0] : undefined,
    })),
    sections,
  };
}

describe('team coverage', () => {
  for (const view of ['self', 'manager', 'manager-else-self'] as const) {
    it(`matches counts computed from the raw ratings (${view} view), riskiest first`, async () => {
      const coverage = await loadTeamCoverage(database.db, {
        actor: world.managerA1,
        teamId: world.teamA1,
        cycleId: world.cycleA,
        frameworkId: world.framework.frameworkId,
        view,
      });
      const want = expected(view);
      expect(
        coverage.skills.map(({ skillId, holders, interested, rated, busFactor, soleHolder }) => ({
          skillId,
          holders,
          interested,
          rated,
          busFactor,
          soleHolderId: soleHolder?.membershipId,
        })),
      ).toEqual(want.skills);
      expect(
        coverage.sections.map(({ sectionId, skills, atRisk, holders, interested, rated }) => ({
          sectionId,
          skills,
          atRisk,
          holders,
          interested,
          rated,
        })),
      ).toEqual(want.sections);
    });
  }

  it('flags bus factor 0 before bus factor 1 (self view)', async () => {
    const coverage = await loadTeamCoverage(database.db, {
      actor: world.managerA1,
      teamId: world.teamA1,
      cycleId: world.cycleA,
      frameworkId: world.framework.frameworkId,
      view: 'self',
    });
    const flags = coverage.skills.map((s) => s.busFactor);
    expect(flags).toEqual([0, 0, 1, 1, null, null]);
    // Among bus factor 0: pytest (nobody rated) before asyncio (two rated).
    expect(coverage.skills[0]?.skillName).toBe('pytest');
    expect(coverage.skills[1]?.skillName).toBe('asyncio');
    // A bus factor of 1 names the person it rests on.
    expect(coverage.skills.find((s) => s.skillName === 'Typing')?.soleHolder).toEqual({
      membershipId: world.memberA1.membership.id,
      name: 'Max Member',
    });
    expect(coverage.skills.find((s) => s.skillName === 'Syntax')?.soleHolder).toBeNull();
  });

  it('another team sees only its own members; the team cycle is found', async () => {
    const coverage = await loadTeamCoverage(database.db, {
      actor: world.managerA2,
      teamId: world.teamA2,
      cycleId: world.cycleA,
      frameworkId: world.framework.frameworkId,
      view: 'self',
    });
    expect(coverage.skills.find((s) => s.skillName === 'pytest')).toMatchObject({ holders: 1, rated: 1, busFactor: 1 });
    expect((await findCurrentCycle(database.db, { organizationId: world.orgA, teamId: world.teamA1 }))?.id).toBe(
      world.cycleA,
    );
    expect(await findCurrentCycle(database.db, { organizationId: world.orgB, teamId: world.teamA1 })).toBeNull();
  });
});
