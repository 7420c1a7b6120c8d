/**
 * `invitation.send`: the invitation's mail, sent by the job worker with the
 * queue's retries (an unreachable SMTP server never fails the admin's page;
 * the failure waits in the admins' failed-jobs view with a retry button).
 *
 * The action enqueues the job in its own transaction (`enqueueInvitationMail`):
 * no job for a rolled-back invitation, no invitation without its job. The
 * payload names the invitation and the hash of the token the link carries,
 * and holds the token sealed for this purpose (lib/invitations/sealed-token.ts):
 * the plaintext exists only in the admin's answer and in the mail.
 *
 * Once per token: `invitations.mailed_at` records the send, set only while the
 * row still holds this token's hash and is not yet mailed (a resend clears it
 * with a new hash). Without SMTP the outbox row and the mark commit together;
 * with SMTP the mark is the send's commit point (lib/mail/smtp-commit.ts, as
 * for notifications: docs/decisions/0011-exactly-once-sends.md), so a retry
 * after a success, or a second worker holding the same job, finds it mailed
 * and sends nothing. A link that no longer works (resent, replaced, revoked,
 * accepted, expired) is not mailed.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { invitations, memberships, organizations, users } from '@/db/schema';
import { env } from '@/lib/env';
import { defineJob, jobDatabase } from '@/lib/jobs/define-job';
import { enqueue } from '@/lib/jobs/enqueue';
import { deliverMail, deliverMailWithCommitPoint, SmtpCommitError } from '@/lib/mail/send-mail';
import { invitationMail } from '@/lib/mail/templates';
import { openInvitationToken, sealInvitationToken } from './sealed-token';
import { hashInvitationToken, invitationPath } from './token';

export const invitationMailPayload = z.object({
  organizationId: z.uuid(),
  invitationId: z.uuid(),
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
  sealedToken: z.string().min(1).max(200),
  /** The public address the admin used: the worker has no request to take it from. */
  origin: z.url().max(300),
});
export type InvitationMailPayload = z.infer<typeof invitationMailPayload>;

export type InvitationMailOutcome = 'sent' | 'stored' | 'already-sent' | 'obsolete';

class AlreadyMailedError extends Error {
  constructor() {
    super('This invitation link was already mailed.');
  }
}

/** In the caller's transaction: the mail of a just-written token (a new invitation or a resend). */
export async function enqueueInvitationMail(
  tx: Db,
  invitation: { organizationId: string; invitationId: string; token: string },
  origin: string,
): Promise<void> {
  await enqueue(tx, invitationMailJob, {
    organizationId: invitation.organizationId,
    invitationId: invitation.invitationId,
    tokenHash: hashInvitationToken(invitation.token),
    sealedToken: sealInvitationToken(invitation.token, invitation.invitationId),
    origin,
  });
}

/** Records the send of this token; false when it was recorded already or the token is no longer the invitation's. */
async function markMailed(db: Db, payload: InvitationMailPayload): Promise<boolean> {
  const rows = await db
    .update(invitations)
    .set({ mailedAt: new Date() })
    .where(
      and(
        eq(invitations.organizationId, payload.organizationId),
        eq(invitations.id, payload.invitationId),
        eq(invitations.tokenHash, payload.tokenHash),
        isNull(invitations.mailedAt),
      ),
    )
    .returning({ id: invitations.id });
  return rows.length > 0;
}

export async function runInvitationMail(
  database: () => Promise<Db>,
  payload: InvitationMailPayload,
  now = new Date(),
): Promise<InvitationMailOutcome> {
  const db = await database();
  const [row] = await db
    .select({
      email: invitations.email,
      role: invitations.role,
      tokenHash: invitations.tokenHash,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
      mailedAt: invitations.mailedAt,
      organizationName: organizations.name,
      invitedBy: users.name,
    })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
    .leftJoin(
      memberships,
      and(
        eq(memberships.organizationId, invitations.organizationId),
        eq(memberships.id, invitations.invitedByMembershipId),
      ),
    )
    .leftJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(invitations.organizationId, payload.organizationId), eq(invitations.id, payload.invitationId)))
    .limit(1);
  if (
    !row ||
    row.tokenHash !== payload.tokenHash ||
    row.acceptedAt ||
    row.revokedAt ||
    row.expiresAt.getTime() <= now.getTime()
  ) {
    return 'obsolete';
  }
  if (row.mailedAt) return 'already-sent';
  const token = openInvitationToken(payload.sealedToken, payload.invitationId);
  if (hashInvitationToken(token) !== payload.tokenHash) throw new Error('The sealed token does not match its hash.');

  const mail = {
    to: row.email,
    ...invitationMail({
      link: `${payload.origin}${invitationPath(token)}`,
      organizationName: row.organizationName,
      role: row.role,
      invitedBy: row.invitedBy ?? `An admin of ${row.organizationName}`,
      expiresAt: row.expiresAt,
    }),
    organizationId: payload.organizationId,
    kind: 'invitation',
    // Stable across retries of this token's send: should a server get it twice, clients drop the repeat.
    messageId: `<invitation-${payload.invitationId}-${payload.tokenHash.slice(0, 16)}@skillgrid>`,
  };
  if (!env.SMTP_URL) {
    // The outbox row (/dev/mail) and the record commit together: exactly once.
    return db.transaction(async (tx) => {
      if (!(await markMailed(tx, payload))) return 'already-sent';
      await deliverMail(tx, mail);
      return 'stored';
    });
  }
  try {
    await deliverMailWithCommitPoint(mail, async () => {
      if (!(await markMailed(await database(), payload))) throw new AlreadyMailedError();
    });
  } catch (error) {
    if (error instanceof SmtpCommitError && error.cause instanceof AlreadyMailedError) return 'already-sent';
    if (error instanceof SmtpCommitError && error.afterCommit) {
      // Recorded, then the server did not take it: free the record so the job's retry sends.
      await (
        await database()
      )
        .update(invitations)
        .set({ mailedAt: null })
        .where(and(eq(invitations.id, payload.invitationId), eq(invitations.tokenHash, payload.tokenHash)));
    }
    throw error;
  }
  return 'sent';
}

export const invitationMailJob = defineJob({
  name: 'invitation.send',
  payload: invitationMailPayload,
  // A bulk invitation enqueues a few hundred at once: two at a time per worker, fetched ten per round trip.
  concurrency: 2,
  batchSize: 10,
  handler: async (payload, context) => {
    await runInvitationMail(jobDatabase(context), payload);
  },
});
