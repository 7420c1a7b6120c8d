import { describe, expect, it } from 'vitest';
import { SSO_NO_ACCOUNT, SSO_UNVERIFIED, signInErrorMessage, ssoRefusalPath } from '@/lib/auth/oidc-errors';

describe('sign-in error messages', () => {
  it('names the email that has no account or invitation', () => {
    const path = ssoRefusalPath(SSO_NO_ACCOUNT, 'ada@example.com');
    const params = new URL(path, 'http://x').searchParams;
    expect(path.startsWith('/sign-in?')).toBe(true);
    expect(signInErrorMessage(params.get('error'), params.get('email'))).toBe(
      'No Skillgrid account or invitation matches ada@example.com; ask your admin for an invitation.',
    );
  });

  it('never echoes text that is not an email address', () => {
    const message = signInErrorMessage(SSO_NO_ACCOUNT, 'Your account is locked, call +1 555 0100');
    expect(message).not.toContain('call');
    expect(message).toContain('that email address');
    expect(signInErrorMessage('<script>alert(1)</script>')).toBe('Sign-in did not complete. Try again.');
  });

  it('explains an unverified email and next-auth errors, and nothing when there is no error', () => {
    expect(signInErrorMessage(SSO_UNVERIFIED, 'a@b.example')).toContain('not verified a@b.example');
    expect(signInErrorMessage('Configuration')).toContain('not configured correctly');
    expect(signInErrorMessage(undefined)).toBeNull();
    expect(signInErrorMessage('')).toBeNull();
  });
});
