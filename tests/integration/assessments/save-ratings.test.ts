import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skillNodes } from '@/db/schema';
import type { SessionContext } from '@/lib/auth/session';
import { saveRatingsAction } from '@/lib/assessments/actions';
import type { RatingChange } from '@/lib/assessments/rating-change';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { createMember, createOrganization } from '../../fixtures/actors';
import { buildRatingCycles, historyCountOf, insertTeamCycle, selfRatingsOf } from '../../fixtures/rating-cycles';
import type { SmallFramework } from '../../fixtures/small-framework';

let database: TestDatabase;
let organizationId: string;
let framework: SmallFramework;
let member: SessionContext;
let otherMember: SessionContext;
let cycleId: string;
let closedCycleId: string;
let foreignSkillId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  ({ organizationId, framework, cycleId, closedCycleId, foreignSkillId } = await buildRatingCycles(database.db));
  member = await createMember(database.db, organizationId, 'member');
  otherMember = await createMember(database.db, organizationId, 'member');
  // A PGlite per file boots and migrates slowly on a busy two-core machine.
}, 120_000);
afterAll(async () => {
  await database?.close();
});

let changeCounter = 0;
function change(skillId: string, overrides: Partial<RatingChange> = {}): RatingChange {
  changeCounter += 1;
  return {
    skillId,
    level: 2,
    notApplicable: false,
    interest: false,
    note: null,
    changedAt: new Date(Date.now() - 60_000 + changeCounter).toISOString(),
    clientChangeId: `c-${changeCounter}`,
    ...overrides,
  };
}

const selfRatings = (ctx: SessionContext, cycle = cycleId) =>
  selfRatingsOf(database.db, organizationId, ctx.membership.id, cycle);

const historyCount = (ctx: SessionContext) => historyCountOf(database.db, organizationId, ctx.membership.id);

