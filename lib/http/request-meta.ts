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
