/**
 * Every page, as every role, on a phone and on a desktop: fails on a page that
 * scrolls sideways, on any console error or hydration warning, and on any axe
 * violation.
 *
 * The pages are discovered from app/ (every page.tsx), like the permission
 * matrix discovers actions, so a new page is walked without touching this
 * file. A dynamic segment ([teamId], [frameworkId], …) is resolved to a real id
 * of the demo organization by following the app's own links: the value of
 * `/teams/[teamId]` is the first link below /teams on the nearest page above
 * it that links there, and so on down the path. A page no link leads to fails
 * for the admin (who can open every page) with a message saying so; managers
 * and members skip what they are not shown (members see no team pages).
 *
 * One signed-in browser context per role is reused for all its pages: signing
 * in ~150 times would cost more than the walk itself. Each page is loaded once
 * per role, checked at phone width, then widened to a desktop and checked
 * again: the server renders the same markup for both (nothing here sniffs the
 * device), so a second navigation would only repeat the server's work — it
 * was half of the walk's time — and widening a live page also catches layouts
 * that only fit the width they were first drawn at.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { DEMO_USERS, expect, signIn, test, type DemoRole } from './fixtures';

const APP_DIR = path.resolve(__dirname, '../../app');

interface Route {
  /** URL pattern with Next's segment names, e.g. `/teams/[teamId]/coverage`. */
  pattern: string;
  /** Pages of the (auth) group are for people who are not signed in yet. */
  signedOut: boolean;
}

/** `(group)`: no URL segment. `_private`, `@slot` and intercepting `(.)` folders hold no pages of their own. */
function discoverPages(dir = APP_DIR, segments: string[] = [], signedOut = false): Route[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry): Route[] => {
    if (entry.isFile()) {
      return entry.name === 'page.tsx' ? [{ pattern: `/${segments.join('/')}`, signedOut }] : [];
    }
    const name = entry.name;
    if (!entry.isDirectory() || name.startsWith('_') || name.startsWith('@') || name.startsWith('(.')) return [];
    const group = name.startsWith('(') && name.endsWith(')');
    return discoverPages(path.join(dir, name), group ? segments : [...segments, name], signedOut || name === '(auth)');
  });
}

const isDynamic = (segment: string) => segment.startsWith('[') && segment.endsWith(']');

/**
 * Segments reached only from outside the app (an emailed invitation link): a
 * made-up value shows the page's "unavailable" state, which must fit as well.
 */
const OUTSIDE_VALUES: Record<string, string> = { token: 'page-walk-unknown-invitation' };

// Static pages first, so the pages that link to dynamic ones are walked (and their links known) first.
const ROUTES = discoverPages().sort(
  (a, b) => Number(a.pattern.includes('[')) - Number(b.pattern.includes('[')) || a.pattern.localeCompare(b.pattern),
);

/** Static names beside a dynamic segment (`/admin/frameworks/new` beside `[frameworkId]`) are not ids. */
function staticSiblings(prefixSegments: number): Set<string> {
  return new Set(
    ROUTES.map((route) => route.pattern.split('/').filter(Boolean)[prefixSegments]).filter(
      (segment): segment is string => segment !== undefined && !isDynamic(segment),
    ),
  );
}

const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1440, height: 900 },
] as const;

interface Session {
  context: BrowserContext;
  page: Page;
  /** Console errors, hydration warnings and uncaught errors since the last navigation. */
  problems: string[];
  /** Absolute link targets per visited path (null: that path is not a page for this role). */
  links: Map<string, string[] | null>;
}

type Persona = DemoRole | 'visitor';
const sessions = new Map<Persona, Promise<Session>>();

