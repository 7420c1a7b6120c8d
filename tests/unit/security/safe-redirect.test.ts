/**
 * Issue 17, finding 2: `/sign-in?callbackUrl=%2F%09%2F127.0.0.1:9%2Fphish`
 * sent the browser to `//127.0.0.1:9/phish` (the browser strips the tab).
 * safeRedirectPath is the one function that decides where to go after sign-in
 * (sign-in page, sign-in form, single sign-on, next-auth's redirect callback).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeRedirectPath, safeRedirectUrl } from '@/lib/auth/safe-redirect';

const ORIGIN = 'https://skills.example.com';

/** What a browser would do with the Location header: resolve it against the page, tabs and newlines dropped (WHATWG URL). */
function browserTarget(location: string): URL {
  return new URL(location, `${ORIGIN}/sign-in`);
}

function decodedLayers(value: string): string[] {
  const layers = [value];
  for (let i = 0; i < 4; i += 1) {
    try {
      const next = decodeURIComponent(layers[layers.length - 1] ?? '');
      if (next === layers[layers.length - 1]) break;
      layers.push(next);
    } catch {
      break;
    }
  }
  return layers;
}

/** Everything a safe answer must be: the fallback, or a path on our origin that no decoding turns into anything else. */
function expectSafe(result: string) {
  expect(result.startsWith('/')).toBe(true);
  expect(browserTarget(result).origin).toBe(ORIGIN);
  for (const layer of decodedLayers(result)) {
    expect(layer).not.toMatch(/^[/\\]{2}|^\/\\|\\/);

    expect(layer).not.toMatch(/[\u0000-\u001f\u007f\u3000]/);
    expect(browserTarget(layer.startsWith('/') ? layer : `/${layer}`).origin).toBe(ORIGIN);
  }
}

/** Known bypasses of "starts with / but not //" checks, as the page receives them (already decoded once). */
const KNOWN_BYPASSES = [
  '/\t/127.0.0.1:9/phish', // the reported one: %2F%09%2F127.0.0.1:9%2Fphish
  '%2F%09%2F127.0.0.1:9%2Fphish',
  '/%09/127.0.0.1:9/phish',
  '/\n/evil.example',
  '/\r/evil.example',
  '/\r\n/evil.example',
  '/\u0000/evil.example',
  '/\u3000/evil.example',
  '\u3000//evil.example',
  ' //evil.example',
  '//evil.example',
  '///evil.example',
  '////evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '\\/evil.example',
  '/\\/evil.example',
  '/%5Cevil.example',
  '/%5C%5Cevil.example',
  '/%2F/evil.example',
  '/%2F%2Fevil.example',
  '/%252F%252Fevil.example',
  '%2F%2Fevil.example',
  '/./evil.example/../..//evil.example',
  '/.//evil.example',
  '/a/../..//evil.example',
  '/%2e%2e//evil.example',
  'https://evil.example',
  'https:evil.example',
  'http:/evil.example',
  '//evil.example@skills.example.com',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'evil.example',
  '',
  '   ',
  '/\u2028/evil.example',
  '/\u00a0/evil.example',
];

describe('safeRedirectPath', () => {
  it('keeps our own paths, with their query and fragment', () => {
    for (const path of [
      '/',
      '/me',
      '/teams/3f1c?tab=gaps#heatmap',
      '/reports/gaps?q=Ada%20Lovelace&min=2',
      '/invite/abc',
    ]) {
      expect(safeRedirectPath(path)).toBe(path);
    }
  });

  it.each(KNOWN_BYPASSES)('refuses the known bypass %j', (target) => {
    expect(safeRedirectPath(target)).toBe('/');
    expect(safeRedirectPath(target, '/me')).toBe('/me');
  });

  it('refuses anything that is not a string', () => {
    for (const value of [null, undefined, 42, ['/me'], { toString: () => '/me' }, new URL(`${ORIGIN}/me`)]) {
      expect(safeRedirectPath(value)).toBe('/');
    }
  });

  it('generated hostile targets: the answer is always a path on our own origin (property)', () => {
    const piece = fc.constantFrom(
      '/',
      '//',
      '\\',
      '%2F',
      '%2f',
      '%5C',
      '%252F',
      '%09',
      '\t',
      '\n',
      '\r',
      '%0A',
      '%0D',
      '%00',
      '\u0000',
      '\u3000',
      '%E3%80%80',
      ' ',
      '.',
      '..',
      '%2e',
      '@',
      ':',
      '?',
      '#',
      'evil.example',
      '127.0.0.1:9',
      'http:',
      'https:',
      'javascript:',
      'me',
      'teams',
      '%',
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 8 }), (pieces) => {
        expectSafe(safeRedirectPath(pieces.join('')));
      }),
      { numRuns: 5000, seed: 17 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (value) => expectSafe(safeRedirectPath(value))),
      { numRuns: 2000, seed: 1717 },
    );
  });
});

describe('safeRedirectUrl (next-auth redirect callback)', () => {
  it('keeps absolute URLs on our origin and relative paths, as absolute URLs on our origin', () => {
    expect(safeRedirectUrl(`${ORIGIN}/me?x=1`, ORIGIN)).toBe(`${ORIGIN}/me?x=1`);
    expect(safeRedirectUrl('/teams', ORIGIN)).toBe(`${ORIGIN}/teams`);
  });

  it('sends anything else home', () => {
    for (const target of [
      ...KNOWN_BYPASSES,
      'https://skills.example.com.evil.example/',
      'http://skills.example.com/me',
    ]) {
      expect(safeRedirectUrl(target, ORIGIN)).toBe(`${ORIGIN}/`);
    }
  });
});
