import 'server-only';
import { headers } from 'next/headers';
import { clientIp } from '@/lib/auth/client-ip';
import { env } from '@/lib/env';

/** The caller's address for the audit log; null when there is no request (scripts). */
export async function requestIp(): Promise<string | null> {
  try {
    return clientIp(await headers());
  } catch {
    return null;
  }
}

/**
 * The public origin for links sent to people (invitations). AUTH_URL wins
 * because it is the configured public address; otherwise the request's own
 * host, which is what the admin is looking at.
 */
export async function publicOrigin(): Promise<string> {
  if (env.AUTH_URL) return new URL(env.AUTH_URL).origin;
  const requestHeaders = await headers();
  const host = requestHeaders.get('x-forwarded-host') ?? requestHeaders.get('host') ?? 'localhost:3000';
  const forwardedProto = requestHeaders.get('x-forwarded-proto')?.split(',')[0]?.trim();
  const proto =
    forwardedProto === 'https' || forwardedProto === 'http'
      ? forwardedProto
      : host.startsWith('localhost') || host.startsWith('127.')
        ? 'http'
        : 'https';
  return `${proto}://${host}`;
}

/** Why an anonymous request cannot get a mailed link on this server. */
export const NO_PUBLIC_ADDRESS_MESSAGE =
  'This server cannot mail links yet: its public address (AUTH_URL) is not configured. Ask its administrator.';

/**
 * The origin of links mailed on an anonymous request (sign-up, verification,
 * password reset). In production only AUTH_URL counts: there the request's
 * Host / X-Forwarded-Host are the attacker's to choose, and a reset link for
 * the victim's address pointing at the attacker's host hands them the token.
 * Null when production has no AUTH_URL; callers then mail nothing.
 */
export async function accountLinkOrigin(): Promise<string | null> {
  if (env.AUTH_URL) return new URL(env.AUTH_URL).origin;
  if (env.NODE_ENV === 'production') return null;
  return publicOrigin();
}
