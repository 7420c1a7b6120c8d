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
 * Exactly once, and where it is not (docs/decisions/0011-exactly-once-sends.md).
 * Without SMTP (development) the mail is written to the outbox in the same
 * transaction that marks the row `sent`: exactly once. With SMTP the mark is
 * the send's commit point (lib/mail/smtp-commit.ts): the server has the
 * envelope and the message's bytes, the row is marked `sent` — fenced by this
 * attempt's claim, so an attempt whose lease ran out and was taken over can
 * no longer mark — and only then is the DATA terminator written that makes
 * the server accept the message. A worker killed or a database gone before
 * the mark: the server never accepts, the row is not `sent`, a retry sends
 * (nothing lost, nothing twice). What remains: the microseconds between the
 * mark's commit and the terminator's write (a kill there loses that one
 * message: the row says sent), and a server that accepts but cannot answer
 * (the row is put back to `failed`, the retry sends a second copy with the
 * same Message-ID, `<notification-<row id>@skillgrid>`).
 */
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { column, parseRows } from '@/db/rows';
import { notificationSends } from '@/db/schema';
import { env } from '@/lib/env';
import { defineJob, jobDatabase } from '@/lib/jobs/define-job';
import { deliverMail, deliverMailWithCommitPoint, SmtpCommitError } from '@/lib/mail/send-mail';
import { buildNotification } from './content';
import { sendPayload, type SendPayload } from './send-payload';

/** How long undoing the mark of a mail the server then refused is retried while the database does not answer. */
const MARK_RETRY_MS = 60_000;
/** How long an ambiguous mark (the database went away as it answered) is read back before the message is dropped. */
const VERIFY_MS = 15_000;

export type SendOutcome = 'sent' | 'stored' | 'skipped' | 'already-done';

export class ClaimedElsewhereError extends Error {
  constructor() {
    super('Another worker is sending this message right now; this job checks again later.');
  }
}

/**
 * Claims the message for this attempt, in one statement: the row is created
 * claimed, or an existing one is taken over when it is pending, failed, or
 * claimed by an attempt whose lease ran out. Otherwise its state says why not.
 */
async function claim(db: Db, send: SendPayload, attempt: string): Promise<{ id: string } | { state: string }> {
  const lease = env.NOTIFY_SEND_LEASE_SECONDS;
  const [claimed] = parseRows(
    await db.execute(sql`
      insert into notification_sends as s (organization_id, user_id, kind, period_key, state, attempts, claimed_by, claimed_at)
      values (${send.organizationId}, ${send.userId}, ${send.kind}, ${send.periodKey}, 'sending', 1, ${attempt}, now())
      on conflict (organization_id, user_id, kind, period_key) do update
      set state = 'sending', attempts = s.attempts + 1, claimed_by = excluded.claimed_by, claimed_at = now(), detail = null
      where s.state in ('pending', 'failed')
         or (s.state = 'sending' and s.claimed_at < now() - make_interval(secs => ${lease}))
      returning id`),
    z.object({ id: column.text }),
  );
  if (claimed) return claimed;
  const [current] = await db
    .select({ state: notificationSends.state })
    .from(notificationSends)
    .where(
      and(
        eq(notificationSends.organizationId, send.organizationId),
        eq(notificationSends.userId, send.userId),
        eq(notificationSends.kind, send.kind),
        eq(notificationSends.periodKey, send.periodKey),
      ),
    )
    .limit(1);
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

/**
 * The commit point of an SMTP send: marks the row `sent`, fenced by this
 * attempt's claim, while the server holds the message's bytes without its
 * terminator. A refusal (another attempt took the message over after this
 * one's lease ran out) throws: the message is then not sent. A database
 * error is ambiguous — the UPDATE may have committed with its answer lost in
 * a restart — so the row is read back (for up to VERIFY_MS, well inside the
 * SMTP server's patience) before deciding either way.
 */
async function commitSent(database: () => Promise<Db>, id: string, attempt: string): Promise<void> {
  let firstError: unknown;
  try {
    if (await settle(await database(), id, attempt, 'sent', null)) return;
    throw new ClaimedElsewhereError();
  } catch (error) {
    if (error instanceof ClaimedElsewhereError) throw error;
    firstError = error;
  }
  const state = await retrying(VERIFY_MS, async () => {
    const [row] = await (
      await database()
    )
      .select({ state: notificationSends.state, claimedBy: notificationSends.claimedBy })
      .from(notificationSends)
      .where(eq(notificationSends.id, id));
    return row;
  }).catch(() => undefined);
  if (state?.state === 'sent' && state.claimedBy === attempt) return;
  throw firstError;
}

/** After the commit point the server did not take the message: the row goes back to `failed` (the job retries). */
async function undoSent(database: () => Promise<Db>, id: string, attempt: string, detail: string): Promise<void> {
  await retrying(MARK_RETRY_MS, async () => {
    await (
      await database()
    )
      .update(notificationSends)
      .set({ state: 'failed', detail, sentAt: null })
      .where(
        and(
          eq(notificationSends.id, id),
          eq(notificationSends.claimedBy, attempt),
          eq(notificationSends.state, 'sent'),
        ),
      );
  });
}

/** Runs `step` until it succeeds or `ms` have passed (backing off from 100 ms to 2 s): a database restart. */
async function retrying<T>(ms: number, step: () => Promise<T>): Promise<T> {
  const until = Date.now() + ms;
  for (let wait = 100; ; wait = Math.min(wait * 2, 2_000)) {
    try {
      return await step();
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
    await deliverMailWithCommitPoint(mail, () => commitSent(database, claimed.id, attempt));
  } catch (error) {
    if (error instanceof SmtpCommitError && error.afterCommit) {
      await undoSent(database, claimed.id, attempt, describe(error));
    } else if (!(error instanceof SmtpCommitError && error.cause instanceof ClaimedElsewhereError)) {
      // Nothing was sent: the row is free for the job's retry at once (not only after the lease).
      await settle(await database(), claimed.id, attempt, 'failed', describe(error)).catch(() => {});
    }
    throw error;
  }
  return 'sent';
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}

export const sendNotificationJob = defineJob({
  name: 'notify.send',
  payload: sendPayload,
  // Mostly waiting on SMTP and the database: several at once per worker, fetched 10 at a time.
  concurrency: 2,
  batchSize: 10,
  handler: async (payload, context) => {
    await runSend(jobDatabase(context), payload, `${context.jobId}/${context.retryCount}`);
  },
});
