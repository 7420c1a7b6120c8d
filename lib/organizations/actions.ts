'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { defineAction } from '@/lib/actions/define-action';
import { unstable_update } from '@/lib/auth/config';
import { findActiveMembership } from './memberships';
import { accountLinkOrigin, NO_PUBLIC_ADDRESS_MESSAGE, requestIp } from '@/lib/http/request-meta';
import { signUp, signUpSchema } from './sign-up';

/**
 * Sign-up: an unconfirmed account and a mail to the address. The organization
 * is created when the link is followed (lib/auth/email-verification.ts); the
 * answer is the same whether or not the address already has an account.
 */
export const signUpAction = defineAction({
  input: signUpSchema,
  role: 'public',
  run: async ({ input, db, context }) => {
    if (context) return { ok: false, error: 'You are already signed in. Sign out first to create a new account.' };
    const origin = await accountLinkOrigin();
    if (!origin) return { ok: false, error: NO_PUBLIC_ADDRESS_MESSAGE };
    return signUp(db, input, { ip: await requestIp(), origin });
  },
});

/** The header's organization switcher: the server decides, whatever the form claims. */
export const switchOrganizationAction = defineAction({
  input: z.object({ organizationId: z.string().trim().uuid('Choose an organization.') }),
  role: 'member',
  run: async ({ input, db, context }) => {
    const membership = await findActiveMembership(db, context.user.id, input.organizationId);
    if (!membership) return { ok: false, error: 'You are not an active member of that organization.' };
    await unstable_update({ organizationId: membership.organizationId });
    redirect('/');
  },
});
