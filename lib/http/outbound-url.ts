/**
 * The one gate for requests the server makes to URLs that people typed:
 * webhook endpoints (lib/webhooks/) and chat digests (Slack/Teams). Without
 * it an admin could point a "webhook" at the cloud metadata service, the
 * database or anything else only the server can reach, and read the answer in
 * the delivery log (server-side request forgery).
 *
 * Two checks, both here:
 * - `checkOutboundUrl` when a URL is saved: scheme, shape, and every address
 *   its host resolves to now, with a message for the admin.
 * - `sendOutbound` when the request is made: the host is resolved again
 *   inside the socket's own `lookup`, every address is checked there, and the
 *   connection goes to the address that was checked. A DNS answer that
 *   changes between the two (rebinding) therefore cannot slip a private
 *   address past the check: the check and the connection use one answer.
 *
 * Operators who run a receiver on their own network (and the tests, which run
 * one on loopback) allow hosts or ranges with `OUTBOUND_URL_ALLOW`.
 *
 * No `server-only` marker: the job worker imports this outside Next.js.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { env } from '@/lib/env';

/** Why an address is not on the public internet. */
export type AddressClass =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'cgnat'
  | 'link-local'
  | 'metadata'
  | 'unique-local'
  | 'multicast'
  | 'documentation'
  | 'reserved'
  | 'ipv4-embedded';

const CLASS_NAMES: Record<AddressClass, string> = {
  unspecified: 'an unspecified address',
  loopback: 'a loopback address (this server itself)',
  private: 'a private network address',
  cgnat: 'a carrier-grade NAT address',
  'link-local': 'a link-local address',
  metadata: 'a cloud metadata service',
  'unique-local': 'an IPv6 unique-local (private) address',
  multicast: 'a multicast address',
  documentation: 'an address reserved for documentation',
  reserved: 'a reserved address',
  'ipv4-embedded': 'an IPv4 address written as IPv6',
};

type Bytes = readonly number[];

function parseIPv4(text: string): number[] | null {
  if (net.isIPv4(text) === false) return null;
  return text.split('.').map(Number);
}

