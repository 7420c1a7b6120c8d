'use server';

import { defineAction } from '@/lib/actions/define-action';
import { accountLinkOrigin, NO_PUBLIC_ADDRESS_MESSAGE, requestIp } from '@/lib/http/request-meta';
import { requestPasswordReset, requestPasswordResetSchema, resetPassword, resetPasswordSchema } from './password-reset';

/** "Forgot password?": mails a 30-minute link; the same answer for every address. */
export const requestPasswordResetAction = defineAction({
  input: requestPasswordResetSchema,
  role: 'public',
  run: async ({ input, db }) => {
    const origin = await accountLinkOrigin();
    if (!origin) return { ok: false, error: NO_PUBLIC_ADDRESS_MESSAGE };
    return requestPasswordReset(db, input.email, { ip: await requestIp(), origin });
  },
});

/** The reset link's form: a new password, and every session of the account ends. */
export const resetPasswordAction = defineAction({
  input: resetPasswordSchema,
  role: 'public',
  run: async ({ input, db }) => {
    const result = await resetPassword(db, input, await requestIp());
    if (!result.ok) return result;
    return {
      ok: true,
      message: 'Your password was changed and every session of your account was signed out. Sign in with the new one.',
      data: { email: result.data.email },
    };
  },
});
