import { NextResponse, type NextRequest } from 'next/server';
import { env } from '@/lib/env';
import { ssoIssuerOrigin } from '@/lib/auth/oidc';
import { HSTS, originAllowed, wantsTransportSecurity } from '@/lib/http/origin-policy';
import { isMalformedUrl } from '@/lib/http/request-checks';
import { buildContentSecurityPolicy, createNonce } from '@/lib/security/csp';

function withTransportSecurity(response: NextResponse, request: NextRequest): NextResponse {
  if (wantsTransportSecurity(request.headers)) {
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
  if (!originAllowed(request.method, request.nextUrl, request.headers))
    return refusal(request, 403, 'Cross-site requests are not allowed.', policy);

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
  // The autosave route is the exception, for its cost (a proxy pass is a second request/response
  // round through Next.js, docs/benchmarks.md "Autosave: the profile"): it answers JSON (no
  // document, no nonce), has one fixed address, and defineRoute's `outsideProxy` applies this
  // file's origin rule and HSTS to it (lib/http/origin-policy.ts); its CSP comes from next.config.mjs.
  // The paths excluded here are listed in lib/http/outside-proxy.json too (tests/unit/ops/security-headers).
  matcher: ['/((?!_next/static|_next/image|favicon.ico|api/ratings/batch$).*)'],
};
