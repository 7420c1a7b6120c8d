import { isIP } from 'node:net';
import { env } from '@/lib/env';
import { FORWARDED_CHAIN_HEADER, PEER_PROTOCOL_HEADER } from '@/lib/http/peer-address';

/** `::ffff:192.0.2.1` (an IPv4 peer on a dual-stack socket) is 192.0.2.1; anything that is not an address is unknown. */
function normalizeAddress(entry: string | undefined): string | null {
  const address = entry?.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  return address && isIP(address) ? address : null;
}

/**
 * The client's address, for rate limits and the audit log. The server stamps
 * every request with X-Forwarded-For as received plus the address of the
 * connection itself (lib/http/peer-address.ts); of that chain only the last
 * `TRUSTED_PROXY_HOPS` entries were written by proxies we run, so the client is
 * the entry just before them. With the default 0 the connection's own address
 * counts and X-Forwarded-For is ignored: a client cannot choose its bucket by
 * sending the header. Behind one load balancer that appends (or sets) the
 * header, 1. "unknown" (one shared bucket) when the stamp is missing, which
 * happens only outside the Next.js server.
 */
export function clientIp(headers: Headers, trustedHops: number = env.TRUSTED_PROXY_HOPS): string {
  const chain = (headers.get(FORWARDED_CHAIN_HEADER) ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (chain.length === 0) return 'unknown';
  return normalizeAddress(chain[Math.max(0, chain.length - 1 - trustedHops)]) ?? 'unknown';
}

/**
 * Whether the client's request came over https: the connection's own
 * protocol, or with trusted proxies in front, what the nearest one says in
 * X-Forwarded-Proto (never a client's claim when nothing is trusted).
 */
export function requestIsHttps(headers: Headers, trustedHops: number = env.TRUSTED_PROXY_HOPS): boolean {
  if (trustedHops > 0) {
    const forwarded = headers.get('x-forwarded-proto')?.split(',').at(-1)?.trim().toLowerCase();
    if (forwarded) return forwarded === 'https';
  }
  return headers.get(PEER_PROTOCOL_HEADER) === 'https';
}
