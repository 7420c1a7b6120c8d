import { env } from '@/lib/env';
import { requestIsHttps } from '@/lib/auth/client-ip';
import { ssoIssuerOrigin } from '@/lib/auth/oidc';
import { isAllowedOrigin } from './request-checks';

/**
 * proxy.ts's origin rule for a state-changing request, with this deployment's
 * policy (trusted proxy hops, AUTH_URL, the SSO issuer). One home: the proxy
 * applies it to every request it sees, and `defineRoute` to the routes kept
 * out of the proxy's matcher for their cost (`outsideProxy`, the save path).
 */
export function originAllowed(method: string, url: URL, headers: Headers): boolean {
  // The Host header; a Request built in-process (tests) has none, and then its URL is the host it was sent to.
  const host = (env.TRUSTED_PROXY_HOPS > 0 ? headers.get('x-forwarded-host') : null) ?? headers.get('host') ?? url.host;
  const { pathname } = url;
  return isAllowedOrigin(method, pathname, headers.get('origin'), {
    host,
    publicOrigin: env.AUTH_URL ? new URL(env.AUTH_URL).origin : undefined,
    ssoIssuerOrigin: ssoIssuerOrigin(),
  });
}

export const HSTS = 'max-age=63072000; includeSubDomains';

/** Only over https: a browser ignores HSTS over http anyway, and an http deployment must not announce one. */
export function wantsTransportSecurity(headers: Headers): boolean {
  return env.NODE_ENV === 'production' && requestIsHttps(headers);
}
