import { describe, expect, it } from 'vitest';
import { isSameOrigin } from '@/lib/http/same-origin';

function post(url: string, headers: Record<string, string>): Request {
  return new Request(url, { method: 'POST', headers });
}

describe('isSameOrigin', () => {
  it('accepts an Origin that matches the Host', () => {
    expect(isSameOrigin(post('http://app.test/api/x', { host: 'app.test', origin: 'http://app.test' }))).toBe(true);
  });

  it('compares ports too', () => {
    expect(
      isSameOrigin(post('http://app.test:3100/x', { host: 'app.test:3100', origin: 'http://app.test:3100' })),
    ).toBe(true);
    expect(
      isSameOrigin(post('http://app.test:3100/x', { host: 'app.test:3100', origin: 'http://app.test:4000' })),
    ).toBe(false);
  });

  it('refuses another site', () => {
    expect(isSameOrigin(post('http://app.test/x', { host: 'app.test', origin: 'https://evil.test' }))).toBe(false);
  });

  it('refuses a look-alike host that only starts or ends like ours', () => {
    expect(isSameOrigin(post('http://app.test/x', { host: 'app.test', origin: 'http://app.test.evil.test' }))).toBe(
      false,
    );
    expect(isSameOrigin(post('http://app.test/x', { host: 'app.test', origin: 'http://evilapp.test' }))).toBe(false);
  });

  it('uses X-Forwarded-Host behind a proxy', () => {
    const headers = {
      host: 'internal:3000',
      'x-forwarded-host': 'skillgrid.example',
      origin: 'https://skillgrid.example',
    };
    expect(isSameOrigin(post('http://internal:3000/x', headers))).toBe(true);
    expect(
      isSameOrigin(
        post('http://internal:3000/x', {
          host: 'internal:3000',
          'x-forwarded-host': 'skillgrid.example',
          origin: 'http://internal:3000',
        }),
      ),
    ).toBe(false);
  });

  it('refuses a request with neither Origin nor Referer', () => {
    expect(isSameOrigin(post('http://app.test/x', { host: 'app.test' }))).toBe(false);
  });

  it('falls back to the Referer when there is no Origin', () => {
    expect(
      isSameOrigin(post('http://app.test/x', { host: 'app.test', referer: 'http://app.test/admin/members?x=1' })),
    ).toBe(true);
    expect(isSameOrigin(post('http://app.test/x', { host: 'app.test', referer: 'https://evil.test/app.test' }))).toBe(
      false,
    );
  });

  it('prefers Origin over Referer', () => {
    const headers = { host: 'app.test', origin: 'https://evil.test', referer: 'http://app.test/page' };
    expect(isSameOrigin(post('http://app.test/x', headers))).toBe(false);
  });

  it('refuses malformed and opaque origins', () => {
    expect(isSameOrigin(post('http://app.test/x', { host: 'app.test', origin: 'not a url' }))).toBe(false);
    // Sandboxed iframes and some redirects send the literal "null".
    expect(isSameOrigin(post('http://app.test/x', { host: 'app.test', origin: 'null' }))).toBe(false);
    expect(isSameOrigin(post('http://app.test/x', { host: 'app.test', referer: '::::' }))).toBe(false);
  });

  it('falls back to the URL host when no Host header is present', () => {
    expect(isSameOrigin(post('http://app.test/x', { origin: 'http://app.test' }))).toBe(true);
  });
});
