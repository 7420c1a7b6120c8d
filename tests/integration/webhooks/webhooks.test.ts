/**
 * Issue 21 (webhooks): a real receiver on loopback (allowed by the operator's
 * OUTBOUND_URL_ALLOW) verifies every request with the Standard Webhooks
 * library, fails each event's first two attempts, and must then see every
 * event exactly once — and only its own organization's.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rowsOf } from '@/db';
import { webhookDeliveries, webhookDeliveryAttempts, webhookEndpoints } from '@/db/schema';
import { saveRatingsAction } from '@/lib/assessments/actions';
import type { SessionContext } from '@/lib/auth/session';
import { closeCycleAction, openCycleAction } from '@/lib/cycles/actions';
import { saveManagerRatingAction } from '@/lib/insight/actions';
import { acceptInvitationAsNewUser } from '@/lib/invitations/accept-invitation';
import { createInvitation, createInvitationSchema } from '@/lib/invitations/create-invitation';
import { deactivateMemberAction } from '@/lib/members/actions';
import {
  createWebhookEndpointAction,
  resendWebhookDeliveryAction,
  setWebhookEndpointEnabledAction,
} from '@/lib/webhooks/actions';
import { startWorker, type RunningWorker } from '@/lib/jobs/worker';
import { attemptDelivery, dueDeliveries } from '@/lib/webhooks/deliver';
import { deliverWebhookJob, sweepWebhooksJob } from '@/lib/webhooks/delivery-job';
import { emitWebhookEvent } from '@/lib/webhooks/emit';
import type { WebhookEventType } from '@/lib/webhooks/events';
import { listDeliveries, listEndpoints } from '@/lib/webhooks/queries';
import { createMember, createOrganization } from '../../fixtures/actors';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { insertSmallFramework, type SmallFramework } from '../../fixtures/small-framework';
import { actAs, useTestDatabase } from '../../fixtures/test-context';

// The operator allows the test's receiver on loopback; nothing else private is allowed.
vi.mock('@/lib/env', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/env')>();
  const env = new Proxy(original.env, {
    get: (target, key) => (key === 'OUTBOUND_URL_ALLOW' ? '127.0.0.1' : Reflect.get(target, key)),
  });
  return { env };
});
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

interface Received {
  path: string;
  id: string;
  type: WebhookEventType;
  data: Record<string, unknown>;
}

/** A receiver as a customer would write one: verify, then answer 503 twice per event, then 200. */
function startReceiver(secrets: Map<string, string>) {
  const accepted: Received[] = [];
  const tries = new Map<string, number>();
  const rejected: string[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = request.url ?? '';
      const secret = secrets.get(path);
      let payload: { type: WebhookEventType; data: Record<string, unknown> };
      try {
        if (!secret) throw new Error(`no secret for ${path}`);
        payload = new Webhook(secret).verify(body, request.headers as Record<string, string>) as typeof payload;
      } catch (error) {
        rejected.push(`${path}: ${(error as Error).message}`);
        response.writeHead(401).end();
        return;
      }
      const id = String(request.headers['webhook-id']);
      const attempt = (tries.get(`${path} ${id}`) ?? 0) + 1;
      tries.set(`${path} ${id}`, attempt);
      if (attempt <= 2) {
        response.writeHead(503, { 'content-type': 'text/plain' }).end('busy, try later');
        return;
      }
      accepted.push({ path, id, type: payload.type, data: payload.data });
      response.writeHead(200).end('ok');
    });
  });
  return { server, accepted, rejected, tries };
}

let database: TestDatabase;
let receiver: ReturnType<typeof startReceiver>;
let base: string;
const secrets = new Map<string, string>();

let orgA: string;
let orgB: string;
let adminA: SessionContext;
let adminB: SessionContext;
let memberA: SessionContext;
let frameworkA: SmallFramework;
let frameworkB: SmallFramework;

