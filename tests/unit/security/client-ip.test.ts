/**
 * Issue 17, finding 6: the per-address limit trusted the first
 * X-Forwarded-For entry, so a client rotating the header was never limited
 * (0 of 27 requests). Now the address comes from the connection (stamped by
 * lib/http/peer-address.ts) and only TRUSTED_PROXY_HOPS proxies are believed.
 */
import { Socket } from 'node:net';
import { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientIp, requestIsHttps } from '@/lib/auth/client-ip';
import { FORWARDED_CHAIN_HEADER, PEER_PROTOCOL_HEADER, stampPeer } from '@/lib/http/peer-address';

/** A request as Node hands it to the server: headers from the client, the peer address from the socket. */
function incoming(headers: Record<string, string>, remoteAddress: string, encrypted = false): IncomingMessage {
  const socket = new Socket();
  Object.defineProperty(socket, 'remoteAddress', { value: remoteAddress });
  if (encrypted) Object.defineProperty(socket, 'encrypted', { value: true });
  const request = new IncomingMessage(socket);
  request.headers = { ...headers };
  return request;
}

function stamped(headers: Record<string, string>, remoteAddress: string, encrypted = false): Headers {
  const request = incoming(headers, remoteAddress, encrypted);
  stampPeer(request);
  return new Headers(request.headers as Record<string, string>);
}

describe('clientIp', () => {
  it('with no trusted proxy, rotating X-Forwarded-For does not change the address (one bucket per connection address)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 27; i += 1) {
      seen.add(
        clientIp(stamped({ 'x-forwarded-for': `203.0.113.${i}`, 'x-real-ip': `198.51.100.${i}` }, '192.0.2.7'), 0),
      );
    }
    expect([...seen]).toEqual(['192.0.2.7']);
  });

  it('a client cannot set the stamped headers itself', () => {
    const headers = stamped({ [FORWARDED_CHAIN_HEADER]: '203.0.113.9', [PEER_PROTOCOL_HEADER]: 'https' }, '192.0.2.7');
    expect(clientIp(headers, 0)).toBe('192.0.2.7');
    expect(requestIsHttps(headers, 0)).toBe(false);
  });

  it('behind one trusted balancer, the address the balancer saw; whatever the client prepended is ignored', () => {
    // HAProxy sets X-Forwarded-For to its client (scripts/cluster); one that appends does the same for us.
    expect(clientIp(stamped({ 'x-forwarded-for': '203.0.113.5' }, '10.0.0.2'), 1)).toBe('203.0.113.5');
    expect(clientIp(stamped({ 'x-forwarded-for': '6.6.6.6, 203.0.113.5' }, '10.0.0.2'), 1)).toBe('203.0.113.5');
    expect(clientIp(stamped({ 'x-forwarded-for': '6.6.6.6, 203.0.113.5, 10.0.0.9' }, '10.0.0.2'), 2)).toBe(
      '203.0.113.5',
    );
  });

  it('normalises IPv4-mapped addresses, refuses garbage, and says unknown without the stamp', () => {
    expect(clientIp(stamped({}, '::ffff:192.0.2.8'), 0)).toBe('192.0.2.8');
    expect(clientIp(stamped({ 'x-forwarded-for': 'not-an-ip' }, '10.0.0.2'), 1)).toBe('unknown');
    expect(clientIp(new Headers({ 'x-forwarded-for': '203.0.113.5' }), 0)).toBe('unknown');
  });
});

describe('requestIsHttps', () => {
  it('with no trusted proxy, the connection decides, not X-Forwarded-Proto', () => {
    expect(requestIsHttps(stamped({ 'x-forwarded-proto': 'https' }, '192.0.2.7'), 0)).toBe(false);
    expect(requestIsHttps(stamped({}, '192.0.2.7', true), 0)).toBe(true);
  });

  it('behind a trusted proxy, its X-Forwarded-Proto decides', () => {
    expect(requestIsHttps(stamped({ 'x-forwarded-proto': 'https' }, '10.0.0.2'), 1)).toBe(true);
    expect(requestIsHttps(stamped({ 'x-forwarded-proto': 'http' }, '10.0.0.2'), 1)).toBe(false);
  });
});