describe('saveRatingsAction', () => {
  it('saves a batch as the member’s own self ratings and writes history', async () => {
    actAs(member);
    const [syntax, typing] = framework.skillIds;
    const result = await saveRatingsAction({
      cycleId,
      changes: [
        change(syntax!, { level: 3, interest: true, note: '  used daily  ' }),
        change(typing!, { level: null, notApplicable: true }),
      ],
    });
    expect(result).toMatchObject({ ok: true });
    const rows = await selfRatings(member);
    expect(rows).toHaveLength(2);
    const bySkill = new Map(rows.map((row) => [row.skillId, row]));
    expect(bySkill.get(syntax!)).toMatchObject({
      level: 3,
      interest: true,
      note: 'used daily',
      source: 'self',
      ratedByMembershipId: member.membership.id,
      carriedOver: false,
    });
    expect(bySkill.get(typing!)).toMatchObject({ level: null, notApplicable: true });
    expect(await historyCount(member)).toBe(2);
  });

  it('lets the newest change win and leaves other skills untouched', async () => {
    actAs(member);
    const [, , asyncio, pytest] = framework.skillIds;
    const base = Date.now() - 30_000;
    // Tab A rated two skills…
    await saveRatingsAction({
      cycleId,
      changes: [
        change(asyncio!, { level: 4, changedAt: new Date(base + 2000).toISOString() }),
        change(pytest!, { level: 1, changedAt: new Date(base + 2000).toISOString() }),
      ],
    });
    const historyBefore = await historyCount(member);
    // …tab B sends an older change of one of them, late.
    const late = change(asyncio!, { level: 0, changedAt: new Date(base + 1000).toISOString() });
    const result = await saveRatingsAction({ cycleId, changes: [late] });
    expect(result).toMatchObject({
      ok: true,
      data: { applied: [], stale: [{ clientChangeId: late.clientChangeId, skillId: asyncio, value: { level: 4 } }] },
    });
    const rows = new Map((await selfRatings(member)).map((row) => [row.skillId, row]));
    expect(rows.get(asyncio!)?.level).toBe(4);
    expect(rows.get(pytest!)?.level).toBe(1);
    expect(await historyCount(member)).toBe(historyBefore);

    // A newer change does win.
    await saveRatingsAction({
      cycleId,
      changes: [change(asyncio!, { level: 1, changedAt: new Date(base + 3000).toISOString() })],
    });
    const after = new Map((await selfRatings(member)).map((row) => [row.skillId, row]));
    expect(after.get(asyncio!)?.level).toBe(1);
    expect(after.get(pytest!)?.level).toBe(1);
    expect(await historyCount(member)).toBe(historyBefore + 1);
  });

  it('keeps the newest of several changes of one skill in a batch', async () => {
    actAs(member);
    const mentoring = framework.id('lead/people/mentoring');
    const base = Date.now() - 10_000;
    const result = await saveRatingsAction({
      cycleId,
      changes: [
        change(mentoring, { level: 2, changedAt: new Date(base + 500).toISOString() }),
        change(mentoring, { level: 3, changedAt: new Date(base + 900).toISOString() }),
        change(mentoring, { level: 1, changedAt: new Date(base + 100).toISOString() }),
      ],
    });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.data?.applied).toHaveLength(3);
    const rows = new Map((await selfRatings(member)).map((row) => [row.skillId, row]));
    expect(rows.get(mentoring)?.level).toBe(3);
  });

  describe('refuses bad input and changes nothing', () => {
    const cases: [string, () => Promise<unknown>][] = [
      [
        'level 5 on a 0–4 scale',
        () => saveRatingsAction({ cycleId, changes: [change(framework.skillIds[0]!, { level: 5 })] }),
      ],
      [
        'a level above the schema maximum',
        () => saveRatingsAction({ cycleId, changes: [change(framework.skillIds[0]!, { level: 11 })] }),
      ],
      [
        'a fractional level',
        () => saveRatingsAction({ cycleId, changes: [change(framework.skillIds[0]!, { level: 2.5 })] }),
      ],
      [
        'n/a with a level',
        () =>
          saveRatingsAction({ cycleId, changes: [change(framework.skillIds[0]!, { level: 2, notApplicable: true })] }),
      ],
      [
        'a note of 1001 characters',
        () => saveRatingsAction({ cycleId, changes: [change(framework.skillIds[0]!, { note: 'x'.repeat(1001) })] }),
      ],
      [
        'a skill of another organization',
        () => saveRatingsAction({ cycleId, changes: [change(framework.skillIds[0]!), change(foreignSkillId)] }),
      ],
      [
        'a node that is not a skill',
        () => saveRatingsAction({ cycleId, changes: [change(framework.id('tech/python'))] }),
      ],
      [
        'a closed cycle',
        () => saveRatingsAction({ cycleId: closedCycleId, changes: [change(framework.skillIds[0]!)] }),
      ],
      [
        'an unknown cycle',
        () => saveRatingsAction({ cycleId: crypto.randomUUID(), changes: [change(framework.skillIds[0]!)] }),
      ],
      ['an empty batch', () => saveRatingsAction({ cycleId, changes: [] })],
      [
        'a batch of 401',
        () =>
          saveRatingsAction({ cycleId, changes: Array.from({ length: 401 }, () => change(framework.skillIds[0]!)) }),
      ],
      [
        'a bad timestamp',
        () => saveRatingsAction({ cycleId, changes: [change(framework.skillIds[0]!, { changedAt: 'yesterday' })] }),
      ],
    ];
    for (const [label, call] of cases) {
      it(label, async () => {
        actAs(otherMember);
        const result = await call();
        expect(result).toMatchObject({ ok: false, error: expect.any(String) });
        expect(await selfRatings(otherMember)).toHaveLength(0);
        expect(await selfRatings(otherMember, closedCycleId)).toHaveLength(0);
        expect(await historyCount(otherMember)).toBe(0);
      });
    }

    it('an archived skill', async () => {
      const archived = framework.id('tech/testing/property-tests');
      await database.db
        .update(skillNodes)
        .set({ archivedAt: new Date() })
        .where(and(eq(skillNodes.organizationId, organizationId), eq(skillNodes.id, archived)));
      actAs(otherMember);
      const result = await saveRatingsAction({ cycleId, changes: [change(framework.skillIds[0]!), change(archived)] });
      expect(result).toMatchObject({ ok: false });
      expect(await selfRatings(otherMember)).toHaveLength(0);
      await database.db
        .update(skillNodes)
        .set({ archivedAt: null })
        .where(and(eq(skillNodes.organizationId, organizationId), eq(skillNodes.id, archived)));
    });

    it('the signed-out', async () => {
      actAs(null);
      const result = await saveRatingsAction({ cycleId, changes: [change(framework.skillIds[0]!)] });
      expect(result).toMatchObject({ ok: false, error: 'Please sign in.' });
      expect(await selfRatings(otherMember)).toHaveLength(0);
    });

    it('a member of another organization, for this organization’s cycle', async () => {
      const otherOrg = await createOrganization(database.db, 'Elsewhere');
      actAs(await createMember(database.db, otherOrg, 'admin'));
      const result = await saveRatingsAction({ cycleId, changes: [change(framework.skillIds[0]!)] });
      expect(result).toMatchObject({ ok: false, error: 'Assessment cycle was not found.' });
    });

    it('a team cycle of a team the member is not on', async () => {
      const teamCycleId = await insertTeamCycle(database.db, organizationId, framework.frameworkId);
      actAs(otherMember);
      const result = await saveRatingsAction({ cycleId: teamCycleId, changes: [change(framework.skillIds[0]!)] });
      expect(result).toMatchObject({ ok: false, error: 'Assessment cycle was not found.' });
      expect(await selfRatings(otherMember, teamCycleId)).toHaveLength(0);
    });
  });
});
