/**
 * Hostile URLs never answer 500 (issue 17, finding 4). Every route is
 * discovered from `app/` (a new page is covered without touching this file)
 * and requested, signed out and signed in, with bad percent-encoding and
 * control characters in each dynamic segment, in the query (`callbackUrl`
 * and others) and in a path segment appended to it. Every answer must be
 * below 500 and carry the usual security headers. Before the fix,
 * `/teams/%`, `/invite/%`, `/api/frameworks/%/export` and a `callbackUrl`
 * holding `%0A`, `%0D`, `%00` or U+3000 answered 500 with no security headers.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, APIResponse } from '@playwright/test';
import { test, expect, DEMO_USERS } from './fixtures';

/** Route patterns like `/teams/[teamId]/gaps`, from every page.tsx and route.ts under app/. */
function discoverRoutes(dir = path.resolve('app'), prefix = ''): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      // Route groups `(app)` do not appear in the URL; private folders `_x` are not routes.
      if (entry.name.startsWith('_')) continue;
      const segment = /^\(.*\)$/.test(entry.name) ? '' : `/${entry.name}`;
      found.push(...discoverRoutes(path.join(dir, entry.name), prefix + segment));
    } else if (/^(page|route)\.(t|j)sx?$/.test(entry.name)) {
      found.push(prefix || '/');
    }
  }
  return found;
}

/** Percent-encoded as they travel: a lone `%`, broken escapes, control characters, U+3000, an overlong `/`. */
const SEGMENT_PAYLOADS = [
  '%',
  '%25%',
  '%ZZ',
  '%0A',
  '%0D',
  '%00',
  '%09',
  '%E3%80%80',
  '%C0%AF',
  '%FF',
  '..%2F..%2F',
  '%5C',
];
const QUERY_PAYLOADS = ['%0A', '%0D', '%00', '%E3%80%80', '%', '%ZZ', '%2F%09%2F127.0.0.1:9%2Fphish', '%C0%AF'];

const DYNAMIC = /\[(\.\.\.)?[^\]]+\]/g;

function urlsFor(route: string): string[] {
  const urls = new Set<string>();
  if (DYNAMIC.test(route)) {
    for (const payload of SEGMENT_PAYLOADS) urls.add(route.replace(DYNAMIC, payload));
  }
  DYNAMIC.lastIndex = 0;
  // A real-looking value elsewhere, so that the query and appended segment reach the route's own code.
  const base = route.replace(DYNAMIC, '00000000-0000-4000-8000-000000000000');
  for (const payload of QUERY_PAYLOADS) {
    urls.add(`${base}?callbackUrl=${payload}`);
    urls.add(`${base}?q=${payload}&team=${payload}`);
  }
  urls.add(`${base === '/' ? '' : base}/%`);
  urls.add(`${base === '/' ? '' : base}/%0A%00`);
  return [...urls];
}

const REQUIRED_HEADERS = ['content-security-policy', 'x-frame-options', 'x-content-type-options', 'referrer-policy'];

async function check(request: APIRequestContext, url: string): Promise<string | null> {
  let response: APIResponse;
  try {
    response = await request.get(url, { maxRedirects: 0, failOnStatusCode: false });
  } catch (error) {
    return `${url}: request failed (${(error as Error).message.split('\n')[0]})`;
  }
  if (response.status() >= 500) return `${url}: ${response.status()}`;
  const headers = response.headers();
  const missing = REQUIRED_HEADERS.filter((name) => !headers[name]);
  if (missing.length > 0) return `${url}: ${response.status()} without ${missing.join(', ')}`;
  return null;
}

const routes = discoverRoutes();

test('routes are discovered from app/', () => {
  // Guard against discovery silently finding nothing.
  expect(routes).toEqual(
    expect.arrayContaining(['/teams/[teamId]', '/invite/[token]', '/api/frameworks/[key]/export']),
  );
  expect(routes.length).toBeGreaterThan(25);
});

// GET requests only, as the demo admin or signed out: they change nothing, so they run beside the page walk
// (the `demo-read-only` project in playwright.config.ts), not in the demo specs' one-at-a-time chain.
const READ_ONLY = { tag: '@demo-read-only' };

test(
  'no route answers 500 or drops the security headers on hostile URLs, signed out',
  READ_ONLY,
  async ({ request }) => {
    test.setTimeout(300_000);
    const failures: string[] = [];
    for (const route of routes) {
      for (const url of urlsFor(route)) {
        const failure = await check(request, url);
        if (failure) failures.push(failure);
      }
    }
    expect(failures).toEqual([]);
  },
);

test(
  'no route answers 500 or drops the security headers on hostile URLs, signed in',
  READ_ONLY,
  async ({ page, signIn }) => {
    test.setTimeout(600_000);
    await signIn(page, DEMO_USERS.admin.email);
    const failures: string[] = [];
    for (const route of routes) {
      for (const url of urlsFor(route)) {
        const failure = await check(page.request, url);
        if (failure) failures.push(failure);
      }
    }
    expect(failures).toEqual([]);
  },
);
