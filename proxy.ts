import { NextResponse, type NextRequest } from 'next/server';
import { env } from '@/lib/env';
import { ssoIssuerOrigin } from '@/lib/auth/oidc';
import { buildContentSecurityPolicy, createNonce } from '@/lib/security/csp';

/**
 * A per-request CSP nonce. Next.js takes it from the request's
 * Content-Security-Policy header and stamps it on its own scripts; the
 * browser gets the same policy on the response. Pages are dynamic anyway
 * (they all read the session), so the nonce costs no static rendering.
 *
 * Only headers: authentication and authorization stay in the pages, actions
 * and route handlers (lib/auth/authorize.ts).
 */
export function proxy(request: NextRequest) {
  const issuer = ssoIssuerOrigin();
  const policy = buildContentSecurityPolicy({
    nonce: createNonce(),
    development: env.NODE_ENV === 'development',
    formActionOrigins: issuer ? [issuer] : [],
    upgradeInsecureRequests: env.NODE_ENV === 'production' && Boolean(env.AUTH_URL?.startsWith('https://')),
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  matcher: [
    {
      // Static files need no policy; prefetches are RSC payloads, not documents.
      source: '/((?!_next/static|_next/image|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
