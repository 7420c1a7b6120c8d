/**
 * The job queue's side of webhooks (lib/jobs, decision 0009): one job per
 * attempt at a delivery, and a sweep that re-queues deliveries that are due
 * but whose job went missing (a job dropped after the queue's own retries, a
 * database restored from a backup) and prunes the delivery log. The delivery row decides what is sent
 * (lib/webhooks/deliver.ts): a job that runs twice, late, or beside the sweep
 * sends nothing twice.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { defineJob } from '@/lib/jobs/define-job';
import { attemptDelivery, dueDeliveries } from './deliver';
import { scheduleDeliveries } from './schedule';

export const deliverWebhookJob = defineJob({
  name: 'webhook.deliver',
  payload: z.object({ organizationId: z.uuid(), deliveryId: z.uuid() }),
  // Mostly waiting on receivers: a few at once per worker, so one slow receiver does not hold up the rest.
  concurrency: 4,
  handler: async (payload, { db }) => {
    await attemptDelivery(db, payload);
  },
});

/** A delivery due for longer than this has lost its job: its own job would have taken it by then. */
const LOST_AFTER_SECONDS = 5 * 60;
/** The delivery log keeps finished deliveries (and their attempts) this long. */
export const DELIVERY_LOG_DAYS = 30;
/** Deleted per sweep at most, so one run stays short however long the log grew meanwhile. */
const PRUNE_BATCH = 5_000;

export const sweepWebhooksJob = defineJob({
  name: 'webhook.sweep',
  payload: z.object({}),
  schedule: { cron: '*/5 * * * *', payload: {} },
  handler: async (_payload, { db }) => {
    const lost = await dueDeliveries(db, { now: new Date(Date.now() - LOST_AFTER_SECONDS * 1000), limit: 500 });
    // The singleton key of the attempt the delivery is waiting for: a job still queued for it is kept, not doubled.
    await scheduleDeliveries(
      db,
      lost.map((due) => ({ ...due, attempt: due.attemptCount + 1, at: null })),
    );
    // Finished deliveries leave the log after a while; their attempts go with them (foreign key cascade).
    await db.execute(sql`
      delete from webhook_deliveries
      where id in (
        select id from webhook_deliveries
        where status <> 'pending' and created_at < now() - make_interval(days => ${DELIVERY_LOG_DAYS})
        limit ${PRUNE_BATCH})`);
  },
});
