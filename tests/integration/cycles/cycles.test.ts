import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessmentCycles, auditLog, ratingHistory, ratings, teamMembers, teams } from '@/db/schema';
import type { SessionContext } from '@/lib/auth/session';
import { saveRatingsAction } from '@/lib/assessments/actions';
import { closeCycleAction, openCycleAction } from '@/lib/cycles/actions';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { createMember, createOrganization } from '../../fixtures/actors';
import { insertSmallFramework, type SmallFramework } from '../../fixtures/small-framework';

let database: TestDatabase;
let organizationId: string;
let framework: SmallFramework;
let admin: SessionContext;
let manager: SessionContext;
let alice: SessionContext;
let bob: SessionContext;
let newcomer: SessionContext;

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  organizationId = await createOrganization(database.db, 'Acme');
  framework = await insertSmallFramework(database.db, organizationId);
  admin = await createMember(database.db, organizationId, 'admin');
  manager = await createMember(database.db, organizationId, 'manager');
  alice = await createMember(database.db, organizationId, 'member');
  bob = await createMember(database.db, organizationId, 'member');
  newcomer = await createMember(database.db, organizationId, 'member');
}, 120_000);
afterAll(async () => {
  await database?.close();
});

const cycleInput = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  opensOn: '2026-01-01',
  closesOn: '2026-03-31',
  frameworkId: framework.frameworkId,
  ...extra,
});

async function cycleByName(name: string) {
  const [row] = await database.db
    .select()
    .from(assessmentCycles)
    .where(and(eq(assessmentCycles.organizationId, organizationId), eq(assessmentCycles.name, name)));
  return row;
}

async function ratingsOf(ctx: SessionContext, cycleId: string) {
  return database.db
    .select()
    .from(ratings)
    .where(
      and(
        eq(ratings.organizationId, organizationId),
        eq(ratings.cycleId, cycleId),
        eq(ratings.membershipId, ctx.membership.id),
      ),
    );
}

const rate = (skillId: string, level: number, at: number) => ({
  skillId,
  level,
  notApplicable: false,
  interest: level === 1,
  note: level === 1 ? 'want to learn' : null,
  changedAt: new Date(at).toISOString(),
  clientChangeId: crypto.randomUUID(),
});

