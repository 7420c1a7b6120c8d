import { NextResponse, type NextRequest } from 'next/server';
import { env } from '@/lib/env';
import { requestIsHttps } from '@/lib/auth/client-ip';
import { ssoIssuerOrigin } from '@/lib/auth/oidc';
import { isAllowedOrigin, isMalformedUrl } from '@/lib/http/request-checks';
import { buildContentSecurityPolicy, createNonce } from '@/lib/security/csp';

const HSTS = 'max-age=63072000; includeSubDomains';

/** Only over https: a browser ignores HSTS over http anyway, and an http deployment must not announce one. */
function withTransportSecurity(response: NextResponse, request: NextRequest): NextResponse {
  if (env.NODE_ENV === 'production' && requestIsHttps(request.headers)) {
    response.headers.set('strict-transport-security', HSTS);
  }
  return response;
}

/** A small page of our own: Next.js's answer to these is an unstyled 500 without our headers. */
function refusal(request: NextRequest, status: 400 | 403, message: string, policy: string): NextResponse {
  const wantsHtml = (request.headers.get('accept') ?? '').includes('text/html');
  const body = wantsHtml
    ? `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${status === 400 ? 'Bad request' : 'Forbidden'} — Skillgrid</title></head><body><main><h1>${message}</h1><p><a href="/">Go to the home page</a></p></main></body></html>`
    : JSON.stringify({ error: message });
  const response = new NextResponse(body, {
    status,
    headers: {
      'content-type': wantsHtml ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': policy,
    },
  });
  return withTransportSecurity(response, request);
}

/**
 * Every request but static files passes here:
 *
 * - a per-request CSP nonce: Next.js takes it from the request's
 *   Content-Security-Policy header and stamps it on its own scripts; the
 *   browser gets the same policy on the response;
 * - malformed addresses (broken percent-encoding, control characters) get a
 *   400 page with the usual headers instead of Next.js's bare 500;
 * - state-changing requests without our Origin are refused (403);
 * - HSTS, only when the request came over https.
 *
 * Authentication and authorization stay in the pages, actions and route
 * handlers (lib/auth/authorize.ts).
 */
export function proxy(request: NextRequest) {
  const issuer = ssoIssuerOrigin();
  const policy = buildContentSecurityPolicy({
    nonce: createNonce(),
    development: env.NODE_ENV === 'development',
    formActionOrigins: issuer ? [issuer] : [],
    upgradeInsecureRequests: env.NODE_ENV === 'production' && Boolean(env.AUTH_URL?.startsWith('https://')),
  });
  const { pathname, search } = request.nextUrl;
  if (isMalformedUrl(pathname, search)) {
    return refusal(
      request,
      400,
      'This address is malformed. Check the link, or start again from the home page.',
      policy,
    );
  }
  const host =
    (env.TRUSTED_PROXY_HOPS > 0 ? request.headers.get('x-forwarded-host') : null) ?? request.headers.get('host');
  const allowed = isAllowedOrigin(request.method, pathname, request.headers.get('origin'), {
    host,
    publicOrigin: env.AUTH_URL ? new URL(env.AUTH_URL).origin : undefined,
    ssoIssuerOrigin: issuer,
  });
  if (!allowed) return refusal(request, 403, 'Cross-site requests are not allowed.', policy);

  const prefetch = request.headers.has('next-router-prefetch') || request.headers.get('purpose') === 'prefetch';
  // Prefetches are RSC payloads, not documents: no policy to stamp.
  if (prefetch) return withTransportSecurity(NextResponse.next(), request);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', policy);
  return withTransportSecurity(response, request);
}

export const config = {
  // Static files need no policy. Prefetches come here too (handled above), so that no request
  // header can take a state-changing request or a malformed address past these checks.
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
