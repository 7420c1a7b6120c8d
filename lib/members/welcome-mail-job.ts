/**
 * `member.welcome`: the mail that tells a person an organization added them
 * without an invitation — `POST /api/v1/members` (an HR system's new hire) or
 * SCIM provisioning — that they have an account, with a link to choose a
 * password (an account without one: a set-password link, valid for
 * WELCOME_LINK_VALID_MS, which also proves the address) or to sign in.
 *
 * Enqueued in the creating transaction (`enqueueWelcomeMail`): no mail for a
 * rolled-back create, no create without its mail. Sent by the worker with the
 * queue's retries, so an unreachable SMTP server never fails the API call;
 * failures wait in the admins' failed-jobs view with a retry button.
 *
 * Once per membership: `memberships.welcome_mailed_at` records the send, set
 * only while it is null. Without SMTP, the outbox row, the record and the
 * link's token commit together; with SMTP, the record and the token are the
 * send's commit point (lib/mail/smtp-commit.ts, as for the invitations and
 * notifications: docs/decisions/0011-exactly-once-sends.md), so a retry after
 * a success, or a second worker holding the job, finds it mailed and sends
 * nothing — and never replaces the link of the mail that went out.
 *
 * No `server-only` marker: the worker process imports this outside Next.js.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { memberships, organizations, users } from '@/db/schema';
import { accountTokenPaths, issueAccountToken } from '@/lib/auth/account-tokens';
import { env } from '@/lib/env';
import { generateInvitationToken } from '@/lib/invitations/token';
import { defineJob, jobDatabase } from '@/lib/jobs/define-job';
import { enqueue } from '@/lib/jobs/enqueue';
import { deliverMail, deliverMailWithCommitPoint, SmtpCommitError } from '@/lib/mail/send-mail';
import { memberWelcomeMail } from '@/lib/mail/templates';
import { notificationOrigin } from '@/lib/notifications/links';

/** A week: long enough for someone added on a Friday; "Forgot password?" covers the rest. */
export const WELCOME_LINK_VALID_MS = 7 * 24 * 60 * 60 * 1000;

export const welcomeMailPayload = z.object({
  organizationId: z.uuid(),
  membershipId: z.uuid(),
  /** Who added them, for the record: `api` or `scim`. */
  via: z.enum(['api', 'scim']),
});
export type WelcomeMailPayload = z.infer<typeof welcomeMailPayload>;

export type WelcomeMailOutcome = 'sent' | 'stored' | 'already-sent' | 'obsolete';

class AlreadyMailedError extends Error {
  constructor() {
    super('This welcome mail was already sent.');
  }
}

/** In the creating transaction: the new membership's welcome mail. */
export async function enqueueWelcomeMail(tx: Db, payload: WelcomeMailPayload): Promise<void> {
  await enqueue(tx, welcomeMailJob, payload);
}

/** Records the send (and stores the link's token); false when it was recorded already. */
async function markMailed(
  tx: Db,
  payload: WelcomeMailPayload,
  link: { userId: string; token: string } | null,
): Promise<boolean> {
  const rows = await tx
    .update(memberships)
    .set({ welcomeMailedAt: new Date() })
    .where(
      and(
        eq(memberships.organizationId, payload.organizationId),
        eq(memberships.id, payload.membershipId),
        isNull(memberships.welcomeMailedAt),
      ),
    )
    .returning({ id: memberships.id });
  if (rows.length === 0) return false;
  if (link) {
    await issueAccountToken(tx, {
      userId: link.userId,
      purpose: 'reset_password',
      validForMs: WELCOME_LINK_VALID_MS,
      token: link.token,
    });
  }
  return true;
}

export async function runWelcomeMail(
  database: () => Promise<Db>,
  payload: WelcomeMailPayload,
  now = new Date(),
): Promise<WelcomeMailOutcome> {
  const db = await database();
  const [row] = await db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      hasPassword: users.passwordHash,
      role: memberships.role,
      status: memberships.status,
      mailedAt: memberships.welcomeMailedAt,
      organizationName: organizations.name,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(and(eq(memberships.organizationId, payload.organizationId), eq(memberships.id, payload.membershipId)))
    .limit(1);
  // Removed or deactivated before the mail went: nobody to welcome.
  if (!row || row.status !== 'active') return 'obsolete';
  if (row.mailedAt) return 'already-sent';

  const origin = notificationOrigin();
  // Generated now, stored only at the commit point: a send that does not happen leaves no usable link.
  const link = row.hasPassword ? null : { userId: row.userId, token: generateInvitationToken() };
  const mail = {
    to: row.email,
    ...memberWelcomeMail({
      name: row.name,
      organizationName: row.organizationName,
      role: row.role,
      signInUrl: `${origin}/sign-in`,
      setPassword: link
        ? {
            link: `${origin}${accountTokenPaths.reset_password(link.token)}`,
            expiresAt: new Date(now.getTime() + WELCOME_LINK_VALID_MS),
          }
        : null,
    }),
    organizationId: payload.organizationId,
    kind: 'member-welcome',
    // Stable across retries: should a server get it twice, clients drop the repeat.
    messageId: `<welcome-${payload.membershipId}@skillgrid>`,
  };
  if (!env.SMTP_URL) {
    // The outbox row (/dev/mail), the record and the link commit together: exactly once.
    return db.transaction(async (tx) => {
      if (!(await markMailed(tx, payload, link))) return 'already-sent';
      await deliverMail(tx, mail);
      return 'stored';
    });
  }
  try {
    await deliverMailWithCommitPoint(mail, async () => {
      const marked = await (await database()).transaction((tx) => markMailed(tx, payload, link));
      if (!marked) throw new AlreadyMailedError();
    });
  } catch (error) {
    if (error instanceof SmtpCommitError && error.cause instanceof AlreadyMailedError) return 'already-sent';
    if (error instanceof SmtpCommitError && error.afterCommit) {
      // Recorded, then the server did not take it: free the record so the job's retry sends (with a new link).
      await (
        await database()
      )
        .update(memberships)
        .set({ welcomeMailedAt: null })
        .where(and(eq(memberships.organizationId, payload.organizationId), eq(memberships.id, payload.membershipId)));
    }
    throw error;
  }
  return 'sent';
}

export const welcomeMailJob = defineJob({
  name: 'member.welcome',
  payload: welcomeMailPayload,
  // A SCIM provider's first sync creates hundreds at once: two at a time per worker, ten per round trip.
  concurrency: 2,
  batchSize: 10,
  handler: async (payload, context) => {
    await runWelcomeMail(jobDatabase(context), payload);
  },
});
