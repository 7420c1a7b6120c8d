/**
 * proxy.ts's refusals (issue 17, findings 4 and 7) as pure functions. The
 * end-to-end suite (tests/e2e/hostile-urls.spec.ts, account-security.spec.ts)
 * checks the same against the running server.
 */
import { describe, expect, it } from 'vitest';
import { isAllowedOrigin, isMalformedUrl } from '@/lib/http/request-checks';

describe('isMalformedUrl', () => {
  it.each([
    ['/teams/%', ''],
    ['/invite/%', ''],
    ['/api/frameworks/%/export', ''],
    ['/teams/%ZZ', ''],
    ['/teams/%C0%AF', ''],
    ['/teams/%FF', ''],
    ['/teams/%0A', ''],
    ['/teams/%00', ''],
    ['/sign-in', '?callbackUrl=%0A'],
    ['/sign-in', '?callbackUrl=%0D'],
    ['/sign-in', '?callbackUrl=%00'],
    ['/sign-in', '?callbackUrl=%2F%09%2F127.0.0.1:9%2Fphish'],
    ['/reports/gaps', '?q=%'],
    ['/reports/gaps', '?q%ZZ=1'],
  ])('refuses %s%s', (pathname, search) => {
    expect(isMalformedUrl(pathname, search)).toBe(true);
  });

  it.each([
    ['/', ''],
    ['/teams/6f1c2b1e-0000-4000-8000-000000000000/gaps', '?team=a&min=2&q=Ada+Lovelace'],
    ['/reports/gaps', '?q=100%25&name=%C3%A9l%C3%A9onore'],
    // U+3000 is not a control character: the page itself must cope (safeRedirectPath refuses it as a target).
    ['/sign-in', '?callbackUrl=%E3%80%80'],
    ['/sign-in', '?callbackUrl=%2Fme'],
    ['/api/frameworks/python-devops/export', '?format=csv'],
  ])('lets %s%s through', (pathname, search) => {
    expect(isMalformedUrl(pathname, search)).toBe(false);
  });
});

describe('isAllowedOrigin', () => {
  const policy = { host: 'skills.example.com', publicOrigin: 'https://skills.example.com', ssoIssuerOrigin: null };

  it('lets reads through whatever their origin', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) expect(isAllowedOrigin(method, '/', null, policy)).toBe(true);
  });

  it('refuses a change without an Origin (Next.js runs such server actions), or with another or an opaque one', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(isAllowedOrigin(method, '/assess', null, policy)).toBe(false);
      expect(isAllowedOrigin(method, '/assess', 'https://evil.example', policy)).toBe(false);
      expect(isAllowedOrigin(method, '/assess', 'null', policy)).toBe(false);
      expect(isAllowedOrigin(method, '/assess', 'not a url', policy)).toBe(false);
      expect(isAllowedOrigin(method, '/assess', 'https://skills.example.com.evil.example', policy)).toBe(false);
    }
  });

  it('accepts our own origin, by the public address or the Host', () => {
    expect(isAllowedOrigin('POST', '/assess', 'https://skills.example.com', policy)).toBe(true);
    expect(isAllowedOrigin('POST', '/assess', 'http://127.0.0.1:3100', { host: '127.0.0.1:3100' })).toBe(true);
    expect(isAllowedOrigin('POST', '/assess', 'http://127.0.0.1:3101', { host: '127.0.0.1:3100' })).toBe(false);
  });

  it('lets the SSO issuer post back to the callback only', () => {
    const sso = { ...policy, ssoIssuerOrigin: 'https://login.example.com' };
    expect(isAllowedOrigin('POST', '/api/auth/callback/oidc', 'https://login.example.com', sso)).toBe(true);
    expect(isAllowedOrigin('POST', '/assess', 'https://login.example.com', sso)).toBe(false);
  });

  it('lets changes to the token-authenticated API through without an Origin (they never read the cookie)', () => {
    expect(isAllowedOrigin('POST', '/api/v1/ratings', null, policy)).toBe(true);
    expect(isAllowedOrigin('PATCH', '/scim/v2/Users/1', null, policy)).toBe(true);
    // Only those prefixes: a look-alike path or the session-authenticated API is still checked.
    expect(isAllowedOrigin('POST', '/api/v1x/ratings', null, policy)).toBe(false);
    expect(isAllowedOrigin('POST', '/api/ratings/batch', null, policy)).toBe(false);
    expect(isAllowedOrigin('POST', '/api/v10/ratings', null, policy)).toBe(false);
  });

  it('lets a mail provider post the one-click unsubscribe (RFC 8058), and nothing beside it', () => {
    expect(isAllowedOrigin('POST', '/api/unsubscribe', null, policy)).toBe(true);
    expect(isAllowedOrigin('POST', '/api/unsubscribe', 'https://mail.example.net', policy)).toBe(true);
    expect(isAllowedOrigin('POST', '/api/unsubscribe/other', null, policy)).toBe(false);
    expect(isAllowedOrigin('POST', '/unsubscribe', null, policy)).toBe(false);
  });
});
