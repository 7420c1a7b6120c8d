// No `server-only` marker: proxy.ts reads the issuer for the CSP. lib/env refuses to hand
// server variables (the client secret) to browser code anyway.
import { env } from '@/lib/env';

/** next-auth's id for the provider: the IdP's redirect URI is `<AUTH_URL>/api/auth/callback/oidc`. */
export const OIDC_PROVIDER_ID = 'oidc';

interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  name: string;
}

/** SSO is on only when all three settings are present; a half-configured provider would fail at the IdP. */
export function oidcSettings(): OidcSettings | null {
  const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret } = env;
  if (!issuer || !clientId || !clientSecret) return null;
  return { issuer, clientId, clientSecret, name: env.OIDC_NAME };
}

/** For the sign-in page: the button label, or null when SSO is not configured. */
export function ssoProviderName(): string | null {
  return oidcSettings()?.name ?? null;
}

/** The IdP's origin, which the CSP's form-action must allow for the no-JavaScript redirect to it. */
export function ssoIssuerOrigin(): string | null {
  const issuer = oidcSettings()?.issuer;
  if (!issuer) return null;
  try {
    return new URL(issuer).origin;
  } catch {
    return null;
  }
}

/** The generic OpenID Connect provider: discovery from the issuer, PKCE + state, ID token checked by next-auth. */
export function oidcProvider() {
  const settings = oidcSettings();
  if (!settings) return null;
  return {
    id: OIDC_PROVIDER_ID,
    name: settings.name,
    type: 'oidc' as const,
    issuer: settings.issuer,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    checks: ['pkce' as const, 'state' as const, 'nonce' as const],
  };
}
