/**
 * What POST /api/ratings/batch takes from the browser and PostgreSQL could choke on: a well-formed ISO time it
 * cannot store (year 0), a note with a NUL or a lone UTF-16 surrogate (the batch travels to the statement as
 * JSON, which refuses a lone surrogate) must each be a 400 with nothing written, not a failed statement (a 500).
 * And an upper-case spelling of the cycle id (z.uuid() accepts it) is the same cycle: one completion event.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postRatingBatch } from '../../fixtures/rating-batch';
import { assessmentCycles, ratings, webhookDeliveries, webhookEndpoints } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { createMember, createOrganization } from '../../fixtures/actors';
import { insertSmallFramework } from '../../fixtures/small-framework';

let database: TestDatabase;
let organizationId: string;
let cycleId: string;
let skillId: string;
let skillIds: string[];

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  organizationId = await createOrganization(database.db, 'Clockwork');
  const framework = await insertSmallFramework(database.db, organizationId);
  skillIds = framework.skillIds;
  skillId = skillIds[0]!;
  const [cycle] = await database.db
    .insert(assessmentCycles)
    .values({
      organizationId,
      frameworkId: framework.frameworkId,
      name: 'Open',
      opensOn: '2026-01-01',
      closesOn: '2099-12-31',
    })
    .returning();
  cycleId = cycle!.id;
}, 120_000);
afterAll(async () => {
  await database?.close();
});

const post = postRatingBatch;

describe('POST /api/ratings/batch with a time PostgreSQL cannot store', () => {
  it.each(['0000-01-01T00:00:00Z', '0001-01-01T00:00:00+14:00'])(
    '%s is a 400 and nothing is saved',
    async (changedAt) => {
      const member = await createMember(database.db, organizationId, 'member');
      actAs(member);
      const response = await post({
        cycleId,
        clientId: 'browser-clock',
        changes: [{ skillId, level: 2, notApplicable: false, interest: false, note: null, changedAt, seq: 1 }],
      });
      expect(response.status).toBe(400);
      const saved = await database.db
        .select()
        .from(ratings)
        .where(and(eq(ratings.organizationId, organizationId), eq(ratings.membershipId, member.membership.id)));
      expect(saved).toEqual([]);
    },
  );
});

const savedOf = (membershipId: string) =>
  database.db
    .select()
    .from(ratings)
    .where(and(eq(ratings.organizationId, organizationId), eq(ratings.membershipId, membershipId)));

describe('POST /api/ratings/batch with a note PostgreSQL cannot carry', () => {
  it.each([
    ['a lone high surrogate', 'a\uD800b'],
    ['a lone low surrogate', '\uDC00'],
    ['a reversed pair', '\uDC00\uD800'],
    ['a NUL byte', 'x\u0000y'],
  ])('%s is a 400 with a message, and nothing is saved', async (_, note) => {
    const member = await createMember(database.db, organizationId, 'member');
    actAs(member);
    const response = await post({
      cycleId,
      clientId: 'browser-text',
      changes: [
        { skillId, level: 2, notApplicable: false, interest: false, note, changedAt: new Date().toISOString(), seq: 1 },
      ],
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('broken characters');
    expect(await savedOf(member.membership.id)).toEqual([]);
  });

  it('keeps a note with emoji (well-formed surrogate pairs)', async () => {
    const member = await createMember(database.db, organizationId, 'member');
    actAs(member);
    const note = 'Shipped it 🚀 👩‍👩‍👧‍👦';
    const response = await post({
      cycleId,
      clientId: 'browser-text',
      changes: [
        { skillId, level: 2, notApplicable: false, interest: false, note, changedAt: new Date().toISOString(), seq: 1 },
      ],
    });
    expect(response.status).toBe(200);
    expect((await savedOf(member.membership.id)).map((row) => row.note)).toEqual([note]);
  });
});

describe('POST /api/ratings/batch with the cycle id spelt in upper case', () => {
  it('is the same cycle: completing the assessment twice so sends one assessment.completed', async () => {
    await database.db.insert(webhookEndpoints).values({
      organizationId,
      url: 'https://203.0.113.7/hook',
      events: ['assessment.completed'],
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    });
    const member = await createMember(database.db, organizationId, 'member');
    actAs(member);
    let seq = 0;
    for (const spelling of [cycleId, cycleId.toUpperCase(), cycleId.replace(/[a-f]/, (c) => c.toUpperCase())]) {
      const level = (seq % 3) + 1;
      const response = await post({
        cycleId: spelling,
        clientId: 'browser-case',
        changes: skillIds.map((id) => ({
          skillId: id,
          level,
          notApplicable: false,
          interest: false,
          note: null,
          changedAt: new Date().toISOString(),
          seq: ++seq,
        })),
      });
      expect(response.status).toBe(200);
    }
    const deliveries = await database.db
      .select({ eventId: webhookDeliveries.eventId })
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.organizationId, organizationId),
          eq(webhookDeliveries.eventType, 'assessment.completed'),
        ),
      );
    expect(deliveries).toHaveLength(1);
  });
});
