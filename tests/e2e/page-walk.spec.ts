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
 * One signed-in browser context per role and worker is reused for all the pages
 * that worker walks: signing in ~150 times would cost more than the walk itself. Each page is loaded once
 * per role, checked at phone width, then widened to a desktop and checked
 * again: the server renders the same markup for both (nothing here sniffs the
 * device), so a second navigation would only repeat the server's work — it
 * was half of the walk's time — and widening a live page also catches layouts
 * that only fit the width they were first drawn at.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { discoverPages, resolvePattern, sortedRoutes } from '../../scripts/lib/app-pages';
import { axeViolations } from './axe';
import { DEMO_USERS, expect, signIn, test, type DemoRole } from './fixtures';

// Static pages first, so the pages that link to dynamic ones are walked (and their links known) first.
const ROUTES = sortedRoutes(discoverPages());

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
  /** The app's origin (the page may still be blank when the first pattern is resolved). */
  origin: string;
}

type Persona = DemoRole | 'visitor';
type Sessions = Map<Persona, Promise<Session>>;

/**
 * The signed-in browsers of one worker, one per persona, kept for every test that worker runs and
 * closed when it stops. The walk's tests are spread over the workers (fullyParallel in
 * playwright.config.ts), so a file-level afterAll would close them after every single test.
 */
const walkTest = test.extend<object, { sessions: Sessions }>({
  sessions: [
    // (`provide`, not Playwright's usual `use`: react-hooks lint takes `use(...)` for the React hook.)
    async ({}, provide) => {
      const sessions: Sessions = new Map();
      await provide(sessions);
      for (const session of sessions.values()) await (await session).context.close();
    },
    { scope: 'worker' },
  ],
});

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
  return { context, page, problems, links: new Map(), origin: new URL(baseURL).origin };
}

function sessionFor(
  sessions: Sessions,
  browser: Browser,
  baseURL: string | undefined,
  persona: Persona,
): Promise<Session> {
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
function resolve(session: Session, pattern: string): Promise<string | null> {
  return resolvePattern(ROUTES, pattern, session.origin, (pathname) => linksOn(session, pathname));
}

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

  expect.soft(await axeViolations(page), `axe violations on ${where}`).toEqual([]);
}

const PERSONAS: Persona[] = ['admin', 'manager', 'member', 'visitor'];

for (const persona of PERSONAS) {
  const routes = ROUTES.filter((route) => route.signedOut === (persona === 'visitor'));
  walkTest.describe(`page walk as ${persona}`, () => {
    for (const route of routes) {
      walkTest(
        `${VIEWPORTS.map((viewport) => viewport.width).join(' and ')} px ${route.pattern}`,
        async ({ browser, baseURL, sessions }) => {
          // Some pages run heavy queries on a cold server; axe on a long table takes a few seconds more.
          test.setTimeout(90_000);
          const session = await sessionFor(sessions, browser, baseURL, persona);
          const url = await resolve(session, route.pattern);
          if (persona === 'admin' || persona === 'visitor') {
            expect(url, `no page links to ${route.pattern}: give its segment a value in OUTSIDE_VALUES`).not.toBeNull();
          }
          test.skip(url === null, `nothing links the ${persona} to ${route.pattern}`);
          await walk(session, persona, url ?? '/');
        },
      );
    }
  });
}
