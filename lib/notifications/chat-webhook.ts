/**
 * A team's Slack or Microsoft Teams incoming webhook, where the weekly digest
 * is also posted (lib/notifications/chat-job.ts). Set by the team's managers
 * or an admin on the team's settings page (/teams/[teamId]/settings).
 *
 * Which URLs: any `https://` URL, with the provider chosen beside it — so a
 * Slack app's `https://hooks.slack.com/services/…`, a Teams channel's
 * `https://<tenant>.webhook.office.com/…` connector, a Teams *Workflows*
 * (Power Automate) URL on `*.logic.azure.com` or `*.powerplatform.com`, and
 * self-hosted chats that accept Slack's format (Mattermost, Rocket.Chat) all
 * work. A URL of the well-known hosts of the OTHER provider is refused with a
 * hint (a Slack URL saved as Teams would post a card Slack rejects). Never
 * plain http: the URL is the channel's secret. The address check is the
 * outbound guard's (lib/http/outbound-url.ts): no private, loopback,
 * link-local or metadata address after DNS, checked on save and again at
 * every post (pinned to the checked answer).
 *
 * The URL is the secret — whoever has it can post to the channel — so it is
 * stored sealed (lib/security/seal.ts, bound to the team), never logged,
 * never put in a job's payload or the audit log, and shown masked.
 *
 * No `server-only` marker: the job worker imports this outside Next.js.
 */
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { column, parseRows } from '@/db/rows';
import { CHAT_WEBHOOK_PROVIDERS, teamChatWebhooks, type ChatWebhookProvider } from '@/db/schema';
import type { WriteOutcome } from '@/lib/actions/define-action';
import { checkOutboundUrl, OutboundRefusal, type OutboundOptions } from '@/lib/http/outbound-url';
import { seal, unseal } from '@/lib/security/seal';
import { NO_NUL, NO_NUL_MESSAGE } from '@/lib/validation/text';

const SEAL_PURPOSE = 'team-chat-webhook';
const URL_MAX = 2000;

export const CHAT_PROVIDER_LABELS: Record<ChatWebhookProvider, string> = {
  slack: 'Slack',
  teams: 'Microsoft Teams',
};

/** Hosts that belong to one provider: a URL of one saved as the other is a mistake worth saying. */
const PROVIDER_HOSTS: Record<ChatWebhookProvider, RegExp> = {
  slack: /(^|\.)slack\.com$/,
  teams: /(^|\.)(webhook\.office\.com|logic\.azure\.com|powerplatform\.com|office\.com)$/,
};

export const teamTargetSchema = z.object({ teamId: z.uuid('Unknown team.') });

export const setChatWebhookSchema = z.object({
  teamId: z.uuid('Unknown team.'),
  provider: z.enum(CHAT_WEBHOOK_PROVIDERS, 'Choose Slack or Microsoft Teams.'),
  url: z
    .string('Paste the incoming webhook URL.')
    .trim()
    .min(1, 'Paste the incoming webhook URL.')
    .max(URL_MAX, `At most ${URL_MAX} characters.`)
    .regex(NO_NUL, NO_NUL_MESSAGE),
});
export type SetChatWebhookInput = z.output<typeof setChatWebhookSchema>;

export interface ChatUrlOptions {
  /** The outbound guard's policy and resolver (tests: a receiver on loopback). */
  outbound?: OutboundOptions;
  /**
   * Accept `http://` (tests only: their receiver has no certificate). An explicit argument, never read
   * from the environment, so no production setting can turn the https requirement off.
   */
  allowHttp?: boolean;
}

/** Shape checks without DNS: https, no credentials, the provider's hosts. A message for the person, or null. */
export function chatUrlProblem(
  raw: string,
  provider: ChatWebhookProvider,
  options: ChatUrlOptions = {},
): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'This is not a complete URL; copy the whole webhook URL from Slack or Teams (it starts with https://).';
  }
  if (url.protocol !== 'https:' && !(options.allowHttp && url.protocol === 'http:')) {
    return 'The webhook URL must start with https:// — the URL is the channel’s secret and must not travel unencrypted.';
  }
  if (url.username || url.password) return 'Leave the user name and password out of the URL.';
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  const other: ChatWebhookProvider = provider === 'slack' ? 'teams' : 'slack';
  if (PROVIDER_HOSTS[other].test(host)) {
    return `This looks like a ${CHAT_PROVIDER_LABELS[other]} URL; choose ${CHAT_PROVIDER_LABELS[other]} above, or paste the ${CHAT_PROVIDER_LABELS[provider]} URL.`;
  }
  return null;
}

/**
 * Every check of a URL before it is saved: its shape (`chatUrlProblem`) and every address its host resolves
 * to now (the outbound guard). Returns the normalised URL or the message for the person who typed it.
 */
export async function checkChatUrl(
  raw: string,
  provider: ChatWebhookProvider,
  options: ChatUrlOptions = {},
): Promise<{ ok: true; url: string } | { ok: false; error: string }> {
  const problem = chatUrlProblem(raw, provider, options);
  if (problem) return { ok: false, error: problem };
  try {
    return { ok: true, url: (await checkOutboundUrl(raw, options.outbound)).toString() };
  } catch (error) {
    if (error instanceof OutboundRefusal) return { ok: false, error: error.message };
    throw error;
  }
}

/** `https://hooks.slack.com/…/Xy9Z`: the host and the last four characters, enough to recognise it. */
export function maskChatUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const tail = url.replace(/\/+$/, '').slice(-4);
    return `${parsed.protocol}//${parsed.host}/…${tail}`;
  } catch {
    return '…';
  }
}