async function openSession(browser: Browser, baseURL: string, persona: Persona): Promise<Session> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    // /dev/mail shows each mail's HTML in a frame sandboxed without scripts, on purpose. When the test
    // driver (Playwright, then axe) evaluates in such a frame, Chromium logs that it blocked the script:
    // the sandbox doing its job, not an error of the page.
    if (text.startsWith("Blocked script execution in 'about:srcdoc' because the document's frame is sandboxed")) return;
    if (message.type() === 'error' || (message.type() === 'warning' && /hydrat/i.test(text))) {
      problems.push(`console.${message.type()}: ${text}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  if (persona !== 'visitor') await signIn(page, DEMO_USERS[persona].email, DEMO_USERS[persona].password);
  return { context, page, problems, links: new Map() };
}

function sessionFor(browser: Browser, baseURL: string | undefined, persona: Persona): Promise<Session> {
  if (!baseURL) throw new Error('the page walk needs `use.baseURL` in playwright.config.ts');
  let session = sessions.get(persona);
  if (!session) {
    session = openSession(browser, baseURL, persona);
    sessions.set(persona, session);
  }
  return session;
}

/** The link targets on one page (visited once per role), or null when it is not a page for this role. */
async function linksOn(session: Session, pathname: string): Promise<string[] | null> {
  if (!session.links.has(pathname)) {
    const response = await session.page.goto(pathname);
    const links =
      response && response.status() < 400
        ? await session.page.$$eval('a[href]', (anchors) => anchors.map((anchor) => (anchor as HTMLAnchorElement).href))
        : null;
    session.links.set(pathname, links);
  }
  return session.links.get(pathname) ?? null;
}

/** The pattern with every dynamic segment replaced by a value the app links to; null if no link leads there. */
async function resolve(session: Session, pattern: string): Promise<string | null> {
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
    const siblings = staticSiblings(resolved.length);
    let value: string | null = null;
    // The nearest page at or above the prefix that links below it: /teams for [teamId], the team page for its sections.
    for (let depth = resolved.length; depth >= 0 && value === null; depth -= 1) {
      const source = `/${resolved.slice(0, depth).join('/')}`;
      for (const href of (await linksOn(session, source)) ?? []) {
        const target = new URL(href);
        if (target.origin !== new URL(session.page.url()).origin) continue;
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

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/**
 * Visits one page and reports every problem at once (soft assertions), not
 * only the first. A manager or member sent away (404, or a redirect elsewhere)
 * skips: that page is not theirs, and the permission tests cover who may open it.
 */
async function walk(session: Session, persona: Persona, url: string): Promise<void> {
  const { page } = session;
  session.problems.length = 0;
  await page.setViewportSize(VIEWPORTS[0]);
  const response = await page.goto(url, { waitUntil: 'networkidle' });
  const status = response?.status() ?? 0;
  const landed = new URL(page.url()).pathname;
  const mayBeRefused = persona === 'manager' || persona === 'member';
  test.skip(mayBeRefused && (status >= 400 || landed !== url), `${url} is not a page for the ${persona}`);
  expect(status, `${url} answered ${status}`).toBeLessThan(400);
  // Charts and client leaves settle after the network does.
  await page.waitForLoadState('load');
  for (const [index, viewport] of VIEWPORTS.entries()) {
    if (index > 0) {
      await page.setViewportSize(viewport);
      // Resize observers (charts, the header menu) redraw on the next frames.
      await page.evaluate(
        () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(null)))),
      );
    }
    await checkLayout(page, `${url} (${viewport.name}, ${viewport.width} px)`);
  }
  expect.soft(session.problems, `console errors or hydration warnings on ${url}`).toEqual([]);
}

/** Sideways scrolling and axe violations of the page as drawn at the current width. */
async function checkLayout(page: Page, where: string): Promise<void> {
  const overflow = await page.evaluate(() => {
    const { scrollWidth, clientWidth } = document.documentElement;
    if (scrollWidth <= clientWidth) return null;
    // Name the elements that stick out, so the failure says where to look.
    const culprits = Array.from(document.querySelectorAll('body *'))
      .filter((element) => element.getBoundingClientRect().right > clientWidth + 1)
      .filter(
        (element) => !element.parentElement || element.parentElement.getBoundingClientRect().right <= clientWidth + 1,
      )
      .slice(0, 5)
      .map((element) => `<${element.tagName.toLowerCase()} class="${element.getAttribute('class') ?? ''}">`);
    return { scrollWidth, clientWidth, culprits };
  });
  expect.soft(overflow, `${where} scrolls sideways`).toBeNull();

  const axe = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  expect
    .soft(
      axe.violations.map(
        (violation) =>
          `${violation.impact} ${violation.id}: ${violation.nodes
            .slice(0, 3)
            .map((node) => node.target.join(' '))
            .join(', ')}`,
      ),
      `axe violations on ${where}`,
    )
    .toEqual([]);
}

test.afterAll(async () => {
  for (const session of sessions.values()) await (await session).context.close();
  sessions.clear();
});

const PERSONAS: Persona[] = ['admin', 'manager', 'member', 'visitor'];

for (const persona of PERSONAS) {
  const routes = ROUTES.filter((route) => route.signedOut === (persona === 'visitor'));
  test.describe(`page walk as ${persona}`, () => {
    for (const route of routes) {
      test(`${VIEWPORTS.map((viewport) => viewport.width).join(' and ')} px ${route.pattern}`, async ({
        browser,
        baseURL,
      }) => {
        // Some pages run heavy queries on a cold server; axe on a long table takes a few seconds more.
        test.setTimeout(90_000);
        const session = await sessionFor(browser, baseURL, persona);
        const url = await resolve(session, route.pattern);
        if (persona === 'admin' || persona === 'visitor') {
          expect(url, `no page links to ${route.pattern}: give its segment a value in OUTSIDE_VALUES`).not.toBeNull();
        }
        test.skip(url === null, `nothing links the ${persona} to ${route.pattern}`);
        await walk(session, persona, url ?? '/');
      });
    }
  });
}
