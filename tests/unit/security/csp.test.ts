import { describe, expect, it } from 'vitest';
import { buildContentSecurityPolicy, createNonce } from '@/lib/security/csp';
import { secureCookiesSetting } from '@/lib/security/cookies';

function directives(policy: string): Map<string, string> {
  return new Map(
    policy.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values.join(' ')] as const;
    }),
  );
}

describe('Content-Security-Policy', () => {
  it('in production: nonce and strict-dynamic for scripts, no unsafe-eval, no unsafe-inline scripts', () => {
    const policy = directives(buildContentSecurityPolicy({ nonce: 'abc123', development: false }));
    expect(policy.get('script-src')).toBe("'self' 'nonce-abc123' 'strict-dynamic'");
    expect(policy.get('script-src')).not.toContain('unsafe');
    expect(policy.get('style-src')).toBe("'self' 'unsafe-inline'");
    expect(policy.get('frame-ancestors')).toBe("'none'");
    expect(policy.get('form-action')).toBe("'self'");
    expect(policy.get('base-uri')).toBe("'self'");
    expect(policy.get('object-src')).toBe("'none'");
    expect(policy.get('default-src')).toBe("'self'");
    expect(policy.has('upgrade-insecure-requests')).toBe(false);
  });

  it('allows unsafe-eval only in development', () => {
    const policy = directives(buildContentSecurityPolicy({ nonce: 'n', development: true }));
    expect(policy.get('script-src')).toContain("'unsafe-eval'");
  });

  it('lets forms reach the SSO issuer and upgrades requests only when asked', () => {
    const policy = directives(
      buildContentSecurityPolicy({
        nonce: 'n',
        development: false,
        formActionOrigins: ['https://idp.example'],
        upgradeInsecureRequests: true,
      }),
    );
    expect(policy.get('form-action')).toBe("'self' https://idp.example");
    expect(policy.has('upgrade-insecure-requests')).toBe(true);
  });

  it('creates unpredictable nonces of 128 bits', () => {
    const nonces = new Set(Array.from({ length: 100 }, () => createNonce()));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
  });
});

describe('secure session cookies', () => {
  it('are secure in production behind https', () => {
    expect(secureCookiesSetting('production', 'https://skillgrid.example')).toBe(true);
  });

  it('are not forced on plain http, even in production (e2e on 127.0.0.1)', () => {
    expect(secureCookiesSetting('production', 'http://127.0.0.1:3100')).toBe(false);
    expect(secureCookiesSetting('development', 'https://skillgrid.example')).toBe(false);
  });

  it('are left to the request protocol when AUTH_URL is not set', () => {
    expect(secureCookiesSetting('production', undefined)).toBeUndefined();
  });
});
