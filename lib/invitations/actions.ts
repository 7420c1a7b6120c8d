'use server';

import { AuthError } from 'next-auth';
import { redirect } from 'next/navigation';
import { z } from 'zod';
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
import { enqueueInvitationMail } from './mail-job';
import { resendInvitation, resendInvitationSchema, type ResentInvitation } from './resend-invitation';
import { revokeInvitation, revokeInvitationSchema } from './revoke-invitation';
import { invitationPath, TOKEN_PATTERN } from './token';

const ADMIN_PAGE = '/admin/invitations';

export interface InvitationLink {
  kind: 'created';
  email: string;
  link: string;
  expiresAt: string;
  /** The mail is queued with the invitation and sent by the job worker (lib/invitations/mail-job.ts). */
  mail: 'queued';
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

async function linkOf(token: string): Promise<string> {
  return `${await publicOrigin()}${invitationPath(token)}`;
}

function queuedMessage(email: string, what: string): string {
  return `${what} for ${email}. The email is on its way; you can also copy the link below and send it yourself.`;
}

/** Created, or nothing changed because the email holds a pending invitation and the admin is asked first. */
type CreateWritten = { kind: 'created'; invitation: CreatedInvitation } | PendingChoice;

/** The mail is queued in the invitation's transaction: a rolled-back invitation never mails a link. */
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
    await enqueueInvitationMail(tx, { organizationId: context.organization.id, ...written.data }, await publicOrigin());
    return { ...written, data: { kind: 'created', invitation: written.data } };
  },
  after: async ({ written }) => {
    const result = written.data;
    if (!result || result.kind === 'pending') return { ok: true, message: written.message, data: result };
    const { email, expiresAt, replacedCount, token } = result.invitation;
    const what =
      replacedCount > 0
        ? 'The earlier invitation was withdrawn (its link no longer works) and a new one created'
        : 'Invitation created';
    return {
      ok: true,
      message: queuedMessage(email, what),
      data: { kind: 'created', email, link: await linkOf(token), expiresAt, mail: 'queued' },
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
  write: async ({ input, tx, context }) => {
    const written = await resendInvitation(tx, context, input.invitationId);
    if (written.ok && written.data) {
      await enqueueInvitationMail(
        tx,
        { organizationId: context.organization.id, ...written.data },
        await publicOrigin(),
      );
    }
    return written;
  },
  after: async ({ written }) => {
    if (!written.data) throw new Error('resendInvitation returned no invitation');
    const { email, expiresAt, token } = written.data;
    return {
      ok: true,
      message: queuedMessage(email, 'Invitation resent with a new link (the old one no longer works)'),
      data: { kind: 'created', email, link: await linkOf(token), expiresAt, mail: 'queued' },
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
