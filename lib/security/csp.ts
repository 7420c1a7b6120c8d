/**
 * The Content-Security-Policy of every page, built per request by proxy.ts
 * with a fresh nonce. Next.js reads the nonce back from the request's CSP
 * header and puts it on its own bootstrap and chunk scripts, so script-src
 * needs neither 'unsafe-inline' nor (outside development) 'unsafe-eval'.
 */
export interface CspOptions {
  nonce: string;
  /** `next dev`: React's dev tooling evaluates code (server error stacks, refresh). */
  development: boolean;
  /** Extra origins a form may submit or redirect to, e.g. the SSO issuer for the no-JavaScript path. */
  formActionOrigins?: readonly string[];
  /** Only behind https: on an http origin (e2e on 127.0.0.1) it would rewrite same-origin assets to https. */
  upgradeInsecureRequests?: boolean;
}

export function buildContentSecurityPolicy(options: CspOptions): string {
  const directives: string[] = [
    "default-src 'self'",
    // 'strict-dynamic' lets the nonce'd bootstrap load the route's chunks; 'self' is the fallback for old browsers.
    `script-src 'self' 'nonce-${options.nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ''}`,
    // No nonce here on purpose: a nonce would make browsers ignore 'unsafe-inline', which recharts'
    // and React's style attributes need. Inline styles cannot run script.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self'${(options.formActionOrigins ?? []).map((origin) => ` ${origin}`).join('')}`,
    "frame-ancestors 'none'",
  ];
  if (options.upgradeInsecureRequests) directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}

/** 128 random bits, base64: unguessable per response. Web Crypto, so it runs in any runtime. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
