import { EncryptJWT, base64url, calculateJwkThumbprint } from 'jose';
import { hkdfSync } from 'node:crypto';
import { decode, encode } from 'next-auth/jwt';
import { describe, expect, it } from 'vitest';
import { decodeSessionJwe } from '@/lib/auth/session-jwe';

const SECRET = 'unit-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
const OLD_SECRET = 'rotated-out-secret-0123456789-abcdefghijklmnopqrstuv';
const SALT = 'authjs.session-token';
const TOKEN = { sub: '0b7f5d2e-6f0a-4f7e-9d61-0d7c2b6a9e11', sid: '9a3c1e55-0d2b-4f6a-8c7e-1b2d3e4f5a6b', gen: 2 };

/** next-auth's own verdict: the payload, or null where it throws. */
async function nextAuthDecode(token: string, secret: string | string[], salt = SALT) {
  try {
    return (await decode({ token, secret, salt })) ?? null;
  } catch {
    return null;
  }
}

/** A token as next-auth would accept but `encode` never writes: A256GCM, or chosen claims. */
async function custom(options: { enc: 'A256GCM' | 'A256CBC-HS512'; claims?: Record<string, unknown>; kid?: boolean }) {
  const key = new Uint8Array(
    hkdfSync('sha256', SECRET, SALT, `Auth.js Generated Encryption Key (${SALT})`, options.enc === 'A256GCM' ? 32 : 64),
  );
  const kid = await calculateJwkThumbprint(
    { kty: 'oct', k: base64url.encode(key) },
    key.byteLength === 32 ? 'sha256' : 'sha512',
  );
  return new EncryptJWT({ ...TOKEN, ...options.claims })
    .setProtectedHeader({ alg: 'dir', enc: options.enc, ...(options.kid === false ? {} : { kid }) })
    .encrypt(key);
}

describe('decodeSessionJwe', () => {
  it('accepts exactly what next-auth decode accepts, with the same payload', async () => {
    const now = Math.floor(Date.now() / 1000);
    const valid = await encode({ token: TOKEN, secret: SECRET, salt: SALT, maxAge: 3600 });
    const [h, k, iv, ct, tag] = valid.split('.') as [string, string, string, string, string];
    const flip = (part: string) => `${part.slice(0, -2)}${part.endsWith('AA') ? 'BA' : 'AA'}`;
    const cases: Record<string, string> = {
      valid,
      'other secret': await encode({ token: TOKEN, secret: 'x'.repeat(40), salt: SALT }),
      'other salt': await encode({ token: TOKEN, secret: SECRET, salt: `__Secure-${SALT}` }),
      'rotated secret': await encode({ token: TOKEN, secret: OLD_SECRET, salt: SALT }),
      expired: await encode({ token: TOKEN, secret: SECRET, salt: SALT, maxAge: -60 }),
      'expired within the tolerance': await encode({ token: TOKEN, secret: SECRET, salt: SALT, maxAge: -5 }),
      'tampered header': [flip(h), k, iv, ct, tag].join('.'),
      'tampered iv': [h, k, flip(iv), ct, tag].join('.'),
      'tampered ciphertext': [h, k, iv, flip(ct), tag].join('.'),
      'tampered tag': [h, k, iv, ct, flip(tag)].join('.'),
      'an encrypted key': [h, 'AAAA', iv, ct, tag].join('.'),
      'four parts': [h, iv, ct, tag].join('.'),
      'not base64url': [h, k, `${iv}+`, ct, tag].join('.'),
      gcm: await custom({ enc: 'A256GCM' }),
      'no kid': await custom({ enc: 'A256CBC-HS512', kid: false }),
      'not yet valid': await custom({ enc: 'A256CBC-HS512', claims: { nbf: now + 120 } }),
      'exp not a number': await custom({ enc: 'A256CBC-HS512', claims: { exp: 'soon' } }),
      garbage: 'not-a-jwt',
    };
    // A GCM token whose tag is cut to 4 bytes: Node's setAuthTag alone would take it (a 2^32 guess).
    const [gh, gk, giv, gct, gtag] = cases.gcm!.split('.') as [string, string, string, string, string];
    cases['gcm, 4-byte tag'] = [gh, gk, giv, gct, base64url.encode(base64url.decode(gtag).subarray(0, 4))].join('.');
    // A content encryption neither decoder supports, with a well-formed 128-bit key.
    cases.a128gcm = await new EncryptJWT({ ...TOKEN })
      .setProtectedHeader({ alg: 'dir', enc: 'A128GCM' })
      .encrypt(new Uint8Array(hkdfSync('sha256', SECRET, SALT, `Auth.js Generated Encryption Key (${SALT})`, 16)));
    for (const [name, token] of Object.entries(cases)) {
      for (const secret of [SECRET, [SECRET, OLD_SECRET]]) {
        const expected = await nextAuthDecode(token, secret);
        expect(decodeSessionJwe(token, secret, SALT), `${name}, ${String(secret)}`).toEqual(expected);
      }
    }
    // The cases are not all refusals (or all acceptances): both verdicts are exercised.
    expect(decodeSessionJwe(valid, SECRET, SALT)).toMatchObject(TOKEN);
    expect(decodeSessionJwe(cases.gcm!, SECRET, SALT)).toMatchObject(TOKEN);
    expect(decodeSessionJwe(cases['rotated secret']!, [SECRET, OLD_SECRET], SALT)).toMatchObject(TOKEN);
    expect(decodeSessionJwe(cases['tampered tag']!, SECRET, SALT)).toBeNull();
    expect(decodeSessionJwe(cases.expired!, SECRET, SALT)).toBeNull();
    expect(decodeSessionJwe(cases['gcm, 4-byte tag']!, SECRET, SALT)).toBeNull();
  });
});
