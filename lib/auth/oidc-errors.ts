import { z } from 'zod';

/** Codes the sign-in page receives in `?error=`: ours from the SSO callback, and next-auth's own. */
export const SSO_NO_ACCOUNT = 'sso-no-account';
export const SSO_UNVERIFIED = 'sso-unverified';

const emailSchema = z.string().trim().toLowerCase().email().max(254);

/** `/sign-in?error=…&email=…` for a refused SSO sign-in; the email is only ever shown back as text. */
export function ssoRefusalPath(code: typeof SSO_NO_ACCOUNT | typeof SSO_UNVERIFIED, email: string | null): string {
  const params = new URLSearchParams({ error: code });
  if (email) params.set('email', email);
  return `/sign-in?${params.toString()}`;
}

/**
 * The message for an error code in the sign-in URL, or null for none.
 * Unknown codes get a generic message: the URL is attacker-controllable, so
 * its text is never shown verbatim — only an email that parses as one.
 */
export function signInErrorMessage(code: unknown, email?: unknown): string | null {
  if (typeof code !== 'string' || code === '') return null;
  const parsedEmail = emailSchema.safeParse(email);
  const who = parsedEmail.success ? parsedEmail.data : 'that email address';
  switch (code) {
    case SSO_NO_ACCOUNT:
      return `No Skillgrid account or invitation matches ${who}; ask your admin for an invitation.`;
    case SSO_UNVERIFIED:
      return `Your identity provider has not verified ${who}, so it cannot be used to sign in. Verify it there, or ask your admin.`;
    case 'AccessDenied':
      return 'Single sign-on was refused for this account. Ask your admin for an invitation.';
    case 'OAuthSignin':
    case 'OAuthCallback':
    case 'OAuthCallbackError':
    case 'OAuthAccountNotLinked':
    case 'CallbackRouteError':
      return 'Single sign-on did not complete. Try again, or sign in with your password.';
    case 'Configuration':
      return 'Single sign-on is not configured correctly. Ask your admin.';
    case 'SessionRequired':
      return 'Please sign in to continue.';
    default:
      return 'Sign-in did not complete. Try again.';
  }
}
