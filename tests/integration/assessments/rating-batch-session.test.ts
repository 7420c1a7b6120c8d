/**
 * `POST /api/ratings/batch` checks the session inside its one save statement (authorize.ts
 * `sessionActorSql`, `defineRoute({ sessionInStatement: true })`), not in a query before it. The
 * refusals that moved into SQL, each answered as `getSessionContext` + `requireRole` answered
 * them (401 "Please sign in.") with nothing written: a signed-out session, ended sessions (a
 * raised generation), a deactivated membership; the membership a session acts as, chosen as
 * `getSessionContext` chooses it; the webhook event id the statement now computes itself.
 */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postRatingBatch } from '../../fixtures/rating-batch';
import { assessmentCycles, memberships, revokedSessions, users } from '@/db/schema';
import { builtOnce, parseRows } from '@/db/rows';
import type { RatingBatchChange } from '@/lib/assessments/rating-change';
import { sessionActorSql, sessionActorValues } from '@/lib/auth/authorize';
import type { SessionContext } from '@/lib/auth/session';
import { webhookEventId, webhookEventIdSql } from '@/lib/webhooks/emit';
import { z } from 'zod';
import { contextFor, createMember, createOrganization } from '../../fixtures/actors';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { buildRatingCycles, historyCountOf, selfRatingsOf } from '../../fixtures/rating-cycles';
import type { SmallFramework } from '../../fixtures/small-framework';
import { insertSmallFramework } from '../../fixtures/small-framework';
import { actAs, useTestDatabase } from '../../fixtures/test-context';

let database: TestDatabase;
let organizationId: string;
let framework: SmallFramework;
let cycleId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  ({ organizationId, framework, cycleId } = await buildRatingCycles(database.db));
}, 120_000);
afterAll(async () => {
  await database?.close();
});

let seq = 0;
const change = (skillId: string): RatingBatchChange => ({
  skillId,
  level: 3,
  notApplicable: false,
  interest: false,
  note: null,
  changedAt: new Date().toISOString(),
  seq: ++seq,
});
const post = (cycle = cycleId, skillId = framework.skillIds[0]!) =>
  postRatingBatch({ cycleId: cycle, clientId: 'session-check', changes: [change(skillId)] });

/** Refused as signed out, and nothing of the member's changed (no rating, no history). */
async function expectSignedOutAndNothingWritten(member: SessionContext): Promise<void> {
  const response = await post();
  expect(response.status).toBe(401);
  expect(await response.json()).toEqual({ error: 'Please sign in.' });
  expect(await selfRatingsOf(database.db, organizationId, member.membership.id, cycleId)).toHaveLength(0);
  expect(await historyCountOf(database.db, organizationId, member.membership.id)).toBe(0);
}

describe('the save statement’s own session check', () => {
  it('saves for a standing session (the control for the refusals below)', async () => {
    const member = await createMember(database.db, organizationId);
    actAs(member);
    expect((await post()).status).toBe(200);
    expect(await selfRatingsOf(database.db, organizationId, member.membership.id, cycleId)).toHaveLength(1);
  });

  it('a signed-out session (revoked_sessions): 401, nothing written', async () => {
    const member = await createMember(database.db, organizationId);
    const sessionId = randomUUID();
    actAs(member, { sessionId });
    await database.db
      .insert(revokedSessions)
      .values({ sessionId, userId: member.user.id, expiresAt: new Date(Date.now() + 86_400_000) });
    await expectSignedOutAndNothingWritten(member);
  });

  it('sessions ended everywhere (a raised session generation): 401, nothing written', async () => {
    const member = await createMember(database.db, organizationId);
    actAs(member, { generation: 0 });
    await database.db.update(users).set({ sessionGeneration: 1 }).where(eq(users.id, member.user.id));
    await expectSignedOutAndNothingWritten(member);
  });

  it('a deactivated membership: 401, nothing written', async () => {
    const member = await createMember(database.db, organizationId);
    actAs(member);
    await database.db
      .update(memberships)
      .set({ status: 'deactivated' })
      .where(eq(memberships.id, member.membership.id));
    await expectSignedOutAndNothingWritten(member);
  });

  it('acts as the membership getSessionContext would: the cookie’s organization, else the first active one', async () => {
    // One person in two organizations, each with an open cycle of its own.
    const member = await createMember(database.db, organizationId);
    const otherOrg = await createOrganization(database.db, 'Zeta');
    const otherFramework = await insertSmallFramework(database.db, otherOrg, 'zeta');
    await database.db.insert(memberships).values({ organizationId: otherOrg, userId: member.user.id, role: 'member' });
    const [otherCycle] = await database.db
      .insert(assessmentCycles)
      .values({
        organizationId: otherOrg,
        frameworkId: otherFramework.frameworkId,
        name: 'Zeta Q4',
        opensOn: '2026-01-01',
        closesOn: '2099-12-31',
      })
      .returning();
    const inOther = await contextFor(database.db, otherOrg, member.user.id);

    // Signed in to the other organization: its cycle saves there; this organization's cycle is not found.
    actAs(inOther);
    expect((await post(otherCycle!.id, otherFramework.skillIds[0])).status).toBe(200);
    expect(await selfRatingsOf(database.db, otherOrg, inOther.membership.id, otherCycle!.id)).toHaveLength(1);
    const wrongOrganization = await post(cycleId);
    expect(wrongOrganization.status).toBe(404);
    expect(await wrongOrganization.json()).toEqual({ error: 'Assessment cycle was not found.' });
    expect(await selfRatingsOf(database.db, organizationId, member.membership.id, cycleId)).toHaveLength(0);

    // Deactivated there: the session falls back to the membership still active (here), as a page would.
    await database.db
      .update(memberships)
      .set({ status: 'deactivated' })
      .where(eq(memberships.id, inOther.membership.id));
    expect((await post(otherCycle!.id, otherFramework.skillIds[1])).status).toBe(404);
    expect((await post(cycleId)).status).toBe(200);
    expect(await selfRatingsOf(database.db, organizationId, member.membership.id, cycleId)).toHaveLength(1);
  });

  it('`permitted` says whether the role suffices (a member for an admin-only check)', async () => {
    const member = await createMember(database.db, organizationId);
    const claims = { userId: member.user.id, organizationId, sessionId: randomUUID(), generation: 0 };
    const permitted = async (role: 'member' | 'admin') =>
      parseRows(
        await builtOnce(() => sql`select permitted from (${sessionActorSql(role)}) s`)(
          database.db,
          sessionActorValues(claims),
        ),
        z.object({ permitted: z.boolean() }),
      );
    expect(await permitted('member')).toEqual([{ permitted: true }]);
    expect(await permitted('admin')).toEqual([{ permitted: false }]);
  });

  it('computes the assessment.completed event id exactly as webhookEventId does', async () => {
    // 40 members: enough digests that base64's "+" and "/" (written "-" and "_") occur.
    const members = Array.from({ length: 40 }, () => randomUUID());
    const rows = parseRows(
      await database.db.execute(
        sql`select m as member, ${webhookEventIdSql(
          sql`${organizationId}::uuid`,
          'assessment.completed',
          sql`${cycleId}::text || '/' || m`,
        )} as id from unnest(${`{${members.join(',')}}`}::text[]) m`,
      ),
      z.object({ member: z.string(), id: z.string() }),
    );
    expect(rows).toHaveLength(40);
    for (const row of rows) {
      expect(row.id).toBe(webhookEventId(organizationId, 'assessment.completed', `${cycleId}/${row.member}`));
    }
    expect(rows.some((row) => /[-_]/.test(row.id.slice(4)))).toBe(true);
  });
});
