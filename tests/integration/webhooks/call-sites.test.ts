/**
 * The call sites the end-to-end receiver test does not pass through: the
 * assessment completed by confirming carried-over ratings, and a manager
 * agreeing with a section's self ratings. Deliveries are checked where they
 * are written (the outbox), not sent.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessmentCycles, ratings, webhookDeliveries, webhookEndpoints } from '@/db/schema';
import { saveRatingsAction } from '@/lib/assessments/actions';
import type { SessionContext } from '@/lib/auth/session';
import { agreeWithSectionAction } from '@/lib/insight/actions';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@/lib/webhooks/events';
import { createMember, createOrganization } from '../../fixtures/actors';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { insertSmallFramework, type SmallFramework } from '../../fixtures/small-framework';
import { actAs, useTestDatabase } from '../../fixtures/test-context';

let database: TestDatabase;
let org: string;
let admin: SessionContext;
let member: SessionContext;
let framework: SmallFramework;
let cycleId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  org = await createOrganization(database.db, 'Call sites');
  admin = await createMember(database.db, org, 'admin');
  member = await createMember(database.db, org, 'member');
  framework = await insertSmallFramework(database.db, org);
  await database.db.insert(webhookEndpoints).values({
    organizationId: org,
    // Never sent to: no worker runs in this file.
    url: 'https://203.0.113.7/hooks',
    events: [...WEBHOOK_EVENT_TYPES],
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  });
  const [cycle] = await database.db
    .insert(assessmentCycles)
    .values({
      organizationId: org,
      frameworkId: framework.frameworkId,
      name: 'Carried over',
      opensOn: '2026-01-01',
      closesOn: '2099-12-31',
    })
    .returning();
  cycleId = cycle!.id;
  // Every skill pre-filled from an earlier cycle: rated, but not done until confirmed.
  await database.db.insert(ratings).values(
    framework.skillIds.map((skillId) => ({
      organizationId: org,
      cycleId,
      membershipId: member.membership.id,
      skillId,
      level: 2,
      carriedOver: true,
      ratedByMembershipId: member.membership.id,
    })),
  );
});
afterAll(async () => {
  await database?.close();
});

const deliveries = (type: WebhookEventType) =>
  database.db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.organizationId, org), eq(webhookDeliveries.eventType, type)));

describe('webhook call sites', () => {
  it('announces assessment.completed when confirming the last carried-over rating, not before', async () => {
    actAs(member);
    // Confirmations travel through the save path as changes flagged `confirm` (what "Confirm all
    // unchanged in this section" sends).
    const confirm = (skillIds: readonly string[]) =>
      saveRatingsAction({
        cycleId,
        changes: skillIds.map((skillId, i) => ({
          skillId,
          level: 2,
          notApplicable: false,
          interest: false,
          note: null,
          changedAt: new Date().toISOString(),
          confirm: true,
          clientChangeId: `confirm-${i}`,
        })),
      });
    const all = framework.skillIds;
    expect(await confirm(all.slice(0, -1))).toMatchObject({ ok: true });
    expect(await deliveries('assessment.completed')).toHaveLength(0);
    expect(await confirm(all.slice(-1))).toMatchObject({ ok: true });
    const [completed] = await deliveries('assessment.completed');
    expect(JSON.parse(completed!.payload)).toMatchObject({
      type: 'assessment.completed',
      data: { membershipId: member.membership.id, cycleId, skills: framework.skillIds.length },
    });
  });

  it('announces rating.reviewed when a manager agrees with a section, listing the ratings', async () => {
    actAs(admin);
    const result = await agreeWithSectionAction({
      cycleId,
      membershipId: member.membership.id,
      sectionId: framework.id('tech/python'),
    });
    expect(result).toMatchObject({ ok: true, data: { agreed: 3 } });
    const [reviewed] = await deliveries('rating.reviewed');
    const body = JSON.parse(reviewed!.payload) as { data: { ratings: { skillId: string; level: number }[] } };
    expect(body.data).toMatchObject({ membershipId: member.membership.id, reviewerMembershipId: admin.membership.id });
    expect(body.data.ratings.map((rating) => rating.skillId).sort()).toEqual(
      ['tech/python/basics/syntax', 'tech/python/basics/typing', 'tech/python/async/asyncio'].map(framework.id).sort(),
    );
    expect(body.data.ratings.every((rating) => rating.level === 2)).toBe(true);
    // Agreeing again changes nothing and announces nothing.
    expect(
      await agreeWithSectionAction({
        cycleId,
        membershipId: member.membership.id,
        sectionId: framework.id('tech/python'),
      }),
    ).toMatchObject({ ok: true, data: { agreed: 0 } });
    expect(await deliveries('rating.reviewed')).toHaveLength(1);
  });
});
