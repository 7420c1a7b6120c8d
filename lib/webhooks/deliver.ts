/**
 * Sending one delivery: one attempt per call, made by the job queue
 * (lib/webhooks/delivery-job.ts). The delivery row is the truth: it is
 * claimed with a lease (so two workers never send it at once), sent through
 * the outbound guard (lib/http/outbound-url.ts), and the outcome, response
 * status and time recorded with the attempt; a failure schedules the next
 * attempt with exponential backoff until the attempts run out.
 *
 * Delivery is at least once: a worker that dies after the receiver answered
 * but before the outcome is written leaves the lease to expire, and the
 * delivery is sent again with the same `webhook-id`, which receivers use to
 * drop repeats. An event that succeeded is never sent again unless an admin
 * re-sends it.
 *
 * No `server-only` marker: the worker process imports this outside Next.js.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { column, parseRows } from '@/db/rows';
import { OutboundFailure, OutboundRefusal, sendOutbound, type OutboundOptions } from '@/lib/http/outbound-url';
import { signedHeaders } from './signing';
import { scheduleDeliveries } from './schedule';

/** Attempts before a delivery is given up (the first one included). */
export const MAX_DELIVERY_ATTEMPTS = 8;
/** One attempt's whole exchange; a receiver should answer at once and work later. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** How long a claimed delivery stays with its worker: well past the timeout, short enough to recover a dead worker. */
const LEASE_SECONDS = 60;

/**
 * Seconds to wait after failed attempt `attempt` (1-based): 15 s, 1 min, 4 min,
 * 16 min, ~1 h, ~4 h, 12 h — eight attempts spread over about 18 hours, so a
 * receiver that is down for a deploy or a night still gets everything.
 */
export function retryDelaySeconds(attempt: number): number {
  return Math.min(15 * 4 ** Math.max(0, attempt - 1), 12 * 60 * 60);
}

export type AttemptOutcome =
  | { outcome: 'skipped' }
  | {
      outcome: 'succeeded' | 'retrying' | 'failed';
      attempt: number;
      responseStatus: number | null;
      responseMs: number;
      error: string | null;
      nextAttemptAt: Date | null;
    };

export interface AttemptOptions {
  /** The clock (tests move it forward instead of waiting for the backoff). */
  now?: Date;
  timeoutMs?: number;
  /** The outbound guard's policy and resolver (tests); default: OUTBOUND_URL_ALLOW and the system resolver. */
  outbound?: OutboundOptions;
}

const claimedRow = z.object({
  id: column.text,
  event_id: column.text,
  payload: column.text,
  attempt_count: column.number,
  url: column.text,
  secret: column.text,
  previous_secret: column.nullableText,
  previous_secret_expires_at: column.nullableDate,
});

const USER_AGENT = 'Skillgrid-Webhooks/1';
const ERROR_MAX = 500;

/**
 * Makes one attempt at a delivery if it is due, not already being sent and
 * its endpoint still enabled; otherwise does nothing (`skipped`), so a job
 * that runs twice, late or after a re-send cannot send twice.
 */