/** The 16 bytes of an IPv6 address (a zone such as `%eth0` dropped), or null. */
function parseIPv6(text: string): number[] | null {
  const address = text.replace(/%.*$/, '');
  if (!net.isIPv6(address)) return null;
  let head = address;
  const tailBytes: number[] = [];
  const dotted = address.match(/^(.*:)(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted?.[1] !== undefined && dotted[2] !== undefined) {
    head = `${dotted[1]}0:0`;
    tailBytes.push(...(parseIPv4(dotted[2]) ?? []));
  }
  const [left, right] = head.includes('::') ? head.split('::') : [head, undefined];
  const leftWords = left ? left.split(':') : [];
  const rightWords = right ? right.split(':') : [];
  const missing = 8 - leftWords.length - rightWords.length;
  const words = [...leftWords, ...Array<string>(right === undefined ? 0 : missing).fill('0'), ...rightWords];
  const bytes = words.flatMap((word) => {
    const value = parseInt(word, 16);
    return [value >> 8, value & 0xff];
  });
  if (dotted) bytes.splice(12, 4, ...tailBytes);
  return bytes.length === 16 ? bytes : null;
}

interface Range {
  bytes: Bytes;
  prefix: number;
}

function parseRange(text: string): Range | null {
  const [addressText = '', prefixText] = text.split('/');
  const bytes = parseIPv4(addressText) ?? parseIPv6(addressText);
  if (!bytes) return null;
  const max = bytes.length * 8;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (
    !Number.isInteger(prefix) ||
    prefix < 0 ||
    prefix > max ||
    (prefixText !== undefined && !/^\d+$/.test(prefixText))
  )
    return null;
  return { bytes, prefix };
}

function inRange(bytes: Bytes, range: Range): boolean {
  if (bytes.length !== range.bytes.length) return false;
  for (let bit = 0; bit < range.prefix; bit += 8) {
    const take = Math.min(8, range.prefix - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    if (((bytes[bit / 8] ?? 0) & mask) !== ((range.bytes[bit / 8] ?? 0) & mask)) return false;
  }
  return true;
}

const ranges = (entries: [AddressClass, string][]) =>
  entries.map(([kind, cidr]) => ({ kind, range: parseRange(cidr) as Range }));

// Order matters: the first match names the class (metadata before link-local and CGNAT).
const IPV4_CLASSES = ranges([
  ['metadata', '169.254.169.254/32'], // AWS, GCP, Azure, OpenStack
  ['metadata', '100.100.100.200/32'], // Alibaba Cloud
  ['unspecified', '0.0.0.0/8'],
  ['loopback', '127.0.0.0/8'],
  ['private', '10.0.0.0/8'],
  ['private', '172.16.0.0/12'],
  ['private', '192.168.0.0/16'],
  ['cgnat', '100.64.0.0/10'],
  ['link-local', '169.254.0.0/16'],
  ['multicast', '224.0.0.0/4'],
  ['documentation', '192.0.2.0/24'],
  ['documentation', '198.51.100.0/24'],
  ['documentation', '203.0.113.0/24'],
  ['reserved', '192.0.0.0/24'],
  ['reserved', '192.88.99.0/24'],
  ['reserved', '198.18.0.0/15'],
  ['reserved', '240.0.0.0/4'],
]);

const IPV6_CLASSES = ranges([
  ['metadata', 'fd00:ec2::254/128'], // AWS over IPv6
  ['unspecified', '::/128'],
  ['loopback', '::1/128'],
  ['unique-local', 'fc00::/7'],
  ['link-local', 'fe80::/10'],
  ['private', 'fec0::/10'], // the deprecated site-local range
  ['multicast', 'ff00::/8'],
  ['documentation', '2001:db8::/32'],
  ['documentation', '3fff::/20'],
  ['reserved', '100::/64'], // discard
  ['reserved', '2001::/32'], // Teredo: a tunnel whose far end is an IPv4 address we cannot see
  ['reserved', '64:ff9b:1::/48'], // local-use NAT64
]);

// IPv6 forms that carry an IPv4 address: judged by the IPv4 address inside.
const MAPPED = parseRange('::ffff:0:0/96') as Range;
const COMPATIBLE = parseRange('::/96') as Range;
const NAT64 = parseRange('64:ff9b::/96') as Range;
const SIX_TO_FOUR = parseRange('2002::/16') as Range;
const GLOBAL_UNICAST = parseRange('2000::/3') as Range;

function classifyBytes(bytes: Bytes): AddressClass | null {
  if (bytes.length === 4) return IPV4_CLASSES.find(({ range }) => inRange(bytes, range))?.kind ?? null;
  const named = IPV6_CLASSES.find(({ range }) => inRange(bytes, range));
  if (named) return named.kind;
  // A mapped (::ffff:a.b.c.d) or compatible (::a.b.c.d) address never comes from a real AAAA
  // record; connecting to one reaches the IPv4 address, so any of them is refused outright.
  if (inRange(bytes, MAPPED) || inRange(bytes, COMPATIBLE)) return classifyBytes(bytes.slice(12)) ?? 'ipv4-embedded';
  // NAT64 and 6to4 reach the embedded IPv4 address through a gateway: as good as that address.
  if (inRange(bytes, NAT64)) return classifyBytes(bytes.slice(12));
  if (inRange(bytes, SIX_TO_FOUR)) return classifyBytes(bytes.slice(2, 6));
  // Only 2000::/3 is allocated for global unicast; anything else is not a public host.
  return inRange(bytes, GLOBAL_UNICAST) ? null : 'reserved';
}

/** The class of a non-public address, or null for a public one (and for text that is not an address). */
export function classifyAddress(address: string): AddressClass | null {
  const bytes = parseIPv4(address) ?? parseIPv6(address);
  return bytes ? classifyBytes(bytes) : null;
}

/** What the operator lets through although it is not public: host names and address ranges. */
export interface OutboundPolicy {
  hosts: ReadonlySet<string>;
  ranges: readonly Range[];
}

const normalHost = (host: string) => host.toLowerCase().replace(/\.$/, '');

/**
 * `OUTBOUND_URL_ALLOW`: comma- or space-separated host names (`hooks.corp.example`),
 * addresses (`127.0.0.1`, `::1`) and ranges (`10.20.0.0/16`, `fd12::/16`).
 * A bad entry throws: a typo must not silently block (or allow) everything.
 */
export function parseOutboundPolicy(value: string | undefined): OutboundPolicy {
  const hosts = new Set<string>();
  const allowed: Range[] = [];
  for (const entry of (value ?? '').split(/[\s,]+/).filter(Boolean)) {
    const range = parseRange(entry.replace(/^\[|\]$/g, ''));
    if (range) allowed.push(range);
    else if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/i.test(entry))
      hosts.add(normalHost(entry));
    else throw new Error(`OUTBOUND_URL_ALLOW: "${entry}" is neither a host name, an address nor a range`);
  }
  return { hosts, ranges: allowed };
}

function defaultPolicy(): OutboundPolicy {
  return parseOutboundPolicy(env.OUTBOUND_URL_ALLOW);
}

/** A resolved address: what `dns.lookup(host, { all: true })` returns. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

export interface OutboundOptions {
  /** Defaults to `OUTBOUND_URL_ALLOW`. */
  policy?: OutboundPolicy;
  /** Defaults to the system resolver; tests answer for made-up names. */
  resolve?: Resolver;
}