export interface TeamChatWebhookView {
  provider: ChatWebhookProvider;
  maskedUrl: string;
  updatedAt: Date;
  updatedBy: string | null;
  /** The latest digest post: its week, state, attempts and detail (why skipped, last failure). */
  lastPost: {
    periodKey: string;
    state: string | null;
    postedAt: Date | null;
    attempts: number;
    detail: string | null;
  } | null;
}

/** The team's webhook as its settings page shows it (masked), or null. */
export async function loadTeamChatWebhook(
  db: Db,
  organizationId: string,
  teamId: string,
): Promise<TeamChatWebhookView | null> {
  const [row] = parseRows(
    await db.execute(sql`
      select w.provider, w.url, w.updated_at, u.name as updated_by,
        d.period_key, d.post_state, d.posted_at, d.post_attempts, d.post_detail
      from team_chat_webhooks w
      left join memberships m on m.organization_id = w.organization_id and m.id = w.updated_by_membership_id
      left join users u on u.id = m.user_id
      left join lateral (
        select period_key, post_state, posted_at, post_attempts, post_detail from team_digests d
        where d.organization_id = w.organization_id and d.team_id = w.team_id and d.post_attempts > 0
        order by d.taken_at desc limit 1) d on true
      where w.organization_id = ${organizationId} and w.team_id = ${teamId}`),
    z.object({
      provider: z.enum(CHAT_WEBHOOK_PROVIDERS),
      url: column.text,
      updated_at: column.date,
      updated_by: column.nullableText,
      period_key: column.nullableText,
      post_state: column.nullableText,
      posted_at: column.nullableDate,
      post_attempts: column.nullableNumber,
      post_detail: column.nullableText,
    }),
  );
  if (!row) return null;
  let maskedUrl: string;
  try {
    maskedUrl = maskChatUrl(unseal(SEAL_PURPOSE, row.url, teamId));
  } catch {
    // Sealed under another AUTH_SECRET (a restored backup): it can no longer be used; say so instead of failing.
    maskedUrl = 'unreadable — the server’s secret changed; set the URL again';
  }
  return {
    provider: row.provider,
    maskedUrl,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
    lastPost: row.period_key
      ? {
          periodKey: row.period_key,
          state: row.post_state,
          postedAt: row.posted_at,
          attempts: Number(row.post_attempts ?? 0),
          detail: row.post_detail,
        }
      : null,
  };
}

/** The webhook the job posts to, unsealed; null without one (or when it can no longer be opened). */
export async function readTeamChatWebhook(
  db: Db,
  organizationId: string,
  teamId: string,
): Promise<{ provider: ChatWebhookProvider; url: string } | null> {
  const [row] = await db
    .select({ provider: teamChatWebhooks.provider, url: teamChatWebhooks.url })
    .from(teamChatWebhooks)
    .where(and(eq(teamChatWebhooks.organizationId, organizationId), eq(teamChatWebhooks.teamId, teamId)));
  if (!row) return null;
  try {
    return { provider: row.provider, url: unseal(SEAL_PURPOSE, row.url, teamId) };
  } catch {
    return null;
  }
}

/**
 * Saves the team's webhook (a URL already checked by `checkChatUrl`), in the audited action's transaction.
 * The audit entry names the provider and the masked URL, never the URL.
 */
export async function saveTeamChatWebhook(
  tx: Db,
  actor: { organizationId: string; membershipId: string },
  input: { teamId: string; provider: ChatWebhookProvider; url: string },
): Promise<WriteOutcome<undefined>> {
  const sealed = seal(SEAL_PURPOSE, input.url, input.teamId);
  const [previous] = await tx
    .select({ provider: teamChatWebhooks.provider })
    .from(teamChatWebhooks)
    .where(and(eq(teamChatWebhooks.organizationId, actor.organizationId), eq(teamChatWebhooks.teamId, input.teamId)));
  await tx
    .insert(teamChatWebhooks)
    .values({
      organizationId: actor.organizationId,
      teamId: input.teamId,
      provider: input.provider,
      url: sealed,
      updatedByMembershipId: actor.membershipId,
    })
    .onConflictDoUpdate({
      target: [teamChatWebhooks.organizationId, teamChatWebhooks.teamId],
      set: {
        provider: input.provider,
        url: sealed,
        updatedByMembershipId: actor.membershipId,
        updatedAt: new Date(),
      },
    });
  const label = CHAT_PROVIDER_LABELS[input.provider];
  return {
    ok: true,
    message: `Saved. The team’s weekly digest now also goes to this ${label} channel.`,
    audit: {
      event: previous ? 'team.chat_webhook_changed' : 'team.chat_webhook_set',
      targetId: input.teamId,
      details: {
        provider: input.provider,
        url: maskChatUrl(input.url),
        ...(previous ? { from: previous.provider } : {}),
      },
    },
  };
}

export async function removeTeamChatWebhook(
  tx: Db,
  organizationId: string,
  teamId: string,
): Promise<WriteOutcome<undefined>> {
  const removed = await tx
    .delete(teamChatWebhooks)
    .where(and(eq(teamChatWebhooks.organizationId, organizationId), eq(teamChatWebhooks.teamId, teamId)))
    .returning({ provider: teamChatWebhooks.provider });
  if (removed.length === 0) return { ok: true, message: 'The team has no chat channel.', audit: null };
  return {
    ok: true,
    message: 'Removed. The digest goes to the managers’ mail only.',
    audit: { targetId: teamId, details: { provider: removed[0]!.provider } },
  };
}