export async function attemptDelivery(
  db: Db,
  target: { organizationId: string; deliveryId: string },
  options: AttemptOptions = {},
): Promise<AttemptOutcome> {
  const now = options.now ?? new Date();
  const [claimed] = parseRows(
    await db.execute(sql`
      update webhook_deliveries d
      set locked_until = ${now.toISOString()}::timestamptz + make_interval(secs => ${LEASE_SECONDS}),
          attempt_count = d.attempt_count + 1,
          last_attempt_at = ${now.toISOString()}::timestamptz
      from webhook_endpoints e
      where d.organization_id = ${target.organizationId} and d.id = ${target.deliveryId}
        and d.status = 'pending'
        and (d.next_attempt_at is null or d.next_attempt_at <= ${now.toISOString()}::timestamptz)
        and (d.locked_until is null or d.locked_until < ${now.toISOString()}::timestamptz)
        and e.organization_id = d.organization_id and e.id = d.endpoint_id and e.enabled
      returning d.id, d.event_id, d.payload, d.attempt_count, e.url, e.secret, e.previous_secret,
        e.previous_secret_expires_at`),
    claimedRow,
  );
  if (!claimed) return { outcome: 'skipped' };

  const secrets = [claimed.secret];
  if (claimed.previous_secret && claimed.previous_secret_expires_at && claimed.previous_secret_expires_at > now) {
    secrets.push(claimed.previous_secret);
  }
  const headers = {
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    ...signedHeaders(secrets, { id: claimed.event_id, timestamp: now, body: claimed.payload }),
  };

  let responseStatus: number | null = null;
  let responseMs = 0;
  let error: string | null = null;
  try {
    const response = await sendOutbound(
      claimed.url,
      { headers, body: claimed.payload, timeoutMs: options.timeoutMs ?? DELIVERY_TIMEOUT_MS },
      options.outbound,
    );
    responseStatus = response.status;
    responseMs = response.durationMs;
    if (response.status < 200 || response.status > 299) {
      const excerpt = response.bodyExcerpt.trim().replace(/\s+/g, ' ');
      error = `HTTP ${response.status}${excerpt ? `: ${excerpt}` : ''}`;
    }
  } catch (caught) {
    if (caught instanceof OutboundRefusal) error = `Refused: ${caught.message}`;
    else if (caught instanceof OutboundFailure) {
      error = caught.message;
      responseMs = caught.durationMs;
    } else throw caught;
  }
  if (error !== null) error = error.slice(0, ERROR_MAX);

  const attempt = claimed.attempt_count;
  const succeeded = error === null;
  const givenUp = !succeeded && attempt >= MAX_DELIVERY_ATTEMPTS;
  const nextAttemptAt = succeeded || givenUp ? null : new Date(now.getTime() + retryDelaySeconds(attempt) * 1000);
  const status = succeeded ? 'succeeded' : givenUp ? 'failed' : 'pending';

  await db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into webhook_delivery_attempts (organization_id, delivery_id, attempt, started_at, response_status,
        response_ms, error)
      values (${target.organizationId}, ${claimed.id}, ${attempt}, ${now.toISOString()}::timestamptz,
        ${responseStatus}, ${responseMs}, ${error})`);
    await tx.execute(sql`
      update webhook_deliveries
      set status = ${status}, response_status = ${responseStatus}, response_ms = ${responseMs}, last_error = ${error},
          next_attempt_at = ${nextAttemptAt?.toISOString() ?? null}::timestamptz, locked_until = null,
          delivered_at = case when ${succeeded}::boolean then ${now.toISOString()}::timestamptz else delivered_at end
      where organization_id = ${target.organizationId} and id = ${claimed.id}`);
    if (nextAttemptAt) {
      await scheduleDeliveries(tx, [
        { organizationId: target.organizationId, deliveryId: claimed.id, attempt: attempt + 1, at: nextAttemptAt },
      ]);
    }
  });

  return {
    outcome: succeeded ? 'succeeded' : givenUp ? 'failed' : 'retrying',
    attempt,
    responseStatus,
    responseMs,
    error,
    nextAttemptAt,
  };
}

/**
 * Every delivery that is due and not being sent, oldest first, up to `limit`:
 * the safety net for a delivery whose job was lost, and what a test calls
 * instead of waiting for the queue. Across organizations (each delivery is
 * then claimed by its own organization and id).
 */
export async function dueDeliveries(
  db: Db,
  options: { now?: Date; limit?: number } = {},
): Promise<{ organizationId: string; deliveryId: string; attemptCount: number }[]> {
  const now = (options.now ?? new Date()).toISOString();
  const rows = parseRows(
    await db.execute(sql`
      select organization_id, id, attempt_count from webhook_deliveries
      where status = 'pending' and next_attempt_at <= ${now}::timestamptz
        and (locked_until is null or locked_until < ${now}::timestamptz)
      order by next_attempt_at
      limit ${options.limit ?? 100}`),
    z.object({ organization_id: column.text, id: column.text, attempt_count: column.number }),
  );
  return rows.map((row) => ({
    organizationId: row.organization_id,
    deliveryId: row.id,
    attemptCount: row.attempt_count,
  }));
}
