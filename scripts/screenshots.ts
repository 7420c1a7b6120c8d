/**
 * Screenshots of the main pages for the README and reviews, taken from a
 * running app (default http://localhost:3000, or BASE_URL) signed in as the
 * demo member and admin, at desktop and phone widths, into docs/screenshots/.
 *
 *   npm run dev   # in another terminal
 *   npm run screenshots
 */
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_USERS } from '@/db/seed/demo-credentials';

const BASE_URL = process.env.BASE_URL ?? 'http://localhost:3000';
const OUT = 'docs/screenshots';
const WIDTHS = { desktop: { width: 1280, height: 900 }, mobile: { width: 390, height: 844 } };

async function shoot(browser: Browser, email: string, pages: { path: string; name: string }[]): Promise<void> {
  for (const [device, viewport] of Object.entries(WIDTHS)) {
    const context = await browser.newContext({ viewport, baseURL: BASE_URL });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    for (const target of pages) {
      await page.goto(target.path);
      await page.waitForLoadState('networkidle');
      const file = `${OUT}/${target.name}-${device}.png`;
      await page.screenshot({ path: file, fullPage: device === 'desktop' });
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
    await shoot(browser, DEMO_USERS.member.email, [
      { path: '/', name: 'home' },
      { path: '/assess', name: 'assess' },
      { path: '/me', name: 'me' },
    ]);
    await shoot(browser, DEMO_USERS.admin.email, [
      { path: '/admin/members', name: 'admin-members' },
      { path: '/admin/cycles', name: 'admin-cycles' },
    ]);
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
