/**
 * Batched autosave, `POST /api/ratings/batch`, called as the browser calls it:
 * the route handler with a JSON body, as a chosen actor, on this file's database.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { POST } from '@/app/api/ratings/batch/route';
import { BATCH_ORIGIN, postRatingBatch } from '../../fixtures/rating-batch';
import { ratings } from '@/db/schema';
import type { SessionContext } from '@/lib/auth/session';
import { MAX_BATCH_BYTES, MAX_CHANGES_PER_BATCH, type RatingBatchChange } from '@/lib/assessments/rating-change';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { createMember, createOrganization } from '../../fixtures/actors';
import { buildRatingCycles, historyCountOf, insertTeamCycle, selfRatingsOf } from '../../fixtures/rating-cycles';
import type { SmallFramework } from '../../fixtures/small-framework';

let database: TestDatabase;
let organizationId: string;
let framework: SmallFramework;
let cycleId: string;
let closedCycleId: string;
let scheduledCycleId: string;
let foreignSkillId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  const cycles = await buildRatingCycles(database.db, { scheduled: true });
  ({ organizationId, framework, cycleId, closedCycleId, foreignSkillId } = cycles);
  scheduledCycleId = cycles.scheduledCycleId!;
}, 120_000);
afterAll(async () => {
  await database?.close();
});

const post = postRatingBatch;

let clock = Date.now() - 600_000;
function change(skillId: string, seq: number, overrides: Partial<RatingBatchChange> = {}): RatingBatchChange {
  clock += 10;
  return {
    skillId,
    level: 2,
    notApplicable: false,
    interest: false,
    note: null,
    changedAt: new Date(clock).toISOString(),
    seq,
    ...overrides,
  };
}
const batch = (changes: RatingBatchChange[], clientId = 'browser-one', cycle = cycleId) => ({
  cycleId: cycle,
  clientId,
  changes,
});

const selfRatings = (ctx: SessionContext, cycle = cycleId) =>
  selfRatingsOf(database.db, organizationId, ctx.membership.id, cycle);
const levelOf = async (ctx: SessionContext, skillId: string) =>
  (await selfRatings(ctx)).find((row) => row.skillId === skillId)?.level;
const historyCount = (ctx: SessionContext) => historyCountOf(database.db, organizationId, ctx.membership.id);

describe('POST /api/ratings/batch', () => {
  it('saves a batch as the member’s own self ratings, with history, and answers by sequence number', async () => {
    const member = await createMember(database.db, organizationId, 'member');
    actAs(member);
    const [syntax, typing] = framework.skillIds;
    const response = await post(
      batch([
        change(syntax!, 1, { level: 3, interest: true, note: ' daily ' }),
        change(typing!, 2, { level: null, notApplicable: true }),
      ]),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ applied: [1, 2], stale: [] });
    const rows = new Map((await selfRatings(member)).map((row) => [row.skillId, row]));
    expect(rows.get(syntax!)).toMatchObject({
      level: 3,
      interest: true,
      note: 'daily',
      ratedByMembershipId: member.membership.id,
    });
    expect(rows.get(typing!)).toMatchObject({ level: null, notApplicable: true });
    expect(await historyCount(member)).toBe(2);
  });

  describe('confirming carried-over values ("still true")', () => {
    let confirmer: SessionContext;
    const old = new Date(Date.now() - 30 * 86_400_000);
    beforeAll(async () => {
      confirmer = await createMember(database.db, organizationId, 'member');
      await database.db.insert(ratings).values(
        framework.skillIds.slice(0, 4).map((skillId) => ({
          organizationId,
          cycleId,
          membershipId: confirmer.membership.id,
          skillId,
          level: 2,
          interest: true,
          carriedOver: true,
          ratedByMembershipId: confirmer.membership.id,
          changedAt: old,
        })),
      );
    });
    const rowsOf = async () => new Map((await selfRatings(confirmer)).map((row) => [row.skillId, row]));

    it('confirms in the batch statement: stays carried over with its value and time, gains confirmed_at and a history row', async () => {
      actAs(confirmer);
      const [a, b] = framework.skillIds;
      const before = await historyCount(confirmer);
      // The other fields of a confirmation are what the browser shows: never written.
      const response = await post(
        batch(
          [change(a!, 1, { confirm: true, level: 4, interest: false }), change(b!, 2, { confirm: true })],
          'confirmer-tab',
        ),
      );
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ applied: [1, 2], stale: [] });
      const rows = await rowsOf();
      expect(rows.get(a!)).toMatchObject({ level: 2, interest: true, carriedOver: true });
      expect(rows.get(a!)?.confirmedAt).toBeInstanceOf(Date);
      // Confirming is not a newer value: a change queued earlier elsewhere still wins.
      expect(rows.get(a!)?.changedAt.getTime()).toBe(old.getTime());
      expect(await historyCount(confirmer)).toBe(before + 2);

      // A replay (or a second tab confirming too) is acknowledged and changes nothing.
      const confirmedAt = rows.get(a!)?.confirmedAt?.getTime();
      const again = await post(batch([change(a!, 3, { confirm: true })], 'confirmer-other-tab'));
      expect(await again.json()).toEqual({ applied: [3], stale: [] });
      expect((await rowsOf()).get(a!)?.confirmedAt?.getTime()).toBe(confirmedAt);
      expect(await historyCount(confirmer)).toBe(before + 2);
    });

    it('a change after a confirmation makes the value rated in this cycle (confirmed_at cleared)', async () => {
      actAs(confirmer);
      const [a] = framework.skillIds;
      expect((await post(batch([change(a!, 10, { level: 3 })], 'confirmer-tab'))).status).toBe(200);
      expect((await rowsOf()).get(a!)).toMatchObject({ level: 3, carriedOver: false, confirmedAt: null });
    });

    it('a confirmation of a value changed elsewhere is answered with that value and changes nothing', async () => {
      actAs(confirmer);
      const [, , c] = framework.skillIds;
      expect((await post(batch([change(c!, 1, { level: 4 })], 'browser-tab-a'))).status).toBe(200);
      const response = await post(batch([change(c!, 1, { confirm: true })], 'browser-tab-b'));
      const body = await response.json();
      expect(body.applied).toEqual([]);
      expect(body.stale).toEqual([
        { seq: 1, skillId: c, value: expect.objectContaining({ level: 4, carriedOver: false, confirmed: false }) },
      ]);
      expect((await rowsOf()).get(c!)).toMatchObject({ level: 4, carriedOver: false, confirmedAt: null });
    });

    it('refuses confirmations in a closed cycle like any change', async () => {
      actAs(confirmer);
      const [, , , d] = framework.skillIds;
      const response = await post(batch([change(d!, 1, { confirm: true })], 'confirmer-tab', closedCycleId));
      expect(response.status).toBe(409);
      expect((await rowsOf()).get(d!)?.confirmedAt).toBeNull();
    });
  });

  it('orders by sequence number within one browser: an overtaken request never overwrites a newer value', async () => {
    const member = await createMember(database.db, organizationId, 'member');
    actAs(member);
    const skill = framework.skillIds[0]!;
    // Request 2 (seq 20) arrives first…
    const newer = change(skill, 20, { level: 4 });
    expect((await post(batch([newer]))).status).toBe(200);
    // …then request 1 (seq 10), retried late — even with a clock that says it is later.
    const older = change(skill, 10, { level: 1, changedAt: new Date(Date.now() - 1000).toISOString() });
    const response = await post(batch([older]));
    expect(await response.json()).toMatchObject({
      applied: [],
      stale: [{ seq: 10, skillId: skill, value: { level: 4 } }],
    });
    expect(await levelOf(member, skill)).toBe(4);
    expect(await historyCount(member)).toBe(1);
    // A later number wins even with an earlier clock (the browser's clock went back).
    const later = change(skill, 30, { level: 0, changedAt: new Date(clock - 500_000).toISOString() });
    expect(await (await post(batch([later]))).json()).toEqual({ applied: [30], stale: [] });
    expect(await levelOf(member, skill)).toBe(0);
  });

  it('is idempotent: a replayed batch is acknowledged, changes nothing and adds no history', async () => {
    const member = await createMember(database.db, organizationId, 'member');
    actAs(member);
    const [a, b] = framework.skillIds;
    const body = batch([change(a!, 101, { level: 1 }), change(b!, 102, { level: 3 })]);
    expect(await (await post(body)).json()).toEqual({ applied: [101, 102], stale: [] });
    const before = await selfRatings(member);
    const history = await historyCount(member);
    const replay = await post(body);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ applied: [101, 102], stale: [] });
    expect(await selfRatings(member)).toEqual(before);
    expect(await historyCount(member)).toBe(history);
  });

  it('keeps the highest sequence number of one skill within a batch and answers for all of them', async () => {
    const member = await createMember(database.db, organizationId, 'member');
    actAs(member);
    const mentoring = framework.id('lead/people/mentoring');
    const response = await post(
      batch([
        change(mentoring, 1, { level: 2 }),
        change(mentoring, 2, { level: 3 }),
        change(mentoring, 3, { level: 1 }),
      ]),
    );
    expect(await response.json()).toEqual({ applied: [1, 2, 3], stale: [] });
    expect(await levelOf(member, mentoring)).toBe(1);
    expect(await historyCount(member)).toBe(1);
  });

  it('between two browsers the later change wins; the older one is answered with the newer value', async () => {
    const member = await createMember(database.db, organizationId, 'member');
    actAs(member);
    const skill = framework.skillIds[1]!;
    const t = Date.now() - 60_000;
    await post(batch([change(skill, 5, { level: 4, changedAt: new Date(t + 2000).toISOString() })], 'laptop-aaaa'));
    const phone = await post(
      batch([change(skill, 900, { level: 1, changedAt: new Date(t + 1000).toISOString() })], 'phone-bbbbb'),
    );
    expect(await phone.json()).toMatchObject({ applied: [], stale: [{ seq: 900, value: { level: 4 } }] });
    expect(await levelOf(member, skill)).toBe(4);
    const later = await post(
      batch([change(skill, 901, { level: 2, changedAt: new Date(t + 3000).toISOString() })], 'phone-bbbbb'),
    );
    expect(await later.json()).toEqual({ applied: [901], stale: [] });
    expect(await levelOf(member, skill)).toBe(2);
  });

  it('writes only the signed-in member’s own ratings: another member’s batch never touches them', async () => {
    const alice = await createMember(database.db, organizationId, 'member');
    const bob = await createMember(database.db, organizationId, 'member');
    const skill = framework.skillIds[2]!;
    actAs(alice);
    await post(batch([change(skill, 1, { level: 4 })], 'shared-client-id'));
    // Same client id and higher numbers from another member's session: their own rows, not Alice's.
    actAs(bob);
    expect((await post(batch([change(skill, 2, { level: 0 })], 'shared-client-id'))).status).toBe(200);
    expect(await levelOf(alice, skill)).toBe(4);
    expect(await levelOf(bob, skill)).toBe(0);
  });

  describe('refuses and writes nothing', () => {
    let member: SessionContext;
    beforeAll(async () => {
      member = await createMember(database.db, organizationId, 'member');
    });
    const skill = () => framework.skillIds[0]!;
    const cases: [string, number, RegExp, () => Promise<Response>][] = [
      ['a closed cycle', 409, /closed/, () => post(batch([change(skill(), 1)], 'browser-one', closedCycleId))],
      [
        'a scheduled cycle (dated in the future)',
        409,
        /opens on 2099-01-01/,
        () => post(batch([change(skill(), 1)], 'browser-one', scheduledCycleId)),
      ],
      [
        'an unknown cycle',
        404,
        /not found/,
        () => post(batch([change(skill(), 1)], 'browser-one', crypto.randomUUID())),
      ],
      ['level 5 on a 0–4 scale', 400, /0 to 4/, () => post(batch([change(skill(), 1, { level: 5 })]))],
      [
        'a skill of another organization',
        400,
        /not part of this assessment/,
        () => post(batch([change(skill(), 1), change(foreignSkillId, 2)])),
      ],
      [
        'a node that is not a skill',
        400,
        /not part of this assessment/,
        () => post(batch([change(framework.id('tech/python'), 1)])),
      ],
      [
        'n/a with a level',
        400,
        /cannot have a level/,
        () => post(batch([change(skill(), 1, { notApplicable: true, level: 2 })])),
      ],
      ['an empty batch', 400, /Nothing to save/, () => post(batch([]))],
      [
        `a batch of ${MAX_CHANGES_PER_BATCH + 1}`,
        400,
        /At most/,
        () => post(batch(Array.from({ length: MAX_CHANGES_PER_BATCH + 1 }, (_, i) => change(skill(), i + 1)))),
      ],
      ['sequence numbers out of order', 400, /order/, () => post(batch([change(skill(), 2), change(skill(), 1)]))],
      [
        'a repeated sequence number',
        400,
        /order/,
        () => post(batch([change(skill(), 3), change(framework.skillIds[1]!, 3)])),
      ],
      ['a fractional sequence number', 400, /whole number/, () => post(batch([change(skill(), 1.5)]))],
      ['a bad client id', 400, /clientId/, () => post(batch([change(skill(), 1)], 'x'))],
      ['a bad timestamp', 400, /changedAt/, () => post(batch([change(skill(), 1, { changedAt: 'yesterday' })]))],
      ['a body that is not JSON', 400, /not valid JSON/, () => post('{"cycleId":')],
      [
        `a body over ${MAX_BATCH_BYTES} bytes`,
        413,
        /larger than/,
        () => post(batch([change(skill(), 1, { note: 'x'.repeat(MAX_BATCH_BYTES) })])),
      ],
      [
        'a request from another site',
        403,
        /Cross-site/,
        () => post(batch([change(skill(), 1)]), { origin: 'https://evil.example' }),
      ],
      [
        // The route is outside proxy.ts (its matcher excludes it): the proxy's rule, a POST needs our
        // Origin, applies in defineRoute (`outsideProxy`); a Referer alone no longer does.
        'a request without an Origin (Referer only)',
        403,
        /Cross-site/,
        () =>
          POST(
            new Request(`${BATCH_ORIGIN}/api/ratings/batch`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', referer: `${BATCH_ORIGIN}/assess` },
              body: JSON.stringify(batch([change(skill(), 1)])),
            }),
          ),
      ],
    ];
    for (const [label, status, message, call] of cases) {
      it(`${label}: ${status}`, async () => {
        actAs(member);
        const response = await call();
        expect(response.status).toBe(status);
        expect((await response.json()) as { error: string }).toMatchObject({ error: expect.stringMatching(message) });
        expect(await selfRatings(member)).toHaveLength(0);
        expect(await selfRatings(member, closedCycleId)).toHaveLength(0);
        expect(await selfRatings(member, scheduledCycleId)).toHaveLength(0);
        expect(await historyCount(member)).toBe(0);
      });
    }

    it('answers with HSTS in production over https, as the proxy did (the route is outside it)', async () => {
      vi.resetModules();
      vi.stubEnv('NODE_ENV', 'production');
      vi.stubEnv('TRUSTED_PROXY_HOPS', '1');
      try {
        const { POST: productionPost } = await import('@/app/api/ratings/batch/route');
        const send = (proto: string) =>
          productionPost(
            new Request(`${BATCH_ORIGIN}/api/ratings/batch`, {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                origin: 'https://evil.example',
                'x-forwarded-proto': proto,
              },
              body: '{}',
            }),
          );
        const overHttps = await send('https');
        expect(overHttps.status).toBe(403);
        expect(overHttps.headers.get('strict-transport-security')).toContain('max-age=');
        expect((await send('http')).headers.get('strict-transport-security')).toBeNull();
      } finally {
        vi.unstubAllEnvs();
        vi.resetModules();
      }
    });

    it('the signed-out: 401', async () => {
      actAs(null);
      const response = await post(batch([change(skill(), 1)]));
      expect(response.status).toBe(401);
      expect(await selfRatings(member)).toHaveLength(0);
    });

    it('a member of another organization, for this organization’s cycle: 404', async () => {
      const outsider = await createMember(database.db, await createOrganization(database.db, 'Elsewhere'), 'admin');
      actAs(outsider);
      const response = await post(batch([change(skill(), 1)]));
      expect(response.status).toBe(404);
      const rows = await database.db.select().from(ratings).where(eq(ratings.membershipId, outsider.membership.id));
      expect(rows).toHaveLength(0);
    });

    it('a team cycle of a team the member is not on: 404', async () => {
      const teamCycleId = await insertTeamCycle(database.db, organizationId, framework.frameworkId);
      actAs(member);
      const response = await post(batch([change(skill(), 1)], 'browser-one', teamCycleId));
      expect(response.status).toBe(404);
      expect(await selfRatings(member, teamCycleId)).toHaveLength(0);
    });
  });
});