async function addEndpoint(admin: SessionContext, path: string, events: readonly WebhookEventType[]) {
  actAs(admin);
  const result = await createWebhookEndpointAction({ url: `${base}${path}`, events, description: path });
  if (!result.ok || !result.data) throw new Error(JSON.stringify(result));
  secrets.set(path, result.data.secret);
  return result.data.endpointId;
}

/** Every due delivery, one attempt each, as a job would make it (for the tests after the queue's own). */
async function runDueDeliveries(now: Date) {
  const outcomes = [];
  for (const due of await dueDeliveries(database.db, { now })) {
    outcomes.push(await attemptDelivery(database.db, due, { now }));
  }
  return outcomes;
}

async function count(query: SQL): Promise<number> {
  return Number(rowsOf<{ n: number }>(await database.db.execute(query))[0]?.n);
}

async function waitFor(check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('timed out waiting for the worker');
}

/** Whether every delivery has made `attempts` attempts (or succeeded) and none is being sent. */
async function settledAfter(attempts: number): Promise<boolean> {
  return (
    (await count(sql`select count(*)::int as n from webhook_deliveries
    where (status = 'pending' and attempt_count < ${attempts}) or locked_until is not null`)) === 0
  );
}

/**
 * The real queue and worker. The back-off waits are skipped by moving the
 * waiting jobs and deliveries to now (the clock jumps, as if 15 s and then
 * 1 min had passed); everything else is the worker's doing.
 */
async function deliverThroughQueue() {
  let worker: RunningWorker | undefined;
  try {
    worker = await startWorker(database, [deliverWebhookJob], { pollingIntervalSeconds: 0.5, schedule: false });
    for (const attempts of [1, 2, 3]) {
      await waitFor(() => settledAfter(attempts));
      await database.db.execute(
        sql`update webhook_deliveries set next_attempt_at = now() where status = 'pending' and next_attempt_at > now()`,
      );
      await database.db.execute(
        sql`update pgboss.job set start_after = now() where name = 'webhook.deliver' and state = 'created'`,
      );
    }
    await waitFor(async () => {
      return (await count(sql`select count(*)::int as n from webhook_deliveries where status = 'pending'`)) === 0;
    });
  } finally {
    await worker?.stop(5_000);
  }
}

