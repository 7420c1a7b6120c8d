'use server';

import { AuthError } from 'next-auth';
import { defineAction } from '@/lib/actions/define-action';
import { accountLinkOrigin, NO_PUBLIC_ADDRESS_MESSAGE, requestIp } from '@/lib/http/request-meta';
import { signIn } from './config';
import { resendVerification, resendVerificationSchema, verifyEmail, verifyEmailSchema } from './email-verification';

/** The link's form: confirms the address (and creates the organization the sign-up asked for), then signs in. */
export const verifyEmailAction = defineAction({
  input: verifyEmailSchema,
  role: 'public',
  run: async ({ input, db }) => {
    const result = await verifyEmail(db, input, await requestIp());
    if (!result.ok) return result;
    try {
      // On success this throws Next's redirect, which must propagate.
      await signIn('credentials', { email: result.data.email, password: input.password, redirectTo: '/' });
    } catch (error) {
      if (error instanceof AuthError) {
        return { ok: true, message: 'Your email address is confirmed. Sign in to continue.' };
      }
      throw error;
    }
    return { ok: true };
  },
});

/** "Send me a new link": the same answer for every address. */
export const resendVerificationAction = defineAction({
  input: resendVerificationSchema,
  role: 'public',
  run: async ({ input, db }) => {
    const origin = await accountLinkOrigin();
    if (!origin) return { ok: false, error: NO_PUBLIC_ADDRESS_MESSAGE };
    return resendVerification(db, input.email, { ip: await requestIp(), origin });
  },
});
