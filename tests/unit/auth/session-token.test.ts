import { encode } from 'next-auth/jwt';
import { describe, expect, it } from 'vitest';
import {
  readSessionClaims,
  sessionCookieName,
  sessionCookieValue,
  usesSecureCookies,
  type CookieSource,
} from '@/lib/auth/session-token';

const SECRET = 'unit-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
const USER_ID = '0b7f5d2e-6f0a-4f7e-9d61-0d7c2b6a9e11';
const ORG_ID = '5c0e7a43-2f1d-4c1b-8a6e-3b9f4d2c7a10';
const SESSION_ID = '9a3c1e55-0d2b-4f6a-8c7e-1b2d3e4f5a6b';

function jar(entries: Record<string, string>): CookieSource {
  return {
    get: (name) => (name in entries ? { value: entries[name] ?? '' } : undefined),
    getAll: () => Object.entries(entries).map(([name, value]) => ({ name, value })),
  };
}

/** A cookie as next-auth writes it: the cookie name is the key-derivation salt. */
async function mint(
  options: { secure?: boolean; secret?: string; maxAge?: number; token?: Record<string, unknown> } = {},
) {
  const name = sessionCookieName(options.secure ?? false);
  const value = await encode({
    token: options.token ?? { sub: USER_ID, email: 'a@example.com', organizationId: ORG_ID, sid: SESSION_ID, gen: 3 },
    secret: options.secret ?? SECRET,
    salt: name,
    maxAge: options.maxAge ?? 3600,
  });
  return { name, value };
}

describe('readSessionClaims', () => {
  it('reads the user and the active organization from a cookie next-auth minted', async () => {
    const cookie = await mint();
    await expect(
      readSessionClaims({ cookies: jar({ [cookie.name]: cookie.value }), secret: SECRET, secure: false }),
    ).resolves.toEqual({
      userId: USER_ID,
      organizationId: ORG_ID,
      sessionId: SESSION_ID,
      generation: 3,
    });
  });

  it('refuses a token without a session id or generation (minted before sessions were revocable) or with malformed ids', async () => {
    const base = { sub: USER_ID, organizationId: ORG_ID, sid: SESSION_ID, gen: 0 };
    const variants: Record<string, unknown>[] = [
      { sub: USER_ID, organizationId: ORG_ID },
      { ...base, sid: undefined },
      { ...base, gen: undefined },
      { ...base, gen: -1 },
      { ...base, gen: 1.5 },
      { ...base, gen: '0' },
      { ...base, sid: 'not-a-uuid' },
      { ...base, sub: 'not-a-uuid' },
    ];
    for (const token of variants) {
      const cookie = await mint({ token });
      await expect(
        readSessionClaims({ cookies: jar({ [cookie.name]: cookie.value }), secret: SECRET, secure: false }),
      ).resolves.toBeNull();
    }
    const strangeOrg = await mint({ token: { ...base, organizationId: '%' } });
    await expect(
      readSessionClaims({ cookies: jar({ [strangeOrg.name]: strangeOrg.value }), secret: SECRET, secure: false }),
    ).resolves.toMatchObject({ userId: USER_ID, organizationId: undefined });
  });

  it('reads the __Secure- cookie over https and ignores the plain one there', async () => {
    const secure = await mint({ secure: true });
    const plain = await mint({ secure: false });
    await expect(
      readSessionClaims({ cookies: jar({ [secure.name]: secure.value }), secret: SECRET, secure: true }),
    ).resolves.toMatchObject({
      userId: USER_ID,
    });
    await expect(
      readSessionClaims({ cookies: jar({ [plain.name]: plain.value }), secret: SECRET, secure: true }),
    ).resolves.toBeNull();
  });

  it('refuses a token signed with another secret, a tampered one, an expired one and one without a user', async () => {
    const forged = await mint({ secret: 'another-secret-0123456789-abcdefghijklmnopqrstuvwxyz' });
    const valid = await mint();
    const tampered = `${valid.value.slice(0, -4)}AAAA`;
    const expired = await mint({ maxAge: -120 });
    const anonymous = await mint({ token: { email: 'a@example.com' } });
    for (const value of [forged.value, tampered, expired.value, anonymous.value, 'not-a-jwt', '']) {
      await expect(
        readSessionClaims({ cookies: jar({ [valid.name]: value }), secret: SECRET, secure: false }),
      ).resolves.toBeNull();
    }
    await expect(readSessionClaims({ cookies: jar({}), secret: SECRET, secure: false })).resolves.toBeNull();
  });

  it('a cookie minted under the plain name does not decode as the secure one (the name is the salt)', async () => {
    const plain = await mint({ secure: false });
    const secureName = sessionCookieName(true);
    await expect(
      readSessionClaims({ cookies: jar({ [secureName]: plain.value }), secret: SECRET, secure: true }),
    ).resolves.toBeNull();
  });

  it('joins a token next-auth split into chunks, in chunk order', async () => {
    const cookie = await mint();
    const third = Math.ceil(cookie.value.length / 3);
    const chunks = {
      [`${cookie.name}.2`]: cookie.value.slice(2 * third),
      [`${cookie.name}.0`]: cookie.value.slice(0, third),
      [`${cookie.name}.1`]: cookie.value.slice(third, 2 * third),
    };
    expect(sessionCookieValue(jar(chunks), cookie.name)).toBe(cookie.value);
    await expect(readSessionClaims({ cookies: jar(chunks), secret: SECRET, secure: false })).resolves.toMatchObject({
      userId: USER_ID,
    });
  });
});

describe('usesSecureCookies', () => {
  it('follows the explicit setting, else the forwarded protocol, https when unknown (as next-auth)', () => {
    expect(usesSecureCookies(false, 'https')).toBe(false);
    expect(usesSecureCookies(true, 'http')).toBe(true);
    expect(usesSecureCookies(undefined, 'http')).toBe(false);
    expect(usesSecureCookies(undefined, 'https')).toBe(true);
    expect(usesSecureCookies(undefined, 'https,http')).toBe(true);
    expect(usesSecureCookies(undefined, null)).toBe(true);
  });
});
