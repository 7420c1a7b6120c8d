'use server';

import { AuthError } from 'next-auth';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import type { Db } from '@/db';
import type { MembershipRole } from '@/db/schema';
import { defineAction, defineAuditedAction } from '@/lib/actions/define-action';
import { signIn, signOut, unstable_update } from '@/lib/auth/config';
import { publicOrigin, requestIp } from '@/lib/http/request-meta';
import {
  acceptAsNewUserSchema,
  acceptInvitationAsExistingUser,
  acceptInvitationAsNewUser,
  INVITATION_ACCEPT_AUDIT,
  joinInvitationSchema,
} from './accept-invitation';
import {
  createInvitationSchema,
  findPendingInvitation,
  INVITATION_CREATE_AUDIT,
  writeInvitation,
  type CreatedInvitation,
  type PendingInvitation,
} from './create-invitation';
import { mailInvitation } from '@/lib/mail/invitation-mail';
import type { MailOutcome } from '@/lib/mail/send-mail';
import { resendInvitation, resendInvitationSchema, type ResentInvitation } from './resend-invitation';
import { revokeInvitation, revokeInvitationSchema } from './revoke-invitation';
import { invitationPath, TOKEN_PATTERN } from './token';

const ADMIN_PAGE = '/admin/invitations';

export interface InvitationLink {
  kind: 'created';
  email: string;
  link: string;
  expiresAt: string;
  mail: MailOutcome;
}

/** Nothing was created: the email already holds a pending invitation, and the admin chooses what to do. */
export interface PendingChoice {
  kind: 'pending';
  pending: PendingInvitation;
  /** What the admin asked for now, to replace the pending invitation with if they choose to. */
  requestedRole: MembershipRole;
  /** The team asked for now, offered next to the pending one's. */
  requestedTeamId: string | null;
}

const createSchema = createInvitationSchema.extend({
  /**
   * What to do when the email already has a pending invitation: "ask" (the
   * form's first submit) says so and changes nothing; "replace" withdraws it
   * and sends this one, keeping its team unless another is chosen.
   */
  onPending: z.enum(['ask', 'replace']).default('ask'),
});

async function sendLink(
  db: Db,
  context: { organization: { id: string; name: string }; user: { name: string } },
  invitation: { token: string; email: string; role: string; expiresAt: string },
): Promise<{ link: string; mail: MailOutcome }> {
  const link = `${await publicOrigin()}${invitationPath(invitation.token)}`;
  const mail = await mailInvitation(db, {
    to: invitation.email,
    link,
    organizationId: context.organization.id,
    organizationName: context.organization.name,
    role: invitation.role,
    invitedBy: context.user.name,
    expiresAt: invitation.expiresAt,
  });
  return { link, mail };
}

function sentMessage(mail: MailOutcome, email: string, what: string): string {
  return mail === 'sent'
    ? `${what} and emailed to ${email}.`
    : mail === 'failed'
      ? `${what}, but the email to ${email} could not be sent. Copy the link below and send it yourself.`
      : // No SMTP configured: the mail waits in the development outbox (/dev/mail); the link works either way.
        `${what} for ${email}. Mail is not configured here, so copy the link below and send it to them.`;
}

/** Created, or nothing changed because the email holds a pending invitation and the admin is asked first. */
type CreateWritten = { kind: 'created'; invitation: CreatedInvitation } | PendingChoice;

/** The mail goes out once the invitation has committed: a rolled-back invitation never mails a link. */
export const createInvitationAction = defineAuditedAction<
  typeof createSchema,
  InvitationLink | PendingChoice,
  undefined,
  CreateWritten
