'use server';

import { AuthError } from 'next-auth';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { defineAction } from '@/lib/actions/define-action';
import { signIn, unstable_update } from '@/lib/auth/config';
import { findActiveMembership } from './memberships';
import { requestIp } from '@/lib/http/request-meta';
import { signUpSchema, signUpWithOrganization } from './sign-up';

/** Sign-up: a new account, a new organization with the account as its admin, then signed in. */
export const signUpAction = defineAction({
  input: signUpSchema,
  role: 'public',
  run: async ({ input, db, context }) => {
    if (context) return { ok: false, error: 'You are already signed in. Sign out first to create a new account.' };
    const result = await signUpWithOrganization(db, input, await requestIp());
    if (!result.ok) return result;
    try {
      // On success this throws Next's redirect, which must propagate.
      await signIn('credentials', { email: input.email, password: input.password, redirectTo: '/' });
    } catch (error) {
      if (error instanceof AuthError) {
        return { ok: true, message: 'Your organization was created, but signing you in failed. Please sign in.' };
      }
      throw error;
    }
    return { ok: true, data: result.data };
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
