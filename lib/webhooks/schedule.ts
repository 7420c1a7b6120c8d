/**
 * Hands deliveries to the job queue, in the caller's transaction.
 * PLACEHOLDER until lib/jobs lands: replaced by an enqueue of `webhook.deliver`.
 */
import type { Db } from '@/db';

export interface ScheduledDelivery {
  organizationId: string;
  deliveryId: string;
  /** Which attempt the job makes (1 = the first): part of the job's key, so an attempt is queued once. */
  attempt: number;
  /** Not before this moment; null = now. */
  at: Date | null;
}

export async function scheduleDeliveries(_tx: Db, _deliveries: readonly ScheduledDelivery[]): Promise<void> {}