>({
  input: createSchema,
  role: 'admin',
  audit: INVITATION_CREATE_AUDIT,
  revalidate: [ADMIN_PAGE],
  write: async ({ input, tx, context }) => {
    if (input.onPending === 'ask') {
      const pending = await findPendingInvitation(tx, context.organization.id, input.email);
      if (pending) {
        return {
          ok: true,
          message: `${input.email} already has a pending invitation. Resend it, or replace it with this one.`,
          data: { kind: 'pending', pending, requestedRole: input.role, requestedTeamId: input.teamId ?? null },
          audit: null,
        };
      }
    }
    const written = await writeInvitation(tx, context, input);
    if (!written.ok || !written.data) return written as Extract<typeof written, { ok: false }>;
    return { ...written, data: { kind: 'created', invitation: written.data } };
  },
  after: async ({ written, db, context }) => {
    const result = written.data;
    if (!result || result.kind === 'pending') return { ok: true, message: written.message, data: result };
    const { email, expiresAt, replacedCount } = result.invitation;
    const { link, mail } = await sendLink(db, context, result.invitation);
    const what =
      replacedCount > 0
        ? 'The earlier invitation was withdrawn (its link no longer works) and a new one created'
        : 'Invitation created';
    return {
      ok: true,
      message: sentMessage(mail, email, what),
      data: { kind: 'created', email, link, expiresAt, mail },
    };
  },
});

/** The same invitation with a fresh link and expiry: for a pending or expired invitation. */
export const resendInvitationAction = defineAuditedAction<
  typeof resendInvitationSchema,
  InvitationLink,
  undefined,
  ResentInvitation
>({
  input: resendInvitationSchema,
  role: 'admin',
  audit: { events: ['invitation.resent'], target: 'invitation' },
  revalidate: [ADMIN_PAGE],
  write: ({ input, tx, context }) => resendInvitation(tx, context, input.invitationId),
  after: async ({ written, db, context }) => {
    if (!written.data) throw new Error('resendInvitation returned no invitation');
    const { email, expiresAt } = written.data;
    const { link, mail } = await sendLink(db, context, written.data);
    return {
      ok: true,
      message: sentMessage(mail, email, 'Invitation resent with a new link (the old one no longer works)'),
      data: { kind: 'created', email, link, expiresAt, mail },
    };
  },
});

export const revokeInvitationAction = defineAuditedAction({
  input: revokeInvitationSchema,
  role: 'admin',
  audit: { events: ['invitation.revoked'], target: 'invitation' },
  revalidate: [ADMIN_PAGE],
  write: ({ input, tx, context }) => revokeInvitation(tx, context, input.invitationId),
});

/** Accepting as someone without an account: creates it, joins, signs in. */
export const acceptInvitationAction = defineAction({
  input: acceptAsNewUserSchema,
  role: 'public',
  audit: INVITATION_ACCEPT_AUDIT,
  run: async ({ input, db, context }) => {
    if (context) return { ok: false, error: 'You are already signed in. Reload the page to join with this account.' };
    const result = await acceptInvitationAsNewUser(db, input, await requestIp());
    if (!result.ok) return result;
    try {
      // A new account has exactly this one membership, so it becomes the active organization.
      await signIn('credentials', { email: result.data.email, password: input.password, redirectTo: '/' });
    } catch (error) {
      if (error instanceof AuthError) {
        return { ok: true, message: 'Your account was created, but signing you in failed. Please sign in.' };
      }
      throw error;
    }
    return { ok: true };
  },
});

/** "Join <org>" for the signed-in user the invitation is addressed to. */
export const joinInvitationAction = defineAction({
  input: joinInvitationSchema,
  role: 'public',
  audit: INVITATION_ACCEPT_AUDIT,
  run: async ({ input, db, context }) => {
    if (!context) return { ok: false, error: 'Please sign in to accept this invitation.' };
    const result = await acceptInvitationAsExistingUser(db, input.token, context.user, await requestIp());
    if (!result.ok) return result;
    await unstable_update({ organizationId: result.data.organizationId });
    redirect('/');
  },
});

/** Signed in as someone else: sign out and come back to the same invitation. */
export const signOutForInvitationAction = defineAction({
  input: z.object({ token: z.string().trim().max(100) }),
  role: 'public',
  run: async ({ input }) => {
    await signOut({ redirectTo: TOKEN_PATTERN.test(input.token) ? invitationPath(input.token) : '/sign-in' });
    return { ok: true };
  },
});