export type RefusalReason = 'malformed' | 'scheme' | 'credentials' | 'unresolvable' | AddressClass;

/** A URL or address the server will not send to; `message` is written for the admin who entered the URL. */
export class OutboundRefusal extends Error {
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message);
    this.name = 'OutboundRefusal';
  }
}

/** The host of a URL without IPv6 brackets, lower-case, without a trailing dot. */
const hostOf = (url: URL) => normalHost(url.hostname.replace(/^\[|\]$/g, ''));

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundRefusal(
      'malformed',
      'This is not a complete URL; it should look like https://hooks.example.com/skillgrid.',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new OutboundRefusal('scheme', `Only http:// and https:// URLs can receive requests, not ${url.protocol}//.`);
  }
  // Credentials in a URL end up in logs and on screens; receivers authenticate by the signature instead.
  if (url.username || url.password) {
    throw new OutboundRefusal(
      'credentials',
      'Leave the user name and password out of the URL; receivers check the signature instead.',
    );
  }
  return url;
}

/** Throws an `OutboundRefusal` unless `address` is public or allowed for `host`. */
function checkAddress(host: string, address: string, policy: OutboundPolicy): void {
  if (policy.hosts.has(host)) return;
  const bytes = parseIPv4(address) ?? parseIPv6(address);
  if (!bytes) throw new OutboundRefusal('unresolvable', `${host} did not resolve to an address.`);
  const unwrapped = bytes.length === 16 && inRange(bytes, MAPPED) ? bytes.slice(12) : bytes;
  if (policy.ranges.some((range) => inRange(bytes, range) || inRange(unwrapped, range))) return;
  const kind = classifyBytes(bytes);
  if (kind === null) return;
  const where = host === normalHost(address) ? address : `${host} (${address})`;
  throw new OutboundRefusal(
    kind,
    `${where} is ${CLASS_NAMES[kind]}; requests only go to public internet addresses. An operator can allow it with OUTBOUND_URL_ALLOW.`,
  );
}

/** Every address of `host`, each checked; an IP literal is checked as it is. */
async function resolveChecked(host: string, policy: OutboundPolicy, resolve: Resolver): Promise<ResolvedAddress[]> {
  const family = net.isIP(host);
  if (family !== 0) {
    checkAddress(host, host, policy);
    return [{ address: host, family }];
  }
  let addresses: ResolvedAddress[];
  try {
    addresses = await resolve(host);
  } catch {
    throw new OutboundRefusal('unresolvable', `${host} could not be found (DNS); check the host name.`);
  }
  if (addresses.length === 0)
    throw new OutboundRefusal('unresolvable', `${host} could not be found (DNS); check the host name.`);
  // Every address, not just the first: a name that answers public and private at once is refused.
  for (const { address } of addresses) checkAddress(host, address, policy);
  return addresses;
}

/**
 * Checks a URL before it is saved: scheme, no credentials, and every address
 * the host resolves to now. Throws an `OutboundRefusal`; returns the parsed URL.
 */
export async function checkOutboundUrl(raw: string, options: OutboundOptions = {}): Promise<URL> {
  const url = parseUrl(raw);
  await resolveChecked(hostOf(url), options.policy ?? defaultPolicy(), options.resolve ?? systemResolver);
  return url;
}

export interface OutboundRequest {
  method?: 'POST' | 'PUT';
  headers: Record<string, string>;
  body: string;
  /** The whole exchange (DNS, connect, request, response) must finish within this. */
  timeoutMs: number;
}

