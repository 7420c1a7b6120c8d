'use server';

import { AuthError } from 'next-auth';
import { credentialsSchema } from './credentials';
import { signIn } from './config';
import { formValues, invalidInput, type ActionResult } from '@/lib/actions/result';
import { safeRedirectPath } from './safe-redirect';

export async function signInAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const parsed = credentialsSchema.safeParse(formValues(formData));
  if (!parsed.success) return invalidInput(parsed.error);
  const redirectTo = safeRedirectPath(formData.get('callbackUrl'));
  try {
    // On success this throws Next's redirect, which must propagate.
    await signIn('credentials', { ...parsed.data, redirectTo });
    return { ok: true };
  } catch (error) {
    if (error instanceof AuthError) {
      const rateLimited = 'code' in error && error.code === 'rate-limited';
      return {
        ok: false,
        error: rateLimited
          ? 'Too many failed attempts. Wait 15 minutes and try again.'
          : 'That email and password do not match an active account.',
      };
    }
    throw error;
  }
}
