'use server';

import { AuthError } from 'next-auth';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { defineAction } from '@/lib/actions/define-action';
import { signIn, signOut, unstable_update } from '@/lib/auth/config';
import { publicOrigin, requestIp } from '@/lib/http/request-meta';
import {
  acceptAsNewUserSchema,
  acceptInvitationAsExistingUser,
  acceptInvitationAsNewUser,
  joinInvitationSchema,
} from './accept-invitation';
import { createInvitation, createInvitationSchema } from './create-invitation';
import { mailInvitation } from '@/lib/mail/invitation-mail';
import type { MailOutcome } from '@/lib/mail/send-mail';
import { revokeInvitation, revokeInvitationSchema } from './revoke-invitation';
import { invitationPath, TOKEN_PATTERN } from './token';

const ADMIN_PAGE = '/admin/invitations';

export interface InvitationLink {
  email: string;
  link: string;
  expiresAt: string;
  mail: MailOutcome;
}

export const createInvitationAction = defineAction<typeof createInvitationSchema, InvitationLink>({
  input: createInvitationSchema,
  role: 'admin',
  run: async ({ input, db, context }) => {
    const result = await createInvitation(db, context, input, { ip: await requestIp() });
    if (!result.ok) return result;
    const { token, email, role, expiresAt } = result.data;
    const link = `${await publicOrigin()}${invitationPath(token)}`;
    const mail = await mailInvitation(db, {
      to: email,
      link,
      organizationId: context.organization.id,
      organizationName: context.organization.name,
      role,
      invitedBy: context.user.name,
      expiresAt,
    });
    revalidatePath(ADMIN_PAGE);
    const message =
      mail === 'sent'
        ? `Invitation created and emailed to ${email}.`
        : mail === 'failed'
          ? `Invitation created, but the email to ${email} could not be sent. Copy the link below and send it yourself.`
          : // No SMTP configured: the mail waits in the development outbox (/dev/mail); the link works either way.
            `Invitation created for ${email}. Mail is not configured here, so copy the link below and send it to them.`;
    return { ok: true, message, data: { email, link, expiresAt, mail } };
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
