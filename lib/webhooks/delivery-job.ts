/**
 * The job queue's side of webhooks (lib/jobs, decision 0009): one job per
 * attempt at a delivery, and a sweep that re-queues deliveries that are due
 * but whose job went missing (a job dropped after the queue's own retries, a
 * database restored from a backup). The delivery row decides what is sent
 * (lib/webhooks/deliver.ts): a job that runs twice, late, or beside the sweep
 * sends nothing twice.
 */
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
  },
});
