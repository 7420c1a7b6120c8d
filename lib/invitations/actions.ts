'use server';

import { AuthError } from 'next-auth';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import type { Db } from '@/db';
import type { MembershipRole } from '@/db/schema';
import { defineAction } from '@/lib/actions/define-action';
import { signIn, signOut, unstable_update } from '@/lib/auth/config';
import { publicOrigin, requestIp } from '@/lib/http/request-meta';
import {
  acceptAsNewUserSchema,
  acceptInvitationAsExistingUser,
  acceptInvitationAsNewUser,
  joinInvitationSchema,
} from './accept-invitation';
import {
  createInvitation,
  createInvitationSchema,
  findPendingInvitation,
  type PendingInvitation,
} from './create-invitation';
import { mailInvitation } from '@/lib/mail/invitation-mail';
import type { MailOutcome } from '@/lib/mail/send-mail';
import { resendInvitation, resendInvitationSchema } from './resend-invitation';
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

export const createInvitationAction = defineAction<typeof createSchema, InvitationLink | PendingChoice>({
  input: createSchema,
  role: 'admin',
  run: async ({ input, db, context }) => {
    if (input.onPending === 'ask') {
      const pending = await findPendingInvitation(db, context.organization.id, input.email);
      if (pending) {
        return {
          ok: true,
          message: `${input.email} already has a pending invitation. Resend it, or replace it with this one.`,
          data: { kind: 'pending', pending, requestedRole: input.role, requestedTeamId: input.teamId ?? null },
        };
      }
    }
    const result = await createInvitation(db, context, input, { ip: await requestIp() });
    if (!result.ok) return result;
    const { email, expiresAt, replacedCount } = result.data;
    const { link, mail } = await sendLink(db, context, result.data);
    revalidatePath(ADMIN_PAGE);
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
export const resendInvitationAction = defineAction<typeof resendInvitationSchema, InvitationLink>({
  input: resendInvitationSchema,
  role: 'admin',
  run: async ({ input, db, context }) => {
    const result = await resendInvitation(db, context, input.invitationId, { ip: await requestIp() });
    if (!result.ok) return result;
    const { email, expiresAt } = result.data;
    const { link, mail } = await sendLink(db, context, result.data);
    revalidatePath(ADMIN_PAGE);
    return {
      ok: true,
      message: sentMessage(mail, email, 'Invitation resent with a new link (the old one no longer works)'),
      data: { kind: 'created', email, link, expiresAt, mail },
    };
  },
});

export const revokeInvitationAction = defineAction({
  input: revokeInvitationSchema,
  role: 'admin',
  run: async ({ input, db, context }) => {
    const result = await revokeInvitation(db, context, input.invitationId, { ip: await requestIp() });
    if (result.ok) revalidatePath(ADMIN_PAGE);
    return result;
  },
});

/** Accepting as someone without an account: creates it, joins, signs in. */
export const acceptInvitationAction = defineAction({
  input: acceptAsNewUserSchema,
  role: 'public',
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
