/**
 * What proxy.ts refuses before any page, action or route handler runs.
 * Pure functions of the request's URL and headers, so they are unit-tested
 * directly (tests/unit/security/request-checks.test.ts).
 */

// C0 controls and DEL: never part of an address a person or our own pages write.

const CONTROL = /[\u0000-\u001f\u007f]/;

function decodes(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

/**
 * A path segment or query part with broken percent-encoding (`/teams/%`,
 * `%ZZ`, `%C0%AF`), or one that decodes to a control character (`%0A`,
 * `%00`). Next.js answers the first with an unstyled 500 and no security
 * headers, and pages are not written to expect the second.
 */
export function isMalformedUrl(pathname: string, search: string): boolean {
  const parts = [
    ...pathname.split('/'),
    ...search
      .replace(/^\?/, '')
      .split(/[&=]/)
      .map((part) => part.replace(/\+/g, ' ')),
  ];
  return parts.some((part) => {
    const decoded = decodes(part);
    return decoded === null || CONTROL.test(decoded);
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Paths authenticated by a bearer token alone (lib/api/authenticate.ts), never by the session
 * cookie: a browser does not attach a bearer token to a forged cross-site request, so there is no
 * request forgery to stop, and their callers (scripts, identity providers) send no Origin.
 */
export const TOKEN_AUTHENTICATED_PREFIXES = ['/api/v1/', '/scim/v2/'] as const;

/** The one session-less route that takes cross-site POSTs (app/api/unsubscribe/route.ts). */
export const ONE_CLICK_UNSUBSCRIBE_PATH = '/api/unsubscribe';

export function isTokenAuthenticatedPath(pathname: string): boolean {
  return TOKEN_AUTHENTICATED_PREFIXES.some((prefix) => pathname.startsWith(prefix) || `${pathname}/` === prefix);
}

export interface OriginPolicy {
  /** The request's Host (or, behind trusted proxies, X-Forwarded-Host). */
  host: string | null;
  /** AUTH_URL's origin, when configured: the public address. */
  publicOrigin?: string | undefined;
  /** The SSO issuer's origin: it may POST back to our callback (response_mode=form_post). */
  ssoIssuerOrigin?: string | null | undefined;
}

/**
 * State-changing requests must come from our own pages, proved by the
 * browser's Origin header (every browser sends it on a POST). Next.js checks
 * the Origin of server actions only when the header is there; without one it
 * lets the action run, and it never checks route handlers or next-auth's
 * endpoints. Here a missing Origin is refused too.
 */
export function isAllowedOrigin(
  method: string,
  pathname: string,
  origin: string | null,
  policy: OriginPolicy,
): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  if (isTokenAuthenticatedPath(pathname)) return true;
  // RFC 8058 one-click unsubscribe: the mail provider POSTs from its own servers, without our Origin.
  // No cookie counts there (definePublicRoute never reads the session): only the signed token in the URL.
  if (pathname === ONE_CLICK_UNSUBSCRIBE_PATH) return true;
  if (!origin || origin === 'null') return false;
  let source: URL;
  try {
    source = new URL(origin);
  } catch {
    return false;
  }
  if (policy.publicOrigin && source.origin === policy.publicOrigin) return true;
  if (policy.host && source.host === policy.host.toLowerCase()) return true;
  return Boolean(
    policy.ssoIssuerOrigin && pathname === '/api/auth/callback/oidc' && source.origin === policy.ssoIssuerOrigin,
  );
}
