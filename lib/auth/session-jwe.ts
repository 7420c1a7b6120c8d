import { createDecipheriv, createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * next-auth's session token decoded with node:crypto, synchronously: the same
 * JWE (`dir` key management, A256CBC-HS512 or A256GCM content encryption),
 * the same key derivation (HKDF-SHA256 of the secret, salted with the cookie
 * name), the same `kid` rule (the key's JWK thumbprint, any of the secrets in
 * rotation) and the same claim checks as `decode` from `next-auth/jwt`
 * (jose's `jwtDecrypt` with a 15 s clock tolerance).
 *
 * Why not `decode` itself: it derives the key again on every call and runs
 * about ten WebCrypto operations (HKDF, a digest for the thumbprint, two key
 * imports, the tag, and jose's timing-safe comparison, which generates a
 * fresh HMAC key and signs both sides), each one a thread-pool round trip.
 * On the autosave path that was ~12% of the server's CPU (docs/benchmarks.md,
 * "Autosave: the profile"). Here the derived key is a pure function of the
 * configured secret and the cookie name, computed once per pair (not state
 * about any session or request), and a decode is two hashes and a cipher.
 *
 * tests/unit/auth/session-jwe.test.ts checks it against next-auth's own
 * encode/decode: what one accepts the other accepts, with the same payload.
 */

const CLOCK_TOLERANCE_SECONDS = 15;

type ContentEncryption = 'A256CBC-HS512' | 'A256GCM';

interface DerivedKey {
  key: Buffer;
  thumbprint: string;
}

const KEY_LENGTH: Record<ContentEncryption, number> = { 'A256CBC-HS512': 64, A256GCM: 32 };

/** Bounded by configuration: secrets in rotation × the two cookie names × two algorithms. */
const derivedKeys = new Map<string, DerivedKey>();

function derivedKey(enc: ContentEncryption, secret: string, salt: string): DerivedKey {
  const id = `${enc}\u0000${salt}\u0000${secret}`;
  const known = derivedKeys.get(id);
  if (known) return known;
  const key = Buffer.from(
    hkdfSync('sha256', secret, salt, `Auth.js Generated Encryption Key (${salt})`, KEY_LENGTH[enc]),
  );
  // RFC 7638: the required members of an `oct` JWK, in lexicographic order, hashed with SHA-(key bits).
  const jwk = JSON.stringify({ k: key.toString('base64url'), kty: 'oct' });
  const thumbprint = createHash(`sha${key.byteLength << 3}`)
    .update(jwk)
    .digest('base64url');
  const derived = { key, thumbprint };
  derivedKeys.set(id, derived);
  return derived;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function fromBase64url(part: string): Buffer | null {
  return BASE64URL.test(part) ? Buffer.from(part, 'base64url') : null;
}

function decrypt(
  enc: ContentEncryption,
  key: Buffer,
  aad: Buffer,
  iv: Buffer,
  ciphertext: Buffer,
  tag: Buffer,
): Buffer | null {
  if (enc === 'A256GCM') {
    if (iv.length !== 12 || tag.length !== 16) return null;
    // The tag length pinned in the decipher too: Node accepts tags as short as 4 bytes in setAuthTag,
    // and a forged token with a 4-byte tag would be a 2^32 online guess if the check above ever went.
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  }
  // RFC 7518 §5.2: MAC key = first half, encryption key = second half; the tag is the first half of
  // HMAC-SHA-512 over AAD ‖ IV ‖ ciphertext ‖ AAD length in bits (64-bit big-endian).
  if (iv.length !== 16 || tag.length !== 32) return null;
  const bits = Buffer.alloc(8);
  bits.writeBigUInt64BE(BigInt(aad.length) * 8n);
  const expected = createHmac('sha512', key.subarray(0, 32))
    .update(aad)
    .update(iv)
    .update(ciphertext)
    .update(bits)
    .digest()
    .subarray(0, 32);
  if (!timingSafeEqual(expected, tag)) return null;
  const decipher = createDecipheriv('aes-256-cbc', key.subarray(32), iv);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}

/**
 * The token's payload, or null when it is not a JWE this secret made under this salt, is tampered
 * with, expired (15 s tolerance) or not yet valid. Never throws.
 */
export function decodeSessionJwe(
  token: string,
  secret: string | readonly string[],
  salt: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): Record<string, unknown> | null {
  try {
    const parts = token.split('.');
    if (parts.length !== 5) return null;
    const [headerPart, encryptedKey, ivPart, ciphertextPart, tagPart] = parts as [
      string,
      string,
      string,
      string,
      string,
    ];
    // `dir`: the content key is the derived key itself, so the encrypted-key part is empty.
    if (encryptedKey !== '') return null;
    const headerBytes = fromBase64url(headerPart);
    const iv = fromBase64url(ivPart);
    const ciphertext = fromBase64url(ciphertextPart);
    const tag = fromBase64url(tagPart);
    if (!headerBytes || !iv || !ciphertext || !tag) return null;
    const header = JSON.parse(headerBytes.toString('utf8')) as unknown;
    if (typeof header !== 'object' || header === null || Array.isArray(header)) return null;
    const { alg, enc, kid, zip, crit } = header as Record<string, unknown>;
    // jose refuses compression and critical extensions it does not implement; so do we.
    if (alg !== 'dir' || zip !== undefined || crit !== undefined) return null;
    if (enc !== 'A256CBC-HS512' && enc !== 'A256GCM') return null;
    if (kid !== undefined && typeof kid !== 'string') return null;

    const secrets = typeof secret === 'string' ? [secret] : secret;
    // As next-auth: without a kid the first secret, else the secret whose key has that thumbprint.
    const match =
      kid === undefined
        ? secrets[0] === undefined
          ? undefined
          : derivedKey(enc, secrets[0], salt)
        : secrets.map((one) => derivedKey(enc, one, salt)).find((derived) => derived.thumbprint === kid);
    if (!match) return null;

    const plaintext = decrypt(enc, match.key, Buffer.from(headerPart, 'ascii'), iv, ciphertext, tag);
    if (!plaintext) return null;
    const payload = JSON.parse(plaintext.toString('utf8')) as unknown;
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
    const claims = payload as Record<string, unknown>;
    // jose's claim rules (validateClaimsSet) with next-auth's clock tolerance.
    for (const name of ['iat', 'exp', 'nbf'] as const) {
      if (claims[name] !== undefined && typeof claims[name] !== 'number') return null;
    }
    if (typeof claims.exp === 'number' && claims.exp <= nowSeconds - CLOCK_TOLERANCE_SECONDS) return null;
    if (typeof claims.nbf === 'number' && claims.nbf > nowSeconds + CLOCK_TOLERANCE_SECONDS) return null;
    return claims;
  } catch {
    // Malformed JSON, a bad padding (wrong key), a bad GCM tag: not a token of ours.
    return null;
  }
}
