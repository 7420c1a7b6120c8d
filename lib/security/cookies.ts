/**
 * `__Secure-` cookies with the Secure flag when the public URL is https in
 * production. Explicitly off for an http AUTH_URL (e2e runs `next start` on
 * http://127.0.0.1, where a Secure cookie would never come back); left to
 * next-auth (the request's protocol, X-Forwarded-Proto behind a proxy) when
 * AUTH_URL is not set. httpOnly and SameSite=Lax are next-auth's defaults
 * for every auth cookie.
 */
export function secureCookiesSetting(nodeEnv: string, authUrl: string | undefined): boolean | undefined {
  if (!authUrl) return undefined;
  return nodeEnv === 'production' && authUrl.startsWith('https://');
}
