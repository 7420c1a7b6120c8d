import 'server-only';
import { decodeSessionJwe } from './session-jwe';

/**
 * Reads who is signed in straight from next-auth's session cookie.
 *
 * Why not `auth()`: with a lazily configured NextAuth, `auth()` in a Server
 * Component or Server Action runs next-auth's whole session endpoint — build a
 * Request, decode the JWT, run the callbacks, RE-ENCODE a fresh JWT (HKDF,
 * AES-CBC, HMAC, a digest) for a Set-Cookie header, wrap it in a Response, parse
 * its JSON — and then drops that cookie. On the autosave path this was a
 * quarter of the server's CPU per request. Decoding the cookie is the whole of
 * what we use: the same JWE, the same secret, the same salt (the cookie name),
 * the same expiry check, and `sub` / `organizationId` exactly as the jwt and
 * session callbacks in config.ts put them.
 *
 * The membership, the user's session generation and the session's revocation
 * are still read from the database on every request (session-memberships.ts):
 * a valid cookie alone never lets anybody in.
 */

export const SESSION_COOKIE_NAME = 'authjs.session-token';

export interface CookieSource {
  get(name: string): { value: string } | undefined;
  getAll(): { name: string; value: string }[];
}

export interface SessionClaims {
  userId: string;
  organizationId: string | undefined;
  /** Stable for the session's whole life (next-auth re-issues the cookie, with a new jti, on refresh). */
  sessionId: string;
  /** The user's session generation when the session began (users.session_generation). */
  generation: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The claims of a decoded token, or null when one is missing: a cookie from
 * before sessions were revocable carries no session id and is not accepted.
 */
export function sessionClaimsOf(payload: Record<string, unknown> | null | undefined): SessionClaims | null {
  if (!payload) return null;
  const { sub, organizationId, sid, gen } = payload;
  if (typeof sub !== 'string' || !UUID.test(sub)) return null;
  if (typeof sid !== 'string' || !UUID.test(sid)) return null;
  if (typeof gen !== 'number' || !Number.isSafeInteger(gen) || gen < 0) return null;
  return {
    userId: sub,
    organizationId: typeof organizationId === 'string' && UUID.test(organizationId) ? organizationId : undefined,
    sessionId: sid,
    generation: gen,
  };
}

/** `__Secure-` prefixed exactly when next-auth would prefix it (see lib/security/cookies.ts). */
export function sessionCookieName(secure: boolean): string {
  return `${secure ? '__Secure-' : ''}${SESSION_COOKIE_NAME}`;
}

/**
 * next-auth's `useSecureCookies`: our explicit setting when AUTH_URL is set,
 * else the request's protocol (X-Forwarded-Proto; https when unknown, as
 * next-auth assumes).
 */
export function usesSecureCookies(setting: boolean | undefined, forwardedProto: string | null): boolean {
  if (setting !== undefined) return setting;
  return (forwardedProto ?? 'https').split(',')[0]?.trim().replace(/:$/, '') === 'https';
}

/** The cookie's value; next-auth splits a token over 4 kB into `name.0`, `name.1`, … and so do we join them. */
export function sessionCookieValue(cookies: CookieSource, name: string): string | null {
  const parts = cookies
    .getAll()
    .filter((cookie) => (cookie.name === name || cookie.name.startsWith(`${name}.`)) && cookie.value)
    .map((cookie) => ({
      index: cookie.name === name ? 0 : Number.parseInt(cookie.name.slice(name.length + 1), 10),
      value: cookie.value,
    }))
    .filter((part) => Number.isInteger(part.index))
    .sort((a, b) => a.index - b.index);
  return parts.length > 0 ? parts.map((part) => part.value).join('') : null;
}

/** The signed-in user's id and active organization, or null for no, a forged, a tampered or an expired cookie. */
export async function readSessionClaims(options: {
  cookies: CookieSource;
  secret: string | string[];
  secure: boolean;
}): Promise<SessionClaims | null> {
  const name = sessionCookieName(options.secure);
  const token = sessionCookieValue(options.cookies, name);
  if (!token) return null;
  // next-auth's decode, without its per-call key derivation and WebCrypto round trips (session-jwe.ts).
  return sessionClaimsOf(decodeSessionJwe(token, options.secret, name));
}
