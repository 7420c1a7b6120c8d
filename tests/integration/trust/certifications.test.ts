/**
 * Certifications (issue 22): bad input is refused with a message and nothing
 * saved; a skill that requires a valid certification counts in coverage and
 * the people finder only for members whose linked certification is valid; the
 * team's "expiring in the next 60 days" list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { certifications, certificationSkills, ratings, skillNodes } from '@/db/schema';
import { loadTeamCoverage } from '@/lib/insight/coverage';
import { findPeopleAcrossSkills } from '@/lib/people/finder';
import { addCertificationAction, deleteCertificationAction } from '@/lib/trust/certification-actions';
import { listMemberCertifications, listTeamExpiringSoon } from '@/lib/trust/certifications';
import { setSkillCertificationRequirementAction } from '@/lib/trust/settings-actions';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { buildWorld, type World } from '../../fixtures/world';

let database: TestDatabase;
let world: World;
let skill: string;

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const count = async () =>
  Number(
    (
      await database.db
        .select({ n: sql<number>`count(*)::int` })
        .from(certifications)
        .where(eq(certifications.organizationId, world.orgA))
    )[0]!.n,
  );

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  world = await buildWorld(database.db);
  skill = world.framework.id('tech/python/basics/syntax');
  // Three team members at Advanced or above in the skill.
  await database.db.insert(ratings).values(
    [world.managerA1, world.memberA1, world.subjectA1].map((context) => ({
      organizationId: world.orgA,
      cycleId: world.cycleA,
      membershipId: context.membership.id,
      skillId: skill,
      level: 3,
      ratedByMembershipId: context.membership.id,
    })),
  );
});
afterAll(async () => {
  actAs(null);
  await database?.close();
});

const good = () => ({
  name: 'Certified Kubernetes Administrator',
  issuer: 'CNCF',
  issuedOn: day(-100),
  expiresOn: day(30),
  credentialUrl: 'https://www.credly.com/badges/abc',
  skillIds: skill,
});

describe('bad input', () => {
  it.each([
    ['dates out of order', { issuedOn: day(-10), expiresOn: day(-20) }, 'expiresOn', 'on or after the issue date'],
    ['expiry in the past', { issuedOn: day(-400), expiresOn: day(-1) }, 'expiresOn', 'already expired'],
    ['issued in the future', { issuedOn: day(5), expiresOn: day(400) }, 'issuedOn', 'future'],
    ['a javascript: link', { credentialUrl: 'javascript:alert(1)' }, 'credentialUrl', 'https://'],
    ['an ftp: link', { credentialUrl: 'ftp://files.example.test/cert.pdf' }, 'credentialUrl', 'https://'],
    ['no name', { name: '  ' }, 'name', 'name'],
    ['not a date', { issuedOn: '2026-02-30' }, 'issuedOn', 'YYYY-MM-DD'],
  ])('%s: a message, nothing saved', async (_label, change, field, words) => {
    actAs(world.memberA1);
    const before = await count();
    const result = await addCertificationAction({ ...good(), ...change });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors?.[field]?.join(' ')).toContain(words);
    expect(await count()).toBe(before);
  });

  it('another organization’s skill is "not found", nothing saved', async () => {
    actAs(world.adminB);
    const result = await addCertificationAction(good());
    expect(result).toMatchObject({ ok: false });
    expect(await count()).toBe(0);
  });
});

describe('a skill that requires a valid certification', () => {
  it('counts in coverage and the finder only for members with a valid certificate', async () => {
    const coverageScope = {
      actor: world.managerA1,
      teamId: world.teamA1,
      cycleId: world.cycleA,
      frameworkId: world.framework.frameworkId,
      view: 'self' as const,
    };
    const holders = async () =>
      (await loadTeamCoverage(database.db, coverageScope)).skills.find((s) => s.skillId === skill)!.holders;
    const found = async () =>
      (
        await findPeopleAcrossSkills(database.db, world.adminA, {
          cycleId: world.cycleA,
          terms: [{ skillId: skill, minLevel: 3 }],
          match: 'all',
          grow: false,
          view: 'self',
        })
      ).people
        .map((p) => p.name)
        .sort();
    expect(await holders()).toBe(3);

    // Member A1 records a valid certificate; the subject's expired one is inserted as it would stand today.
    actAs(world.memberA1);
    expect(await addCertificationAction(good())).toMatchObject({ ok: true });
    const [expired] = await database.db
      .insert(certifications)
      .values({
        organizationId: world.orgA,
        membershipId: world.subjectA1.membership.id,
        name: 'CKA',
        issuer: 'CNCF',
        issuedOn: day(-800),
        expiresOn: day(-5),
      })
      .returning({ id: certifications.id });
    await database.db
      .insert(certificationSkills)
      .values({ organizationId: world.orgA, certificationId: expired!.id, skillId: skill });

    // Members cannot set the requirement; the admin can.
    actAs(world.managerA1);
    expect(await setSkillCertificationRequirementAction({ skillId: skill, required: 'true' })).toMatchObject({
      ok: false,
    });
    actAs(world.adminA);
    expect(await setSkillCertificationRequirementAction({ skillId: skill, required: 'true' })).toMatchObject({
      ok: true,
    });
    const [flag] = await database.db
      .select({ required: skillNodes.requiresCertification })
      .from(skillNodes)
      .where(and(eq(skillNodes.organizationId, world.orgA), eq(skillNodes.id, skill)));
    expect(flag?.required).toBe(true);

    expect(await holders()).toBe(1);
    expect(await found()).toEqual(['Max Member']);
    const coverage = await loadTeamCoverage(database.db, coverageScope);
    const row = coverage.skills.find((s) => s.skillId === skill)!;
    expect(row.soleHolder?.name).toBe('Max Member');
    // Still rated: the requirement changes who holds it, not who answered.
    expect(row.rated).toBe(3);

    // Without the requirement everybody counts again.
    expect(await setSkillCertificationRequirementAction({ skillId: skill, required: 'false' })).toMatchObject({
      ok: true,
    });
    expect(await holders()).toBe(3);
    expect(await found()).toEqual(['Max Member', 'Mona Manager', 'Sam Subject']);
  });
});

describe('expiring soon', () => {
  it('lists a team’s certificates expiring within 60 days, soonest first, not later ones', async () => {
    actAs(world.managerA1);
    expect(
      await addCertificationAction({ ...good(), name: 'AWS SAA', expiresOn: day(10), skillIds: '' }),
    ).toMatchObject({
      ok: true,
    });
    expect(
      await addCertificationAction({ ...good(), name: 'Far away', expiresOn: day(200), skillIds: '' }),
    ).toMatchObject({
      ok: true,
    });
    const soon = await listTeamExpiringSoon(database.db, world.managerA1, world.teamA1);
    expect(soon.map((c) => [c.memberName, c.name, c.daysLeft])).toEqual([
      ['Mona Manager', 'AWS SAA', 10],
      ['Max Member', 'Certified Kubernetes Administrator', 30],
    ]);
    // Another team's manager sees none of them, and team A2 has none.
    expect(await listTeamExpiringSoon(database.db, world.managerA2, world.teamA1)).toEqual([]);
    expect(await listTeamExpiringSoon(database.db, world.adminA, world.teamA2)).toEqual([]);
  });

  it('only the holder deletes a certificate', async () => {
    const mine = await listMemberCertifications(database.db, world.orgA, world.managerA1.membership.id);
    actAs(world.memberA1);
    expect(await deleteCertificationAction({ certificationId: mine[0]!.id })).toMatchObject({ ok: false });
    actAs(world.managerA1);
    expect(await deleteCertificationAction({ certificationId: mine[0]!.id })).toMatchObject({ ok: true });
  });
});
