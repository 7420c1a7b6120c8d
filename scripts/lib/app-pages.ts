/**
 * Every page of the product, discovered from app/ (every page.tsx), for the
 * walks that must cover them all without a list to keep up to date: the
 * Playwright page walk (tests/e2e/page-walk.spec.ts) and the benchmark's page
 * walk (scripts/bench/pages.ts). Also the rule both use to turn a pattern's
 * dynamic segments into real ids: follow the app's own links.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';

export interface AppRoute {
  /** URL pattern with Next's segment names, e.g. `/teams/[teamId]/coverage`. */
  pattern: string;
  /** Pages of the (auth) group are for people who are not signed in yet. */
  signedOut: boolean;
}

export const APP_DIR = path.resolve(__dirname, '../../app');

/** `(group)`: no URL segment. `_private`, `@slot` and intercepting `(.)` folders hold no pages of their own. */
export function discoverPages(dir = APP_DIR, segments: string[] = [], signedOut = false): AppRoute[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry): AppRoute[] => {
    if (entry.isFile()) {
      return entry.name === 'page.tsx' ? [{ pattern: `/${segments.join('/')}`, signedOut }] : [];
    }
    const name = entry.name;
    if (!entry.isDirectory() || name.startsWith('_') || name.startsWith('@') || name.startsWith('(.')) return [];
    const group = name.startsWith('(') && name.endsWith(')');
    return discoverPages(path.join(dir, name), group ? segments : [...segments, name], signedOut || name === '(auth)');
  });
}

export const isDynamic = (segment: string) => segment.startsWith('[') && segment.endsWith(']');

/**
 * Segments reached only from outside the app (an emailed invitation link): a
 * made-up value shows the page's "unavailable" state.
 */
export const OUTSIDE_VALUES: Record<string, string> = { token: 'page-walk-unknown-invitation' };

/** Static pages first, so the pages that link to dynamic ones are visited (and their links known) first. */
export function sortedRoutes(routes: AppRoute[] = discoverPages()): AppRoute[] {
  return [...routes].sort(
    (a, b) => Number(a.pattern.includes('[')) - Number(b.pattern.includes('[')) || a.pattern.localeCompare(b.pattern),
  );
}

/** Static names beside a dynamic segment (`/admin/frameworks/new` beside `[frameworkId]`) are not ids. */
export function staticSiblings(routes: readonly AppRoute[], prefixSegments: number): Set<string> {
  return new Set(
    routes
      .map((route) => route.pattern.split('/').filter(Boolean)[prefixSegments])
      .filter((segment): segment is string => segment !== undefined && !isDynamic(segment)),
  );
}

/**
 * The pattern with every dynamic segment replaced by a value the app links to,
 * or null if no link leads there. `linksOn(path)` gives the absolute link
 * targets on a page (null: not a page for this visitor); the value of
 * `/teams/[teamId]` is the first link below /teams on the nearest page above it
 * that links there, and so on down the path.
 */
export async function resolvePattern(
  routes: readonly AppRoute[],
  pattern: string,
  origin: string,
  linksOn: (pathname: string) => Promise<string[] | null>,
): Promise<string | null> {
  const segments = pattern.split('/').filter(Boolean);
  const resolved: string[] = [];
  for (const segment of segments) {
    if (!isDynamic(segment)) {
      resolved.push(segment);
      continue;
    }
    const outside = OUTSIDE_VALUES[segment.slice(1, -1)];
    if (outside) {
      resolved.push(outside);
      continue;
    }
    const prefix = `/${resolved.join('/')}`.replace(/\/$/, '');
    const siblings = staticSiblings(routes, resolved.length);
    let value: string | null = null;
    for (let depth = resolved.length; depth >= 0 && value === null; depth -= 1) {
      const source = `/${resolved.slice(0, depth).join('/')}`;
      for (const href of (await linksOn(source)) ?? []) {
        const target = new URL(href, origin);
        if (target.origin !== origin) continue;
        if (!target.pathname.startsWith(`${prefix}/`)) continue;
        const next = target.pathname.slice(prefix.length + 1).split('/')[0];
        if (next && !siblings.has(next)) {
          value = decodeURIComponent(next);
          break;
        }
      }
    }
    if (value === null) return null;
    resolved.push(encodeURIComponent(value));
  }
  return `/${resolved.join('/')}`;
}