const ALL_EVENTS: WebhookEventType[] = [
  'member.created',
  'member.deactivated',
  'assessment.completed',
  'cycle.opened',
  'cycle.closed',
  'rating.reviewed',
];

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  receiver = startReceiver(secrets);
  await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}`;

  orgA = await createOrganization(database.db, 'Hooks A');
  orgB = await createOrganization(database.db, 'Hooks B');
  adminA = await createMember(database.db, orgA, 'admin');
  adminB = await createMember(database.db, orgB, 'admin');
  memberA = await createMember(database.db, orgA, 'member', 'Mia Member');
  frameworkA = await insertSmallFramework(database.db, orgA);
  frameworkB = await insertSmallFramework(database.db, orgB);
});
afterAll(async () => {
  receiver?.server.closeAllConnections();
  await new Promise((resolve) => receiver?.server.close(resolve));
  await database?.close();
});

describe('webhooks end to end', () => {
  let cycleA: string;

  it('delivers every event of the organization, signed, exactly once after two failures', async () => {
    await addEndpoint(adminA, '/a', ALL_EVENTS);
    await addEndpoint(adminB, '/b', ALL_EVENTS);

    // cycle.opened
    actAs(adminA);
    const opened = await openCycleAction({
      name: 'A 2027 Q1',
      opensOn: '2026-01-01',
      closesOn: '2099-12-31',
      frameworkId: frameworkA.frameworkId,
    });
    expect(opened).toMatchObject({ ok: true });
    cycleA = (opened as { data: { cycleId: string } }).data.cycleId;

    // assessment.completed: every skill rated; rating again afterwards announces nothing more.
    actAs(memberA);
    const rateAll = (level: number) =>
      saveRatingsAction({
        cycleId: cycleA,
        changes: frameworkA.skillIds.map((skillId, index) => ({
          clientChangeId: `${level}-${index}`,
          skillId,
          level,
          notApplicable: false,
          interest: false,
          note: '',
          changedAt: new Date().toISOString(),
        })),
      });
    const partial = await saveRatingsAction({
      cycleId: cycleA,
      changes: [
        {
          clientChangeId: 'first',
          skillId: frameworkA.skillIds[0]!,
          level: 1,
          notApplicable: false,
          interest: false,
          note: '',
          changedAt: new Date().toISOString(),
        },
      ],
    });
    expect(partial).toMatchObject({ ok: true });
    expect(await rateAll(2)).toMatchObject({ ok: true });
    expect(await rateAll(3)).toMatchObject({ ok: true });

    // rating.reviewed (an admin reviews anyone's ratings)
    actAs(adminA);
    expect(
      await saveManagerRatingAction({
        cycleId: cycleA,
        membershipId: memberA.membership.id,
        skillId: frameworkA.skillIds[0]!,
        level: 2,
        notApplicable: false,
        note: '',
      }),
    ).toMatchObject({ ok: true });

    // member.created (an accepted invitation)
    const invitation = await createInvitation(
      database.db,
      adminA,
      createInvitationSchema.parse({ email: 'newcomer@example.test', role: 'member' }),
    );
    if (!invitation.ok) throw new Error(invitation.error);
    const accepted = await acceptInvitationAsNewUser(
      database.db,
      { token: invitation.data!.token, name: 'Nia Newcomer', password: 'a long enough password' },
      null,
    );
    expect(accepted).toMatchObject({ ok: true });

    // member.deactivated, cycle.closed
    actAs(adminA);
    expect(await deactivateMemberAction({ membershipId: memberA.membership.id })).toMatchObject({ ok: true });
    expect(await closeCycleAction({ cycleId: cycleA })).toMatchObject({ ok: true });

    // Organization B's own event.
    actAs(adminB);
    expect(
      await openCycleAction({
        name: 'B 2027',
        opensOn: '2026-01-01',
        closesOn: '2099-12-31',
        frameworkId: frameworkB.frameworkId,
      }),
    ).toMatchObject({ ok: true });

    // Each delivery is a job in the queue, written with the change.
    expect(await count(sql`select count(*)::int as n from pgboss.job where name = 'webhook.deliver'`)).toBe(
      ALL_EVENTS.length + 1,
    );

    await deliverThroughQueue();

    expect(receiver.rejected).toEqual([]);
    const toA = receiver.accepted.filter((event) => event.path === '/a');
    const toB = receiver.accepted.filter((event) => event.path === '/b');
    expect(toA.map((event) => event.type).sort()).toEqual([...ALL_EVENTS].sort());
    // Exactly once: no webhook-id accepted twice.
    expect(new Set(toA.map((event) => event.id)).size).toBe(toA.length);
    // Every accepted event took three tries: two 503s, then 200.
    for (const event of toA) expect(receiver.tries.get(`/a ${event.id}`)).toBe(3);
    // Tenant isolation: B heard only its own cycle; A nothing of B's.
    expect(toB.map((event) => event.type)).toEqual(['cycle.opened']);
    expect(toB[0]!.data).toMatchObject({ name: 'B 2027' });
    expect(toA.find((event) => event.type === 'cycle.opened')!.data).toMatchObject({ cycleId: cycleA });

    const completed = toA.find((event) => event.type === 'assessment.completed')!;
    expect(completed.data).toMatchObject({
      membershipId: memberA.membership.id,
      cycleId: cycleA,
      skills: frameworkA.skillIds.length,
    });
    expect(toA.find((event) => event.type === 'member.created')!.data).toMatchObject({
      email: 'newcomer@example.test',
      source: 'invitation',
    });
    expect(toA.find((event) => event.type === 'member.deactivated')!.data).toMatchObject({
      membershipId: memberA.membership.id,
      source: 'admin',
    });

    // The log: each delivery succeeded on its third attempt, with the status and time of each attempt.
    const rows = await database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.organizationId, orgA));
    expect(rows).toHaveLength(ALL_EVENTS.length);
    for (const row of rows) {
      expect(row).toMatchObject({ status: 'succeeded', attemptCount: 3, responseStatus: 200, lastError: null });
      expect(row.responseMs).toBeGreaterThanOrEqual(0);
      const attempts = await database.db
        .select()
        .from(webhookDeliveryAttempts)
        .where(and(eq(webhookDeliveryAttempts.organizationId, orgA), eq(webhookDeliveryAttempts.deliveryId, row.id)))
        .orderBy(webhookDeliveryAttempts.attempt);
      expect(attempts.map((attempt) => attempt.responseStatus)).toEqual([503, 503, 200]);
      expect(attempts[0]!.error).toBe('HTTP 503: busy, try later');
    }

    // Nothing is due any more, and a late job for a delivered event sends nothing.
    const later = new Date(Date.now() + 24 * 60 * 60 * 1000);
    expect(await dueDeliveries(database.db, { now: later })).toEqual([]);
    expect(
      await attemptDelivery(database.db, { organizationId: orgA, deliveryId: rows[0]!.id }, { now: later }),
    ).toEqual({ outcome: 'skipped' });
  });

  it('announces an event with the same once-key to an endpoint only once', async () => {
    const emit = () =>
      database.db.transaction((tx) =>
        emitWebhookEvent(
          tx,
          orgA,
          'assessment.completed',
          { membershipId: memberA.membership.id, userId: memberA.user.id, cycleId: cycleA, cycleName: 'x', skills: 1 },
          { onceKey: `${cycleA}/${memberA.membership.id}` },
        ),
      );
    const first = await emit();
    const second = await emit();
    // The ratings above already announced it under this key: the id is the same, nothing new is written.
    expect(first).toEqual(second);
    expect(first.deliveries).toBe(0);
  });

  it('re-sends a delivery with the same webhook-id; another organization cannot', async () => {
    const [row] = await database.db
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.organizationId, orgA), eq(webhookDeliveries.eventType, 'cycle.closed')));
    actAs(adminB);
    expect(await resendWebhookDeliveryAction({ deliveryId: row!.id })).toMatchObject({ ok: false });
    actAs(adminA);
    expect(await resendWebhookDeliveryAction({ deliveryId: row!.id })).toMatchObject({ ok: true });
    const before = receiver.accepted.length;
    await runDueDeliveries(new Date());
    // The receiver already answered 200 for this id once; it accepts it again (its counter is past two).
    const resent = receiver.accepted.slice(before);
    expect(resent.map((event) => event.id)).toEqual([row!.eventId]);
  });

  it('re-queues a delivery whose job went missing, once', async () => {
    const { eventId } = await database.db.transaction((tx) =>
      emitWebhookEvent(tx, orgA, 'cycle.opened', {
        cycleId: cycleA,
        name: 'lost job',
        teamId: null,
        frameworkId: frameworkA.frameworkId,
        opensOn: '2026-01-01',
        closesOn: '2026-12-31',
        reopened: false,
      }),
    );
    const [delivery] = await database.db
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.organizationId, orgA), eq(webhookDeliveries.eventId, eventId)));
    const jobsFor = () =>
      count(sql`select count(*)::int as n from pgboss.job
        where name = 'webhook.deliver' and data->>'deliveryId' = ${delivery!.id} and state = 'created'`);
    expect(await jobsFor()).toBe(1);
    // The job is lost (say, dropped after the queue's own retries) and the delivery has waited ten minutes.
    await database.db.execute(sql`delete from pgboss.job where data->>'deliveryId' = ${delivery!.id}`);
    await database.db
      .update(webhookDeliveries)
      .set({ nextAttemptAt: new Date(Date.now() - 10 * 60_000) })
      .where(eq(webhookDeliveries.id, delivery!.id));
    // A finished delivery older than the log keeps is pruned with its attempts; a recent one stays.
    const old = new Date(Date.now() - 40 * 24 * 60 * 60_000);
    const [finished] = await database.db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.organizationId, orgA), eq(webhookDeliveries.status, 'succeeded')))
      .limit(1);
    await database.db.update(webhookDeliveries).set({ createdAt: old }).where(eq(webhookDeliveries.id, finished!.id));
    const finishedBefore = await count(
      sql`select count(*)::int as n from webhook_deliveries where status <> 'pending'`,
    );
    const context = {
      db: database.db,
      database: async () => database.db,
      jobId: 'sweep',
      retryCount: 0,
      signal: new AbortController().signal,
    };
    await sweepWebhooksJob.handler({}, context);
    await sweepWebhooksJob.handler({}, context);
    expect(await jobsFor()).toBe(1);
    expect(await count(sql`select count(*)::int as n from webhook_deliveries where status <> 'pending'`)).toBe(
      finishedBefore - 1,
    );
    expect(
      await count(sql`select count(*)::int as n from webhook_delivery_attempts where delivery_id = ${finished!.id}`),
    ).toBe(0);
  });

  it('refuses endpoints on private, loopback, metadata and other non-public addresses, and non-http schemes', async () => {
    actAs(adminA);
    const count = async () =>
      (await database.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.organizationId, orgA))).length;
    const before = await count();
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.8/hook',
      'http://192.168.1.20/hook',
      'http://100.64.0.1/hook',
      'http://127.0.0.2/hook', // loopback, but not the allowed address
      'http://[::1]/hook',
      'http://[::ffff:10.0.0.1]/hook',
      'http://[fd00::1]/hook',
      'file:///etc/passwd',
      'gopher://example.com/',
    ]) {
      const result = await createWebhookEndpointAction({ url, events: ['cycle.opened'] });
      expect(result, url).toMatchObject({ ok: false });
      expect((result as { fieldErrors?: Record<string, string[]> }).fieldErrors?.url?.[0], url).toBeTruthy();
    }
    expect(await count()).toBe(before);
  });

  it('refuses at send time an endpoint whose address is no longer allowed, without connecting', async () => {
    const [endpoint] = await database.db
      .insert(webhookEndpoints)
      .values({
        organizationId: orgA,
        url: 'http://10.1.2.3/hook',
        events: ['cycle.closed'],
        secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      })
      .returning();
    const emitted = await database.db.transaction((tx) =>
      emitWebhookEvent(tx, orgA, 'cycle.closed', { cycleId: cycleA, name: 'x', teamId: null }),
    );
    expect(emitted.deliveries).toBe(2); // '/a' and this one
    const [delivery] = await database.db
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.organizationId, orgA), eq(webhookDeliveries.endpointId, endpoint!.id)));
    const outcome = await attemptDelivery(database.db, { organizationId: orgA, deliveryId: delivery!.id });
    expect(outcome).toMatchObject({ outcome: 'retrying', responseStatus: null });
    expect((outcome as { error: string }).error).toMatch(/^Refused: 10\.1\.2\.3 is a private network address/);
    const listed = async () => (await listEndpoints(database.db, orgA)).find((row) => row.id === endpoint!.id);
    expect(await listed()).toMatchObject({ pending: 1, failed: 0, enabled: true });
    actAs(adminA);
    expect(await setWebhookEndpointEnabledAction({ endpointId: endpoint!.id, enabled: 'false' })).toMatchObject({
      ok: true,
    });
    expect(await listed()).toMatchObject({ pending: 0, failed: 1, enabled: false });
    // The delivery log shows the refusal, newest first, with the attempt.
    const log = await listDeliveries(database.db, orgA, { endpointId: endpoint!.id });
    expect(log.items).toHaveLength(1);
    expect(log.items[0]).toMatchObject({ status: 'failed', eventType: 'cycle.closed' });
    expect(log.items[0]!.attempts).toHaveLength(1);
    expect(await listDeliveries(database.db, orgB, { endpointId: endpoint!.id })).toEqual({
      items: [],
      hasMore: false,
    });
    const [after] = await database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, delivery!.id));
    expect(after).toMatchObject({ status: 'failed', nextAttemptAt: null });
  });
});
