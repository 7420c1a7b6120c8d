import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkOutboundUrl,
  classifyAddress,
  OutboundFailure,
  OutboundRefusal,
  parseOutboundPolicy,
  sendOutbound,
  type Resolver,
} from '@/lib/http/outbound-url';

const nothingAllowed = parseOutboundPolicy(undefined);
/** A resolver for made-up names: no DNS traffic leaves the machine. */
const answers =
  (table: Record<string, string[]>): Resolver =>
  async (hostname) => {
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

async function refusal(promise: Promise<unknown>): Promise<OutboundRefusal> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OutboundRefusal);
  return error as OutboundRefusal;
}

describe('address classes', () => {
  const cases: [string, ReturnType<typeof classifyAddress>][] = [
    ['127.0.0.1', 'loopback'],
    ['127.255.10.1', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['fec0::1', 'private'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.254', 'cgnat'],
    ['169.254.10.20', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['192.0.2.10', 'documentation'],
    ['2001:db8::1', 'documentation'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['2001::1', 'reserved'], // Teredo
    ['4000::1', 'reserved'], // outside global unicast
    // IPv4-mapped and other IPv6 forms of an IPv4 address are judged by the address inside…
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0:0:0:0:0:ffff:a9fe:a9fe', 'metadata'],
    ['::ffff:10.0.0.1', 'private'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::a00:1', 'private'], // NAT64 of 10.0.0.1
    ['2002:7f00:1::', 'loopback'], // 6to4 of 127.0.0.1
    // …and a mapped public address is still refused: no real AAAA record holds one.
    ['::ffff:8.8.8.8', 'ipv4-embedded'],
    // Public.
    ['8.8.8.8', null],
    ['1.1.1.1', null],
    ['172.32.0.1', null],
    ['100.128.0.1', null],
    ['169.255.0.1', null],
    ['2606:4700::1111', null],
    ['64:ff9b::808:808', null], // NAT64 of 8.8.8.8
  ];
  it.each(cases)('%s → %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });
});

describe('checking a URL before it is saved', () => {
  const options = { policy: nothingAllowed, resolve: answers({}) };

  it.each(['file:///etc/passwd', 'ftp://example.com/x', 'gopher://example.com/', 'javascript:alert(1)', 'data:,x'])(
    'refuses the scheme of %s',
    async (url) => {
      expect((await refusal(checkOutboundUrl(url, options))).reason).toBe('scheme');
    },
  );

  it('refuses text that is not a URL and URLs with credentials', async () => {
    expect((await refusal(checkOutboundUrl('hooks.example.com/x', options))).reason).toBe('malformed');
    expect((await refusal(checkOutboundUrl('https://user:pw@hooks.example.com/', options))).reason).toBe('credentials');
  });

  it.each([
    ['http://127.0.0.1/', 'loopback'],
    ['http://2130706433/', 'loopback'], // 127.0.0.1 as one number
    ['http://0x7f.1/', 'loopback'],
    ['http://[::1]:8080/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://169.254.169.254/latest/meta-data/', 'metadata'],
    ['http://[fd00:ec2::254]/', 'metadata'],
    ['http://10.0.0.5/', 'private'],
    ['http://100.64.1.1/', 'cgnat'],
    ['http://[fe80::1]/', 'link-local'],
    ['http://[fd00::1]/', 'unique-local'],
    ['http://224.0.0.251/', 'multicast'],
  ])('refuses the address literal %s (%s)', async (url, reason) => {
    expect((await refusal(checkOutboundUrl(url, options))).reason).toBe(reason);
  });

  it('resolves host names and refuses one that points inside, whichever of its addresses does', async () => {
    const resolve = answers({
      localhost: ['127.0.0.1', '::1'],
      'internal.example.com': ['10.0.0.7'],
      'split.example.com': ['93.184.215.14', '192.168.0.10'],
      'mapped.example.com': ['::ffff:169.254.169.254'],
      'public.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
    });
    const check = (url: string) => checkOutboundUrl(url, { policy: nothingAllowed, resolve });
    expect((await refusal(check('http://localhost:3000/'))).reason).toBe('loopback');
    expect((await refusal(check('http://LOCALHOST./'))).reason).toBe('loopback');
    const internal = await refusal(check('https://internal.example.com/hook'));
    expect(internal.reason).toBe('private');
    expect(internal.message).toContain('internal.example.com (10.0.0.7)');
    expect((await refusal(check('https://split.example.com/'))).reason).toBe('private');
    expect((await refusal(check('https://mapped.example.com/'))).reason).toBe('metadata');
    expect((await refusal(check('https://nowhere.example.com/'))).reason).toBe('unresolvable');
    expect((await check('https://public.example.com/hook')).hostname).toBe('public.example.com');
  });

  it('lets through what the operator allows: ranges, single addresses (also IPv4-mapped) and host names', async () => {
    const policy = parseOutboundPolicy('10.20.0.0/16, 127.0.0.1 hooks.corp.example');
    const resolve = answers({ 'hooks.corp.example': ['172.16.5.5'], 'other.corp.example': ['10.21.0.1'] });
    await expect(checkOutboundUrl('http://10.20.3.4/', { policy, resolve })).resolves.toBeInstanceOf(URL);
    await expect(checkOutboundUrl('http://127.0.0.1:9000/', { policy, resolve })).resolves.toBeInstanceOf(URL);
    await expect(checkOutboundUrl('http://[::ffff:127.0.0.1]/', { policy, resolve })).resolves.toBeInstanceOf(URL);
    await expect(checkOutboundUrl('https://hooks.corp.example/', { policy, resolve })).resolves.toBeInstanceOf(URL);
    expect((await refusal(checkOutboundUrl('http://127.0.0.2/', { policy, resolve }))).reason).toBe('loopback');
    expect((await refusal(checkOutboundUrl('https://other.corp.example/', { policy, resolve }))).reason).toBe(
      'private',
    );
  });

  it('fails loudly on an allow-list entry it cannot read', () => {
    expect(() => parseOutboundPolicy('10.0.0.0/33')).toThrow(/OUTBOUND_URL_ALLOW/);
    expect(() => parseOutboundPolicy('http://127.0.0.1')).toThrow(/OUTBOUND_URL_ALLOW/);
  });
});

describe('sending: the connection goes to the address that was checked', () => {
  let server: http.Server;
  let port: number;
  const received: { host: string | undefined; body: string }[] = [];
  let hang = false;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push({ host: request.headers.host, body });
        if (hang) return; // never answers
        response.writeHead(202, { 'content-type': 'text/plain' }).end('accepted');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const post = { headers: { 'content-type': 'application/json' }, body: '{"n":1}', timeoutMs: 2_000 };

  it('refuses a name that resolved publicly when saved but privately when sent (DNS rebinding)', async () => {
    let calls = 0;
    const rebinding: Resolver = async () => [{ address: ++calls === 1 ? '93.184.215.14' : '127.0.0.1', family: 4 }];
    const options = { policy: nothingAllowed, resolve: rebinding };
    const before = received.length;
    await expect(checkOutboundUrl(`http://rebind.example.com:${port}/`, options)).resolves.toBeInstanceOf(URL);
    const refused = await refusal(sendOutbound(`http://rebind.example.com:${port}/`, post, options));
    expect(refused.reason).toBe('loopback');
    expect(received.length).toBe(before);
  });

  it('refuses an address literal without resolving or connecting', async () => {
    const before = received.length;
    const options = { policy: nothingAllowed, resolve: answers({}) };
    expect((await refusal(sendOutbound(`http://127.0.0.1:${port}/`, post, options))).reason).toBe('loopback');
    expect((await refusal(sendOutbound(`http://[::ffff:7f00:1]:${port}/`, post, options))).reason).toBe('loopback');
    expect(received.length).toBe(before);
  });

  it('connects to the resolved, allowed address and keeps the host name in the request', async () => {
    const options = {
      policy: parseOutboundPolicy('127.0.0.1/32'),
      resolve: answers({ 'hooks.example.test': ['127.0.0.1'] }),
    };
    const response = await sendOutbound(`http://hooks.example.test:${port}/in`, post, options);
    expect(response.status).toBe(202);
    expect(response.bodyExcerpt).toBe('accepted');
    expect(response.durationMs).toBeGreaterThanOrEqual(0);
    expect(received.at(-1)).toEqual({ host: `hooks.example.test:${port}`, body: '{"n":1}' });
  });

  it('gives up after the timeout', async () => {
    hang = true;
    try {
      const options = { policy: parseOutboundPolicy('127.0.0.1'), resolve: answers({}) };
      const error = await sendOutbound(`http://127.0.0.1:${port}/`, { ...post, timeoutMs: 150 }, options).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(OutboundFailure);
      expect((error as OutboundFailure).message).toMatch(/No response within 150 ms/);
    } finally {
      hang = false;
    }
  });
});
