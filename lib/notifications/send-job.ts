/**
 * `notify.send`: one message to one person, at most once per
 * `notification_sends` row (organization, person, kind, period).
 *
 * The row's states: `pending` → `sending` (claimed by one job attempt) →
 * `sent` | `skipped` (nothing to say any more, or turned off); a failed
 * delivery goes `sending` → `failed` and the job is retried with backoff,
 * which claims the row again. A claim is a conditional UPDATE, so of two
 * workers holding jobs for the same message (a retry racing a late worker)
 * one claims it and the other finds it `sending` or `sent`.
 *
 * Exactly once, and where it is not. Without SMTP (development) the mail is
 * written to the outbox in the same transaction that marks the row `sent`:
 * exactly once. With SMTP no system can promise it: the SMTP server's "250
 * accepted" and our commit of `sent` are two systems. The window is the time
 * between the two — a few milliseconds: one UPDATE by primary key right after
 * the answer, retried for up to MARK_RETRY_MS if the database is briefly
 * unreachable (a restart). If the worker dies inside that window, the row
 * stays `sending`; once its claim is older than the lease (NOTIFY_SEND_LEASE_SECONDS,
 * default 10 minutes — far longer than one SMTP conversation may take), a
 * retry claims it again and sends again: at-least-once, so nothing is lost,
 * and the second copy carries the same Message-ID (`<notification-<row id>@skillgrid>`),
 * by which mail systems and clients recognise a repeat. The fault test
 * (scripts/faults/notify-kill.ts) counts deliveries by that id.
 */
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { column, parseRows } from '@/db/rows';
import { notificationSends } from '@/db/schema';
import { env } from '@/lib/env';
import { defineJob, jobDatabase } from '@/lib/jobs/define-job';
import { deliverMail } from '@/lib/mail/send-mail';
import { buildNotification } from './content';
import { sendPayload, type SendPayload } from './send-payload';

/** How long the mark of a sent mail is retried while the database does not answer. */
const MARK_RETRY_MS = 60_000;

export type SendOutcome = 'sent' | 'stored' | 'skipped' | 'already-done';

export class ClaimedElsewhereError extends Error {
  constructor() {
    super('Another worker is sending this message right now; this job checks again later.');
  }
}

/** Claims the message for this attempt; null when it is done or another attempt holds a fresh claim. */
async function claim(db: Db, send: SendPayload, attempt: string): Promise<{ id: string } | { state: string }> {
  const key = and(
    eq(notificationSends.organizationId, send.organizationId),
    eq(notificationSends.userId, send.userId),
    eq(notificationSends.kind, send.kind),
    eq(notificationSends.periodKey, send.periodKey),
  );
  await db
    .insert(notificationSends)
    .values({
      organizationId: send.organizationId,
      userId: send.userId,
      kind: send.kind,
      periodKey: send.periodKey,
    })
    .onConflictDoNothing();
  const lease = env.NOTIFY_SEND_LEASE_SECONDS;
  const [claimed] = parseRows(
    await db.execute(sql`
      update notification_sends
      set state = 'sending', attempts = attempts + 1, claimed_by = ${attempt}, claimed_at = now(), detail = null
      where organization_id = ${send.organizationId} and user_id = ${send.userId}
        and kind = ${send.kind} and period_key = ${send.periodKey}
        and (state in ('pending', 'failed')
             or (state = 'sending' and claimed_at < now() - make_interval(secs => ${lease})))
      returning id`),
    z.object({ id: column.text }),
  );
  if (claimed) return claimed;
  const [current] = await db.select({ state: notificationSends.state }).from(notificationSends).where(key).limit(1);
  return { state: current?.state ?? 'missing' };
}

/** Sets the row's final state, only while this attempt still holds the claim. Returns whether it did. */
async function settle(
  db: Db,
  id: string,
  attempt: string,
  state: 'sent' | 'skipped' | 'failed',
  detail: string | null,
): Promise<boolean> {
  const rows = await db
    .update(notificationSends)
    .set({ state, detail, ...(state === 'sent' ? { sentAt: new Date() } : {}) })
    .where(
      and(
        eq(notificationSends.id, id),
        eq(notificationSends.claimedBy, attempt),
        eq(notificationSends.state, 'sending'),
      ),
    )
    .returning({ id: notificationSends.id });
  return rows.length > 0;
}

async function markSent(db: () => Promise<Db>, id: string, attempt: string): Promise<void> {
  const until = Date.now() + MARK_RETRY_MS;
  for (let wait = 100; ; wait = Math.min(wait * 2, 2_000)) {
    try {
      await settle(await db(), id, attempt, 'sent', null);
      return;
    } catch (error) {
      if (Date.now() + wait > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

export async function runSend(
  database: () => Promise<Db>,
  send: SendPayload,
  attempt: string,
  now?: Date,
): Promise<SendOutcome> {
  const db = await database();
  const claimed = await claim(db, send, attempt);
  if (!('id' in claimed)) {
    if (claimed.state === 'sending') throw new ClaimedElsewhereError();
    return 'already-done';
  }
  let notification;
  try {
    notification = await buildNotification(db, send, now);
  } catch (error) {
    await settle(db, claimed.id, attempt, 'failed', describe(error)).catch(() => {});
    throw error;
  }
  if ('skip' in notification) {
    await settle(db, claimed.id, attempt, 'skipped', notification.skip);
    return 'skipped';
  }
  const mail = {
    to: notification.to,
    ...notification.content,
    headers: notification.headers,
    organizationId: notification.organizationId,
    kind: send.kind,
    messageId: `<notification-${claimed.id}@skillgrid>`,
  };
  if (!env.SMTP_URL) {
    // The outbox row and the mark commit together: exactly once.
    await db.transaction(async (tx) => {
      await deliverMail(tx, mail);
      if (!(await settle(tx, claimed.id, attempt, 'sent', null))) throw new ClaimedElsewhereError();
    });
    return 'stored';
  }
  try {
    await deliverMail(db, mail);
  } catch (error) {
    await settle(db, claimed.id, attempt, 'failed', describe(error)).catch(() => {});
    throw error;
  }
  await markSent(database, claimed.id, attempt);
  return 'sent';
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}

export const sendNotificationJob = defineJob({
  name: 'notify.send',
  payload: sendPayload,
  // Mostly waiting on SMTP and the database: several at once per worker.
  concurrency: 8,
  handler: async (payload, context) => {
    await runSend(jobDatabase(context), payload, `${context.jobId}/${context.retryCount}`);
  },
});
