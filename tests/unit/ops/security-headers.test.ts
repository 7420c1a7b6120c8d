/**
 * The headers docs/security.md promises, as the app wires them: proxy.ts puts
 * a fresh-nonce CSP on the request (for Next.js to stamp its scripts) and on
 * the response; next.config.mjs adds the fixed headers to every path.
 */
import path from 'node:path';
import { NextRequest } from 'next/server';
import { describe, expect, it, vi } from 'vitest';
import outsideProxy from '@/lib/http/outside-proxy.json';
import { proxy } from '@/proxy';

interface HeaderRule {
  source: string;
  headers: { key: string; value: string }[];
}

describe('security headers', () => {
  it('proxy.ts: a CSP with a new nonce on every request and response', () => {
    const first = proxy(new NextRequest('http://localhost:3000/teams'));
    const second = proxy(new NextRequest('http://localhost:3000/teams'));
    const policy = first.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toBeTruthy();
    expect(policy).toContain("frame-ancestors 'none'");
    expect(second.headers.get('content-security-policy')).not.toContain(`'nonce-${nonce}'`);
    // Next.js reads the nonce from the forwarded request headers.
    expect(first.headers.get('x-middleware-request-content-security-policy')).toBe(policy);
  });

  it('next.config.mjs: frame, sniffing, referrer and permissions headers on every path', async () => {
    // A non-literal specifier: the config is plain JavaScript without types.
    const configPath = path.resolve('next.config.mjs');
    const { default: config } = (await import(configPath)) as {
      default: { headers: () => Promise<HeaderRule[]>; poweredByHeader: boolean };
    };
    const rules = await config.headers();
    const all = rules.find((rule) => rule.source === '/:path*');
    const headers = new Map(all?.headers.map((header) => [header.key, header.value]));
    expect(headers.get('X-Frame-Options')).toBe('DENY');
    expect(headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(headers.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
    expect(headers.get('Permissions-Policy')).toContain('camera=()');
    expect(config.poweredByHeader).toBe(false);
    // The paths the proxy skips carry a CSP of their own on every response (Next.js's 405 included).
    for (const skipped of outsideProxy.paths) {
      const rule = rules.find((candidate) => candidate.source === skipped);
      const policy = rule?.headers.find((header) => header.key === 'Content-Security-Policy')?.value ?? '';
      expect(policy, skipped).toContain("default-src 'none'");
      expect(policy, skipped).toContain("frame-ancestors 'none'");
    }
  });
});

describe('proxy.ts refusals and HSTS (issue 17, findings 4 and 7)', () => {
  it('runs on every path but static files and the autosave route (which applies its rules itself)', async () => {
    const { unstable_doesMiddlewareMatch } = await import('next/experimental/testing/server');
    const { config: proxyConfig } = await import('@/proxy');
    const runs = (url: string) => unstable_doesMiddlewareMatch({ config: proxyConfig, url });
    for (const skipped of outsideProxy.paths) expect(runs(skipped), skipped).toBe(false);
    expect(outsideProxy.paths).toEqual(['/api/ratings/batch']);
    expect(runs('/_next/static/chunks/a.js')).toBe(false);
    for (const url of [
      '/',
      '/assess',
      '/api/ratings/batch/x',
      '/api/ratings/batchy',
      '/api/health',
      '/api/auth/session',
    ])
      expect(runs(url), url).toBe(true);
  });

  it('a malformed address gets a 400 of our own, with the CSP, instead of Next.js’s bare 500', async () => {
    for (const url of ['http://localhost:3000/teams/%', 'http://localhost:3000/sign-in?callbackUrl=%0A']) {
      const response = proxy(new NextRequest(url, { headers: { accept: 'text/html' } }));
      expect(response.status).toBe(400);
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(await response.text()).toContain('This address is malformed');
    }
  });

  it('a POST without our Origin is refused; with it, it goes on to Next.js', () => {
    const post = (headers: Record<string, string>) =>
      proxy(
        new NextRequest('http://localhost:3000/assess', {
          method: 'POST',
          headers: { host: 'localhost:3000', ...headers },
        }),
      );
    expect(post({}).status).toBe(403);
    expect(post({ origin: 'https://evil.example' }).status).toBe(403);
    expect(post({ origin: 'http://localhost:3000' }).headers.get('x-middleware-next')).toBe('1');
  });

  it('HSTS only in production and only for a request that came over https', async () => {
    vi.resetModules();
    vi.stubEnv('NODE_ENV', 'production');
    vi.stubEnv('TRUSTED_PROXY_HOPS', '1');
    try {
      const { proxy: productionProxy } = await import('@/proxy');
      const behindBalancer = (proto: string) =>
        productionProxy(
          new NextRequest('http://localhost:3000/', {
            headers: { 'x-forwarded-proto': proto, 'x-skillgrid-forwarded-for': '203.0.113.5, 10.0.0.2' },
          }),
        ).headers.get('strict-transport-security');
      expect(behindBalancer('https')).toContain('max-age=');
      expect(behindBalancer('http')).toBeNull();
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
});
