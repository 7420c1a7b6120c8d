import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';

/**
 * Next.js gives server code no access to the connection: only headers. It
 * does add X-Forwarded-For — but only when the client sent none, so what it
 * holds is the client's word. This stamps every request, before Next.js sees
 * it, with two headers a client cannot set (any it sends are overwritten):
 * X-Forwarded-For as received with the connection's own peer address appended,
 * and the connection's protocol. lib/auth/client-ip.ts reads them, trusting
 * only as many proxies as TRUSTED_PROXY_HOPS says.
 */
export const FORWARDED_CHAIN_HEADER = 'x-skillgrid-forwarded-for';
export const PEER_PROTOCOL_HEADER = 'x-skillgrid-peer-protocol';

export function stampPeer(request: IncomingMessage): void {
  const socket = request.socket as Partial<TLSSocket> | undefined;
  const received = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(received) ? received.join(',') : (received ?? '')).trim();
  const peer = socket?.remoteAddress ?? '';
  request.headers[FORWARDED_CHAIN_HEADER] = [forwarded, peer].filter(Boolean).join(', ');
  request.headers[PEER_PROTOCOL_HEADER] = socket?.encrypted ? 'https' : 'http';
}

const INSTALLED = Symbol.for('skillgrid.peer-stamp');

/**
 * Installs the stamp on every HTTP(S) server of this process (the one
 * `next start` / `next dev` creates), once. Called from instrumentation.ts,
 * which runs before the server takes requests.
 */
export function installPeerStamp(): void {
  const marked = globalThis as { [INSTALLED]?: boolean };
  if (marked[INSTALLED]) return;
  marked[INSTALLED] = true;
  for (const Server of [http.Server, https.Server]) {
    const emit = Server.prototype.emit;
    Server.prototype.emit = function emitWithPeer(this: http.Server, event: string | symbol, ...args: unknown[]) {
      if (event === 'request' && args[0]) stampPeer(args[0] as IncomingMessage);
      return Reflect.apply(emit, this, [event, ...args]) as boolean;
    } as typeof emit;
  }
}
