/**
 * `notify.chat`: the team's weekly digest posted to the team's Slack or Teams
 * channel (lib/notifications/chat-webhook.ts), once per team and week.
 *
 * The record is the week's digest row (`team_digests`, the one the managers'
 * mails of that week read, lib/notifications/digest.ts): it is claimed for
 * one job attempt at a time (a conditional UPDATE with a lease, as the mail
 * sends' rows are), and ends `posted` (with `posted_at`) or `skipped`
 * (nothing to say). A failure — an HTTP error, no answer, an address the
 * outbound guard refuses — marks it `failed` with the reason and throws, so
 * the queue retries with backoff and, out of retries, the job shows on
 * /admin/notifications with its retry button.
 *
 * Once, and where it is not: a chat webhook has no idempotency key, so a
 * worker killed after the channel accepted the post and before the row says
 * `posted` leaves the claim to expire and the retry posts a second copy. That
 * window is one UPDATE wide; everything else (two workers, a retry racing a
 * late worker, the scan enqueueing again) posts once.
 *
 * No `server-only` marker: the worker process imports this outside Next.js.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { column, parseRows } from '@/db/rows';
import { defineJob, jobDatabase } from '@/lib/jobs/define-job';
import { OutboundFailure, OutboundRefusal, sendOutbound } from '@/lib/http/outbound-url';
import { loadTeamDigest } from './digest';
import { notificationOrigin } from './links';
import { slackPayload, teamsPayload } from './chat-payloads';
import { chatUrlProblem, readTeamChatWebhook, type ChatUrlOptions } from './chat-webhook';

/** How long one attempt holds the digest's post: well past the request's timeout. */
const LEASE_SECONDS = 120;
const POST_TIMEOUT_MS = 10_000;
const DETAIL_MAX = 500;

export const chatPostPayload = z.object({
  organizationId: z.uuid(),
  teamId: z.uuid(),
  /** The digest's week, `<team id>:<ISO week>` (as the managers' digest mails). */
  periodKey: z.string().min(1).max(200),
});
export type ChatPostPayload = z.infer<typeof chatPostPayload>;

export type ChatPostOutcome = 'posted' | 'skipped' | 'already-done' | 'no-webhook';

/** The post could not be delivered; the job retries (the row says why on the team's settings page). */
export class ChatPostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChatPostError';
  }
}

/** Someone else's attempt holds the post right now: the job retries later and finds it done or free. */
export class ChatClaimedElsewhereError extends Error {
  constructor() {
    super('Another worker is posting this digest right now; this job checks again later.');
  }
}

/** The team's manager whose view the post shows (the digest is "as the team's managers see it"). */
async function managerActor(db: Db, organizationId: string, teamId: string) {
  const [row] = parseRows(
    await db.execute(sql`
      select m.id, m.user_id, m.role::text as role from team_managers tmg
      join memberships m on m.organization_id = tmg.organization_id and m.id = tmg.membership_id and m.status = 'active'
      where tmg.organization_id = ${organizationId} and tmg.team_id = ${teamId}
      order by m.created_at, m.id
      limit 1`),
    z.object({ id: column.text, user_id: column.text, role: z.enum(['member', 'manager', 'admin']) }),
  );
  return row ? { user: { id: row.user_id }, membership: { id: row.id, role: row.role, organizationId } } : null;
}

/** Sets the post's outcome, only while `attempt` holds the claim. */
async function settle(
  db: Db,
  payload: ChatPostPayload,
  attempt: string,
  state: 'posted' | 'skipped' | 'failed',
  detail: string | null,
): Promise<boolean> {
  const rows = parseRows(
    await db.execute(sql`
      update team_digests set post_state = ${state}, post_detail = ${detail},
        posted_at = case when ${state} = 'posted' then now() else posted_at end,
        post_claimed_by = null, post_claimed_at = null
      where organization_id = ${payload.organizationId} and team_id = ${payload.teamId}
        and period_key = ${payload.periodKey} and post_claimed_by = ${attempt}
      returning period_key`),
    z.object({ period_key: column.text }),
  );
  return rows.length > 0;
}

