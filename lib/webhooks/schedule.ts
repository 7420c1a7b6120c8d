/**
 * Hands deliveries to the job queue (`webhook.deliver`), in the caller's
 * transaction: a delivery and its job commit together or not at all.
 */
import type { Db } from '@/db';
import { enqueue } from '@/lib/jobs/enqueue';
import { deliverWebhookJob } from './delivery-job';

export interface ScheduledDelivery {
  organizationId: string;
  deliveryId: string;
  /** Which attempt the job makes (1 = the first): part of the job's key, so one attempt is queued once. */
  attempt: number;
  /** Not before this moment; null = now. */
  at: Date | null;
}

export async function scheduleDeliveries(tx: Db, deliveries: readonly ScheduledDelivery[]): Promise<void> {
  for (const delivery of deliveries) {
    await enqueue(
      tx,
      deliverWebhookJob,
      { organizationId: delivery.organizationId, deliveryId: delivery.deliveryId },
      {
        singletonKey: `${delivery.deliveryId}:${delivery.attempt}`,
        ...(delivery.at ? { startAfter: delivery.at } : {}),
      },
    );
  }
}
