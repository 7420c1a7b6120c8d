/**
 * Screenshots of the issue-18 views (people finder across skills, heatmap
 * cell detail, keyboard calibration, audit log, organization trends) at 1440 and 390 px, from a
 * running app with the demo data (BASE_URL, default http://localhost:3000),
 * into docs/screenshots/. The pages are reached by clicking, as a person
 * would, so no id is hard-coded.
 *
 *   npm run dev    # in another terminal
 *   npx tsx scripts/screenshots-numbers.ts
 *   npx tsx scripts/screenshots-numbers.ts trends   # one view only (people, teams, audit, trends)
 */
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_USERS } from '@/db/seed/demo-credentials';

const BASE_URL = process.env.BASE_URL ?? 'http://localhost:3000';
const OUT = 'docs/screenshots';
const WIDTHS = { desktop: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } };

async function signedIn(browser: Browser, email: string, viewport: { width: number; height: number }) {
  const context = await browser.newContext({ viewport, baseURL: BASE_URL });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  return { context, page };
}

async function save(page: Page, name: string, device: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  const file = `${OUT}/${name}-${device}.png`;
  await page.screenshot({ path: file, fullPage: device === 'desktop' });
  console.log(file);
}

/** Two skills picked by typing, "any", then the results. */
async function peopleFinder(page: Page, device: string): Promise<void> {
  await page.goto('/people');
  const picker = page.getByRole('combobox', { name: 'Add a skill' });
  await picker.fill('kubernetes-python');
  await page.getByRole('option').first().waitFor();
  await save(page, 'people-finder-picker', device);
  await picker.press('Enter');
  await picker.fill('terraform-python');
  await page.getByRole('option').first().click();
  await page.getByLabel('Any of them').check();
  await page.getByRole('button', { name: 'Find people' }).click();
  await page.waitForURL(/skills=/);
  await page.getByRole('region', { name: /people:/ }).waitFor();
  await save(page, 'people-finder-results', device);
}

async function teamViews(page: Page, device: string): Promise<void> {
  await page.goto('/teams');
  await page.getByRole('link', { name: 'Platform' }).first().click();
  const cell = page.getByRole('link', { name: /: open the detail$/ }).first();
  await cell.waitFor({ timeout: 60_000 });
  await cell.click();
  await page.waitForURL(/\/members\//);
  await save(page, 'heatmap-cell-detail', device);

  await page.getByRole('link', { name: /^Calibrate / }).click();
  await page.getByText(/^Reviewed \d+ of \d+ self ratings$/).waitFor();
  await page.locator('section[aria-labelledby="calibration-section"] ol > li').first().focus();
  await save(page, 'team-calibration-board', device);
}

async function audit(page: Page, device: string): Promise<void> {
  await page.goto('/admin/audit');
  await save(page, 'admin-audit', device);
}

/** Organization trends, reached from Reports; waits for the lazily loaded charts to draw. */
async function trends(page: Page, device: string): Promise<void> {
  await page.goto('/reports/gaps');
  await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Trends' }).click();
  await page.waitForURL(/\/reports\/trends/);
  await page
    .getByRole('img', { name: /Line chart of the average level per area/ })
    .locator('svg')
    .first()
    .waitFor();
  await page
    .getByRole('img', { name: /Stacked bar chart of the gaps/ })
    .locator('svg')
    .first()
    .waitFor();
  await save(page, 'reports-trends', device);
}

const only = process.argv[2];
const wanted = (view: string) => !only || only === view;

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const executablePath = process.env.PLAYWRIGHT_CHROMIUM_PATH || '/usr/bin/chromium';
  const browser = await chromium.launch({
    executablePath: existsSync(executablePath) ? executablePath : undefined,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    for (const [device, viewport] of Object.entries(WIDTHS)) {
      const admin = await signedIn(browser, DEMO_USERS.admin.email, viewport);
      if (wanted('people')) await peopleFinder(admin.page, device);
      if (wanted('audit')) await audit(admin.page, device);
      if (wanted('trends')) await trends(admin.page, device);
      await admin.context.close();
      if (!wanted('teams')) continue;
      const manager = await signedIn(browser, DEMO_USERS.manager.email, viewport);
      await teamViews(manager.page, device);
      await manager.context.close();
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
