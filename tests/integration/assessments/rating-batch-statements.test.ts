/**
 * Issue 23: one SQL statement per autosave batch, with or without a webhook endpoint listening for
 * assessment.completed — no BEGIN/COMMIT, no subscriber look-up, no completion query of its own. The
 * statements are counted as the app sends them (tests/fixtures/statement-log.ts) through the route
 * handler. The session is checked inside that statement (authorize.ts `sessionActorSql`), in production
 * as here: no session query before it.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { postRatingBatch } from '../../fixtures/rating-batch';
import { assessmentCycles, webhookDeliveries, webhookEndpoints } from '@/db/schema';
import type { RatingBatchChange } from '@/lib/assessments/rating-change';
import type { SessionContext } from '@/lib/auth/session';
import { createMember, createOrganization } from '../../fixtures/actors';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { insertSmallFramework, type SmallFramework } from '../../fixtures/small-framework';
import { statementLog } from '../../fixtures/statement-log';
import { actAs, useTestDatabase } from '../../fixtures/test-context';

const log = statementLog();
let database: TestDatabase;
let org: string;
let framework: SmallFramework;
let cycleId: string;

beforeAll(async () => {
  database = await createTestDatabase({ logger: log.logger });
  useTestDatabase(database.db);
  org = await createOrganization(database.db, 'Statements');
  framework = await insertSmallFramework(database.db, org);
  const [cycle] = await database.db
    .insert(assessmentCycles)
    .values({
      organizationId: org,
      frameworkId: framework.frameworkId,
      name: 'Q3',
      opensOn: '2020-01-01',
      closesOn: '2099-12-31',
    })
    .returning();
  cycleId = cycle!.id;
}, 120_000);
afterAll(async () => {
  await database?.close();
});

let seq = 0;
const change = (skillId: string): RatingBatchChange => ({
  skillId,
  level: 2,
  notApplicable: false,
  interest: false,
  note: null,
  changedAt: new Date().toISOString(),
  seq: ++seq,
});

/** Posts one batch as `member` and returns the statements it ran, after checking it was acknowledged. */
async function save(member: SessionContext, skillIds: readonly string[]): Promise<string[]> {
  actAs(member);
  const transaction = vi.spyOn(database.db, 'transaction');
  const statements = await log.record(async () => {
    const response = await postRatingBatch({ cycleId, clientId: 'statements', changes: skillIds.map(change) });
    expect(response.status).toBe(200);
    expect((await response.json()) as { applied: number[] }).toMatchObject({ applied: expect.any(Array) });
  });
  // BEGIN/COMMIT do not pass through drizzle's logger: no transaction is opened at all.
  expect(transaction).not.toHaveBeenCalled();
  transaction.mockRestore();
  return statements;
}

const completedDeliveries = () =>
  database.db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.organizationId, org), eq(webhookDeliveries.eventType, 'assessment.completed')));

describe('statements per autosave batch', () => {
  it('is one, for one change and for a batch of many, when nobody listens for assessment.completed', async () => {
    const member = await createMember(database.db, org, 'member');
    expect(await save(member, framework.skillIds.slice(0, 1))).toHaveLength(1);
    expect(await save(member, framework.skillIds.slice(1, 7))).toHaveLength(1);
  });

  it('is still one with an endpoint listening; completing adds only the delivery jobs', async () => {
    await database.db.insert(webhookEndpoints).values({
      organizationId: org,
      // Never sent to: no worker runs in this file.
      url: 'https://203.0.113.7/hooks',
      events: ['assessment.completed'],
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    });
    const member = await createMember(database.db, org, 'member');
    const all = framework.skillIds;
    expect(await save(member, all.slice(0, -1))).toHaveLength(1);
    expect(await completedDeliveries()).toHaveLength(0);

    // The last skill completes the assessment: its delivery is written by the save statement itself.
    const [first, ...queued] = await save(member, all.slice(-1));
    expect(first).toContain('insert into webhook_deliveries');
    expect(queued.some((text) => /ratings/.test(text))).toBe(false);
    const [delivery] = await completedDeliveries();
    expect(JSON.parse(delivery!.payload)).toMatchObject({
      type: 'assessment.completed',
      data: {
        membershipId: member.membership.id,
        userId: member.user.id,
        cycleId,
        cycleName: 'Q3',
        skills: all.length,
      },
    });

    // Once per member and cycle: saving again when complete writes no second delivery and queues nothing.
    expect(await save(member, all.slice(0, 1))).toHaveLength(1);
    expect(await completedDeliveries()).toHaveLength(1);
  });
});