export interface OutboundResponse {
  status: number;
  /** From the request's start to the response's last byte read. */
  durationMs: number;
  /** The first bytes of the response body (at most 1 KiB), for the delivery log. */
  bodyExcerpt: string;
}

/** The request failed before a response: refused address, DNS, connection, timeout. */
export class OutboundFailure extends Error {
  constructor(
    message: string,
    readonly durationMs: number,
  ) {
    super(message);
    this.name = 'OutboundFailure';
  }
}

const EXCERPT_BYTES = 1024;

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | ResolvedAddress[],
  family?: number,
) => void;

/**
 * Sends one request to `rawUrl` after the checks of `checkOutboundUrl`,
 * connecting only to an address checked in the same lookup. Redirects are not
 * followed (a 3xx is returned as it is). Throws `OutboundRefusal` for a URL or
 * address it will not reach and `OutboundFailure` for anything else that
 * prevented a response.
 */
export async function sendOutbound(
  rawUrl: string,
  request: OutboundRequest,
  options: OutboundOptions = {},
): Promise<OutboundResponse> {
  const url = parseUrl(rawUrl);
  const host = hostOf(url);
  const policy = options.policy ?? defaultPolicy();
  const resolve = options.resolve ?? systemResolver;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  // An IP literal never reaches `lookup` (the socket connects to it directly): check it here.
  if (net.isIP(host) !== 0) checkAddress(host, host, policy);

  // The socket asks this for the address to connect to: the answer it gets is the one that was checked.
  const pinnedLookup = (hostname: string, lookupOptions: dns.LookupOptions, callback: LookupCallback) => {
    resolveChecked(normalHost(hostname), policy, resolve).then(
      (addresses) => {
        const wanted = lookupOptions.family === 4 || lookupOptions.family === 6 ? lookupOptions.family : 0;
        const usable = wanted === 0 ? addresses : addresses.filter((entry) => entry.family === wanted);
        const [first] = usable;
        if (first === undefined) {
          callback(Object.assign(new Error(`${hostname} has no IPv${wanted} address`), { code: 'ENOTFOUND' }), []);
        } else if (lookupOptions.all) callback(null, usable);
        else callback(null, first.address, first.family);
      },
      (error: unknown) => callback(error as NodeJS.ErrnoException, []),
    );
  };

  return new Promise<OutboundResponse>((resolvePromise, reject) => {
    const transport = url.protocol === 'https:' ? https : http;
    const body = Buffer.from(request.body, 'utf8');
    const outgoing = transport.request(url, {
      method: request.method ?? 'POST',
      headers: { ...request.headers, 'content-length': String(body.byteLength), connection: 'close' },
      // No shared agent: a pooled socket would outlive the lookup it was checked with.
      agent: false,
      lookup: pinnedLookup as unknown as net.LookupFunction,
    });
    // The promise settles once; whatever the socket reports after that is ignored.
    const timer = setTimeout(() => {
      fail(new OutboundFailure(`No response within ${request.timeoutMs} ms`, elapsed()));
      outgoing.destroy();
    }, request.timeoutMs);
    function fail(error: unknown) {
      clearTimeout(timer);
      if (error instanceof OutboundRefusal || error instanceof OutboundFailure) reject(error);
      else {
        const code = (error as NodeJS.ErrnoException).code;
        const message = error instanceof Error ? error.message : String(error);
        reject(new OutboundFailure(code ? `${code}: ${message}` : message, elapsed()));
      }
    }
    outgoing.on('error', fail);
    outgoing.on('response', (response) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      const finish = () => {
        clearTimeout(timer);
        resolvePromise({
          status: response.statusCode ?? 0,
          durationMs: elapsed(),
          bodyExcerpt: Buffer.concat(chunks).toString('utf8'),
        });
      };
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk.subarray(0, EXCERPT_BYTES - kept));
        kept += Math.min(chunk.byteLength, EXCERPT_BYTES - kept);
        // The rest of a long body is not read: a receiver cannot keep the worker busy by streaming.
        if (kept >= EXCERPT_BYTES) {
          finish();
          response.destroy();
        }
      });
      response.on('error', fail);
      response.on('end', finish);
    });
    outgoing.end(body);
  });
}