describe('cycles', () => {
  it('only admins open or close cycles; nothing changes for others', async () => {
    for (const ctx of [null, alice, manager]) {
      actAs(ctx);
      expect(await openCycleAction(cycleInput('Sneaky'))).toMatchObject({ ok: false });
    }
    expect(await cycleByName('Sneaky')).toBeUndefined();
    const otherOrg = await createOrganization(database.db, 'Other');
    actAs(await createMember(database.db, otherOrg, 'admin'));
    // Another organization's framework id is "not found".
    expect(await openCycleAction(cycleInput('Cross'))).toMatchObject({ ok: false, error: 'Framework was not found.' });
  });

  it('validates dates and names', async () => {
    actAs(admin);
    expect(
      await openCycleAction(cycleInput('Backwards', { opensOn: '2026-05-01', closesOn: '2026-04-01' })),
    ).toMatchObject({
      ok: false,
      fieldErrors: { closesOn: [expect.any(String)] },
    });
    expect(await openCycleAction(cycleInput('Bad date', { opensOn: '2026-13-01' }))).toMatchObject({ ok: false });
    // Year 0 has the ISO shape but PostgreSQL's date refuses it: a field error, not a failed insert.
    expect(
      await openCycleAction(cycleInput('Year zero', { opensOn: '0000-01-01', closesOn: '0000-12-31' })),
    ).toMatchObject({ ok: false, fieldErrors: { opensOn: [expect.any(String)] } });
    expect(await openCycleAction(cycleInput(''))).toMatchObject({
      ok: false,
      fieldErrors: { name: [expect.any(String)] },
    });
  });

  it('opens a cycle, refuses a second open one unless the first is closed, and carries ratings over in SQL', async () => {
    actAs(admin);
    const first = await openCycleAction(cycleInput('2026 Q1'));
    expect(first).toMatchObject({ ok: true, data: { carriedOver: 0 } });
    const q1 = (await cycleByName('2026 Q1'))!;

    const [syntax, typing, asyncio] = framework.skillIds;
    const t = Date.now() - 100_000;
    actAs(alice);
    expect(
      await saveRatingsAction({
        cycleId: q1.id,
        changes: [
          rate(syntax!, 3, t),
          rate(typing!, 1, t + 1),
          { ...rate(asyncio!, 0, t + 2), level: null, notApplicable: true },
        ],
      }),
    ).toMatchObject({ ok: true });
    actAs(bob);
    expect(await saveRatingsAction({ cycleId: q1.id, changes: [rate(syntax!, 2, t)] })).toMatchObject({ ok: true });

    // Opening another organization-wide cycle while Q1 is open needs the admin's consent to close Q1.
    actAs(admin);
    const refused = await openCycleAction(cycleInput('2026 Q2', { opensOn: '2026-04-01', closesOn: '2026-06-30' }));
    expect(refused).toMatchObject({ ok: false, fieldErrors: { closePrevious: [expect.any(String)] } });
    expect(await cycleByName('2026 Q2')).toBeUndefined();

    const form = new FormData();
    for (const [key, value] of Object.entries(
      cycleInput('2026 Q2', { opensOn: '2026-04-01', closesOn: '2026-06-30' }),
    )) {
      form.set(key, String(value));
    }
    form.set('teamId', '');
    form.set('closePrevious', 'on');
    const opened = await openCycleAction(null, form);
    expect(opened).toMatchObject({ ok: true, data: { carriedOver: 4 } });
    expect((await cycleByName('2026 Q1'))?.status).toBe('closed');
    const q2 = (await cycleByName('2026 Q2'))!;
    expect(q2.status).toBe('open');

    const aliceRows = new Map((await ratingsOf(alice, q2.id)).map((row) => [row.skillId, row]));
    expect(aliceRows.size).toBe(3);
    expect(aliceRows.get(syntax!)).toMatchObject({ level: 3, carriedOver: true, source: 'self' });
    expect(aliceRows.get(typing!)).toMatchObject({
      level: 1,
      interest: true,
      note: 'want to learn',
      carriedOver: true,
    });
    expect(aliceRows.get(asyncio!)).toMatchObject({ level: null, notApplicable: true, carriedOver: true });
    expect(await ratingsOf(bob, q2.id)).toHaveLength(1);
    expect(await ratingsOf(newcomer, q2.id)).toHaveLength(0);
    const history = await database.db
      .select()
      .from(ratingHistory)
      .where(and(eq(ratingHistory.organizationId, organizationId), eq(ratingHistory.cycleId, q2.id)));
    expect(history).toHaveLength(4);

    // Touching a carried-over rating makes it the member's own.
    actAs(alice);
    expect(await saveRatingsAction({ cycleId: q2.id, changes: [rate(syntax!, 4, Date.now() - 1000)] })).toMatchObject({
      ok: true,
    });
    const touched = (await ratingsOf(alice, q2.id)).find((row) => row.skillId === syntax);
    expect(touched).toMatchObject({ level: 4, carriedOver: false });

    // The closed cycle is read-only now.
    expect(await saveRatingsAction({ cycleId: q1.id, changes: [rate(syntax!, 1, Date.now())] })).toMatchObject({
      ok: false,
    });
    expect((await ratingsOf(alice, q1.id)).find((row) => row.skillId === syntax)?.level).toBe(3);

    // The next cycle carries from the latest one each member rated in (Q2 for Alice: her 4, not Q1's 3).
    actAs(admin);
    expect(await closeCycleAction({ cycleId: q2.id })).toMatchObject({ ok: true });
    expect(
      await openCycleAction(cycleInput('2026 Q3', { opensOn: '2026-07-01', closesOn: '2026-09-30' })),
    ).toMatchObject({
      ok: true,
    });
    const q3 = (await cycleByName('2026 Q3'))!;
    const q3Alice = (await ratingsOf(alice, q3.id)).find((row) => row.skillId === syntax);
    expect(q3Alice).toMatchObject({ level: 4, carriedOver: true });

    const audit = await database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.organizationId, organizationId));
    expect(audit.map((row) => row.action)).toEqual(expect.arrayContaining(['cycle.opened', 'cycle.closed']));
  });

  it('a team cycle carries over only for the team’s members', async () => {
    const [team] = await database.db.insert(teams).values({ organizationId, name: 'Platform' }).returning();
    await database.db.insert(teamMembers).values({ organizationId, teamId: team!.id, membershipId: bob.membership.id });
    actAs(admin);
    const result = await openCycleAction(cycleInput('Platform 2026', { teamId: team!.id }));
    expect(result).toMatchObject({ ok: true, data: { carriedOver: 1 } });
    const cycle = (await cycleByName('Platform 2026'))!;
    expect(await ratingsOf(bob, cycle.id)).toHaveLength(1);
    expect(await ratingsOf(alice, cycle.id)).toHaveLength(0);
    // The organization-wide open cycle (Q3) stays open: a team cycle is another scope.
    expect((await cycleByName('2026 Q3'))?.status).toBe('open');
  });

  it('closing: admin only, not twice, not another organization’s', async () => {
    const q3 = (await cycleByName('2026 Q3'))!;
    actAs(manager);
    expect(await closeCycleAction({ cycleId: q3.id })).toMatchObject({ ok: false });
    const otherOrg = await createOrganization(database.db, 'Else');
    actAs(await createMember(database.db, otherOrg, 'admin'));
    expect(await closeCycleAction({ cycleId: q3.id })).toMatchObject({
      ok: false,
      error: 'Assessment cycle was not found.',
    });
    expect((await cycleByName('2026 Q3'))?.status).toBe('open');
    actAs(admin);
    expect(await closeCycleAction({ cycleId: q3.id })).toMatchObject({ ok: true });
    expect(await closeCycleAction({ cycleId: q3.id })).toMatchObject({ ok: false });
    expect(await closeCycleAction({ cycleId: 'not-a-uuid' })).toMatchObject({ ok: false });
  });
});
