/**
 * Endorsement rules (issue 22, lib/trust/endorsement-rules.ts), through the real
 * server action as each kind of caller: a teammate and the team's manager may
 * endorse a rated skill; oneself, an unrated or n/a skill, someone one shares no
 * team with, another organization's member, and any endorsement while the
 * organization has them off are refused with a message and nothing saved. A later
 * change of the rating keeps the endorsement, marked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { endorsements, ratings } from '@/db/schema';
import { endorseAction, withdrawEndorsementAction } from '@/lib/trust/endorsement-actions';
import { ENDORSEMENT_MESSAGES } from '@/lib/trust/endorsement-rules';
import { listEndorsements } from '@/lib/trust/endorsements';
import { saveTrustSettings, TRUST_DEFAULTS } from '@/lib/trust/settings';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { buildWorld, type World } from '../../fixtures/world';

let database: TestDatabase;
let world: World;
let rated: string;
let unrated: string;
let notApplicable: string;

const count = async () =>
  Number(
    (
      await database.db
        .select({ n: sql<number>`count(*)::int` })
        .from(endorsements)
        .where(eq(endorsements.organizationId, world.orgA))
    )[0]!.n,
  );

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  world = await buildWorld(database.db);
  [rated, unrated, notApplicable] = world.framework.skillIds as [string, string, string];
  const subject = world.subjectA1.membership.id;
  await database.db.insert(ratings).values([
    {
      organizationId: world.orgA,
      cycleId: world.cycleA,
      membershipId: subject,
      skillId: rated,
      level: 3,
      ratedByMembershipId: subject,
    },
    {
      organizationId: world.orgA,
      cycleId: world.cycleA,
      membershipId: subject,
      skillId: notApplicable,
      notApplicable: true,
      ratedByMembershipId: subject,
    },
  ]);
});
afterAll(async () => {
  actAs(null);
  await database?.close();
});

const target = (skillId: string, membershipId = world.subjectA1.membership.id) => ({
  membershipId,
  skillId,
  cycleId: world.cycleA,
  comment: 'Reviewed their Terraform all quarter.',
});

describe('who may endorse', () => {
  it('a teammate endorses a rated skill, with the level it was given for', async () => {
    actAs(world.memberA1);
    const result = await endorseAction(target(rated));
    expect(result).toMatchObject({ ok: true });
    const [row] = await database.db
      .select()
      .from(endorsements)
      .where(
        and(
          eq(endorsements.organizationId, world.orgA),
          eq(endorsements.endorserMembershipId, world.memberA1.membership.id),
        ),
      );
    expect(row).toMatchObject({ levelEndorsed: 3, comment: 'Reviewed their Terraform all quarter.', skillId: rated });
  });

  it('the team’s manager endorses too; endorsing again replaces one’s own comment', async () => {
    actAs(world.managerA1);
    expect(await endorseAction(target(rated))).toMatchObject({ ok: true });
    expect(await endorseAction({ ...target(rated), comment: 'Second thoughts: even better.' })).toMatchObject({
      ok: true,
    });
    expect(await count()).toBe(2);
  });

  it('refuses oneself, unrated and n/a skills, non-teammates and other organizations, saving nothing', async () => {
    const before = await count();
    actAs(world.subjectA1);
    expect(await endorseAction(target(rated))).toEqual({ ok: false, error: ENDORSEMENT_MESSAGES.self });
    actAs(world.memberA1);
    expect(await endorseAction(target(unrated))).toEqual({ ok: false, error: ENDORSEMENT_MESSAGES.unrated });
    expect(await endorseAction(target(notApplicable))).toEqual({ ok: false, error: ENDORSEMENT_MESSAGES.unrated });
    // The manager of team A2 shares no team with the subject, and an admin has no wider right to endorse.
    actAs(world.managerA2);
    expect(await endorseAction(target(rated))).toEqual({ ok: false, error: ENDORSEMENT_MESSAGES.notTeammate });
    actAs(world.adminA);
    expect(await endorseAction(target(rated))).toEqual({ ok: false, error: ENDORSEMENT_MESSAGES.notTeammate });
    actAs(world.adminB);
    expect(await endorseAction(target(rated))).toMatchObject({ ok: false });
    // A too-long comment is refused by the schema.
    actAs(world.memberA1);
    expect(await endorseAction({ ...target(rated), comment: 'x'.repeat(501) })).toMatchObject({ ok: false });
    expect(await count()).toBe(before);
  });

  it('refuses every endorsement while the organization has them off', async () => {
    await saveTrustSettings(database.db, world.orgA, { ...TRUST_DEFAULTS, endorsementsEnabled: false });
    actAs(world.memberA1);
    expect(await endorseAction(target(rated))).toEqual({ ok: false, error: ENDORSEMENT_MESSAGES.disabled });
    await saveTrustSettings(database.db, world.orgA, TRUST_DEFAULTS);
  });

  it('the database refuses a self-endorsement whatever the code does', async () => {
    const subject = world.subjectA1.membership.id;
    await expect(
      database.db.insert(endorsements).values({
        organizationId: world.orgA,
        cycleId: world.cycleA,
        membershipId: subject,
        skillId: rated,
        endorserMembershipId: subject,
        levelEndorsed: 3,
      }),
    ).rejects.toThrow();
  });
});

describe('when the rating changes', () => {
  it('keeps the endorsement, marked as given for another level', async () => {
    const subject = world.subjectA1.membership.id;
    const scope = { organizationId: world.orgA, membershipId: subject, compareCycleId: world.cycleA };
    expect((await listEndorsements(database.db, scope)).every((e) => !e.ratingChanged)).toBe(true);
    await database.db
      .update(ratings)
      .set({ level: 1 })
      .where(
        and(eq(ratings.organizationId, world.orgA), eq(ratings.membershipId, subject), eq(ratings.skillId, rated)),
      );
    const after = await listEndorsements(database.db, scope);
    expect(after).toHaveLength(2);
    expect(after.map((e) => [e.endorserName, e.levelEndorsed, e.currentLevel, e.ratingChanged]).sort()).toEqual([
      ['Max Member', 3, 1, true],
      ['Mona Manager', 3, 1, true],
    ]);
  });

  it('only the endorser withdraws an endorsement', async () => {
    const [mine] = await database.db
      .select({ id: endorsements.id })
      .from(endorsements)
      .where(
        and(
          eq(endorsements.organizationId, world.orgA),
          eq(endorsements.endorserMembershipId, world.memberA1.membership.id),
        ),
      );
    actAs(world.managerA1);
    expect(await withdrawEndorsementAction({ endorsementId: mine!.id })).toMatchObject({ ok: false });
    actAs(world.memberA1);
    expect(await withdrawEndorsementAction({ endorsementId: mine!.id })).toMatchObject({ ok: true });
    expect(await count()).toBe(1);
  });
});