export async function runChatPost(
  db: Db,
  payload: ChatPostPayload,
  attempt: string,
  options: ChatUrlOptions & { timeoutMs?: number } = {},
): Promise<ChatPostOutcome> {
  const webhook = await readTeamChatWebhook(db, payload.organizationId, payload.teamId);
  if (!webhook) return 'no-webhook';
  const actor = await managerActor(db, payload.organizationId, payload.teamId);
  if (!actor) return 'skipped';
  // Builds (or reads) the week's digest row: the same facts as the managers' mails of this week.
  const result = await loadTeamDigest(db, actor, payload.teamId, payload.periodKey);
  const [claimed] = parseRows(
    await db.execute(sql`
      update team_digests set post_claimed_by = ${attempt}, post_claimed_at = now(), post_attempts = post_attempts + 1
      where organization_id = ${payload.organizationId} and team_id = ${payload.teamId}
        and period_key = ${payload.periodKey}
        and (post_state is null or post_state = 'failed')
        and (post_claimed_at is null or post_claimed_at < now() - make_interval(secs => ${LEASE_SECONDS}))
      returning post_attempts`),
    z.object({ post_attempts: column.number }),
  );
  if (!claimed) {
    const [row] = parseRows(
      await db.execute(sql`
        select post_state from team_digests
        where organization_id = ${payload.organizationId} and team_id = ${payload.teamId}
          and period_key = ${payload.periodKey}`),
      z.object({ post_state: column.nullableText }),
    );
    // No row: the digest was skipped before it was recorded (no open cycle, no longer a manager).
    if (!row) return 'skipped';
    if (row.post_state === 'posted' || row.post_state === 'skipped') return 'already-done';
    throw new ChatClaimedElsewhereError();
  }
  if ('skip' in result) {
    await settle(db, payload, attempt, 'skipped', result.skip);
    return 'skipped';
  }

  const fail = async (message: string): Promise<never> => {
    const detail = message.slice(0, DETAIL_MAX);
    await settle(db, payload, attempt, 'failed', detail);
    throw new ChatPostError(detail);
  };
  // Checked again at every post: a URL saved under other rules (or edited in the database) is not trusted.
  const problem = chatUrlProblem(webhook.url, webhook.provider, options);
  if (problem) return fail(`Refused: ${problem}`);

  const [organization] = parseRows(
    await db.execute(sql`select name from organizations where id = ${payload.organizationId}`),
    z.object({ name: column.text }),
  );
  const message = {
    organizationName: organization?.name ?? '',
    digest: result.digest,
    teamUrl: `${notificationOrigin()}/teams/${payload.teamId}`,
  };
  const body = JSON.stringify(webhook.provider === 'slack' ? slackPayload(message) : teamsPayload(message));
  try {
    const response = await sendOutbound(
      webhook.url,
      {
        headers: { 'content-type': 'application/json', 'user-agent': 'Skillgrid-Digest/1' },
        body,
        timeoutMs: options.timeoutMs ?? POST_TIMEOUT_MS,
      },
      options.outbound,
    );
    if (response.status < 200 || response.status > 299) {
      const excerpt = response.bodyExcerpt.trim().replace(/\s+/g, ' ').slice(0, 200);
      return await fail(`The channel answered HTTP ${response.status}${excerpt ? `: ${excerpt}` : ''}`);
    }
  } catch (error) {
    if (error instanceof OutboundRefusal) return fail(`Refused: ${error.message}`);
    if (error instanceof OutboundFailure) return fail(`Not delivered: ${error.message}`);
    throw error;
  }
  if (!(await settle(db, payload, attempt, 'posted', null))) {
    // The lease ran out while the channel answered and another attempt took the post over: it was posted.
    throw new ChatClaimedElsewhereError();
  }
  return 'posted';
}

export const chatPostJob = defineJob({
  name: 'notify.chat',
  payload: chatPostPayload,
  handler: async (payload, context) => {
    await runChatPost(await jobDatabase(context)(), payload, `${context.jobId}/${context.retryCount}`);
  },
});
