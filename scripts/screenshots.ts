/**
 * Screenshots of the main pages for the README and reviews, taken from a
 * running app (default http://localhost:3000, or BASE_URL) signed in as the
 * demo member, manager and admin, at phone (390 × 844) and desktop
 * (1440 × 900) sizes, into docs/screenshots/<name>-<phone|desktop>.png.
 *
 *   npm run dev   # in another terminal
 *   npm run screenshots            # every page below
 *   npm run screenshots -- team    # only the shots whose name contains "team"
 */
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_USERS, type DemoRole } from '@/db/seed/demo-credentials';

const BASE_URL = process.env.BASE_URL ?? 'http://localhost:3000';
const OUT = 'docs/screenshots';
const VIEWPORTS = { desktop: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } };
const only = process.argv[2];

interface Shot {
  name: string;
  /** A path, or a function that finds it from the app's own links (ids differ per database). */
  path: string | ((page: Page) => Promise<string>);
  /** Something to do before the picture: open a menu, switch a tab. */
  prepare?: (page: Page) => Promise<void>;
  /** Phone shots show the first screen only unless this is set. */
  fullPageOnPhone?: boolean;
  /** A phone-only view (the folded header menu) is not taken on the desktop. */
  phoneOnly?: boolean;
}

/** The first team page the signed-in person is linked to from /teams. */
async function firstTeam(page: Page): Promise<string> {
  await page.goto('/teams');
  const href = await page.locator('main a[href^="/teams/"]').first().getAttribute('href');
  if (!href) throw new Error('no team link on /teams for this person');
  return href;
}

const teamPage =
  (suffix = '') =>
  async (page: Page) =>
    `${await firstTeam(page)}${suffix}`;

const SHOTS: Record<DemoRole, Shot[]> = {
  member: [
    { name: 'home', path: '/' },
    { name: 'assess', path: '/assess' },
    { name: 'me', path: '/me' },
    {
      name: 'me-by-section',
      path: '/me',
      // 18 sections: the radar becomes ranked bars.
      prepare: async (page) => {
        await page.getByRole('tab', { name: /section/i }).click();
        await page.getByRole('tabpanel').scrollIntoViewIfNeeded();
      },
      fullPageOnPhone: true,
    },
    {
      name: 'header-menu-open',
      path: '/',
      prepare: (page) => page.getByRole('button', { name: 'Menu' }).click(),
      phoneOnly: true,
    },
  ],
  manager: [
    { name: 'team', path: teamPage() },
    { name: 'team-coverage', path: teamPage('/coverage') },
    { name: 'team-calibration', path: teamPage('/calibration') },
    { name: 'team-gaps', path: teamPage('/gaps') },
    { name: 'team-completion', path: teamPage('/completion') },
    { name: 'team-settings', path: teamPage('/settings'), fullPageOnPhone: true },
  ],
  admin: [
    { name: 'admin-members', path: '/admin/members' },
    { name: 'admin-cycles', path: '/admin/cycles' },
    { name: 'admin-roles', path: '/admin/roles' },
    { name: 'reports-gaps', path: '/reports/gaps' },
  ],
};

async function shoot(browser: Browser, role: DemoRole, shots: Shot[]): Promise<void> {
  const wanted = shots.filter((shot) => !only || shot.name.includes(only));
  if (wanted.length === 0) return;
  for (const [device, viewport] of Object.entries(VIEWPORTS)) {
    const context = await browser.newContext({ viewport, baseURL: BASE_URL });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Email', { exact: true }).fill(DEMO_USERS[role].email);
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    for (const shot of wanted) {
      if (shot.phoneOnly && device !== 'phone') continue;
      const path = typeof shot.path === 'string' ? shot.path : await shot.path(page);
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      // Charts below the fold load when they near the viewport (components/charts/use-near-viewport.ts), which
      // a full-page capture does not scroll: pass by the bottom once so they are drawn in the picture.
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.waitForLoadState('networkidle');
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot.prepare?.(page);
      const file = `${OUT}/${shot.name}-${device}.png`;
      await page.screenshot({ path: file, fullPage: device === 'desktop' || shot.fullPageOnPhone === true });
      console.log(file);
    }
    await context.close();
  }
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const executablePath = process.env.PLAYWRIGHT_CHROMIUM_PATH || '/usr/bin/chromium';
  const browser = await chromium.launch({
    executablePath: existsSync(executablePath) ? executablePath : undefined,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    for (const role of ['member', 'manager', 'admin'] as const) await shoot(browser, role, SHOTS[role]);
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
