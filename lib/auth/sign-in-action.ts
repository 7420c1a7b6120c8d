'use server';

import { AuthError } from 'next-auth';
import { credentialsSchema } from './credentials';
import { signIn } from './config';
import { formValues, invalidInput, type ActionResult } from '@/lib/actions/result';
import { OIDC_PROVIDER_ID } from './oidc';
import { safeRedirectPath } from './safe-redirect';

/** Shown to the right password of an account whose address nobody has confirmed; the form links to a new mail. */
const EMAIL_UNVERIFIED_MESSAGE =
  'Confirm your email address first: follow the link we mailed you. No mail, or the link expired? Ask for a new one.';

export async function signInAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  // A crafted request can send any value in place of the form: refuse it instead of failing with a 500.
  if (!(formData instanceof FormData)) return { ok: false, error: 'Enter your email and password.' };
  const parsed = credentialsSchema.safeParse(formValues(formData));
  if (!parsed.success) return invalidInput(parsed.error);
  const redirectTo = safeRedirectPath(formData.get('callbackUrl'));
  try {
    // On success this throws Next's redirect, which must propagate.
    await signIn('credentials', { ...parsed.data, redirectTo });
    return { ok: true };
  } catch (error) {
    if (error instanceof AuthError) {
      const code = 'code' in error ? error.code : undefined;
      if (code === 'email-unverified') return { ok: false, error: EMAIL_UNVERIFIED_MESSAGE };
      const rateLimited = code === 'rate-limited';
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

/**
 * Starts the single sign-on round trip: next-auth redirects to the IdP
 * (Next follows an external redirect from a server action with a full
 * navigation). Server actions are origin-checked by Next itself.
 */
export async function ssoSignInAction(formData: FormData): Promise<void> {
  // Anything but a form (a crafted request) just starts the round trip back to the home page.
  const redirectTo = safeRedirectPath(formData instanceof FormData ? formData.get('callbackUrl') : null);
  await signIn(OIDC_PROVIDER_ID, { redirectTo });
}
