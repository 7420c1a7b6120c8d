/**
 * Screenshots of a new organization's first run (issue 19), at 390 and 1440
 * px, into docs/screenshots/: home with the setup checklist, the framework
 * templates, and the bulk invitation check. Signs up a fresh organization on
 * a running app (BASE_URL, default http://localhost:3000), so the pages show
 * what a new admin sees rather than the demo organization.
 *
 *   npm run dev   # in another terminal
 *   npx tsx scripts/screenshots-first-run.ts
 */
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Page } from '@playwright/test';

const BASE_URL = process.env.BASE_URL ?? 'http://localhost:3000';
const OUT = 'docs/screenshots';
const WIDTHS = { desktop: { width: 1440, height: 900 }, mobile: { width: 390, height: 844 } };

async function signUp(page: Page, device: string): Promise<void> {
  const stamp = `${Date.now().toString(36)}${device}`;
  const email = `founder-${stamp}@example.test`;
  const password = 'first-run-password-123';
  await page.goto('/sign-up');
  await page.getByLabel('Your name').fill('Robin Founder');
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Password (at least 12 characters)').fill(password);
  await page.getByLabel('Organization name').fill('Northwind Labs');
  await page.getByLabel('Address (slug)').fill(`northwind-${stamp}`);
  await page.getByRole('button', { name: 'Create organization' }).click();
  await page.getByText(email).first().waitFor();
  // The organization is created by the mailed link (kept in /dev/mail without SMTP).
  await page.goto('/dev/mail');
  const mail = page.getByRole('article').filter({ hasText: email }).first();
  const link = await mail
    .getByRole('link', { name: /\/verify-email\// })
    .first()
    .getAttribute('href');
  if (!link) throw new Error(`No sign-up link was mailed to ${email}`);
  await page.goto(link);
  await page.getByLabel('The password you chose when you signed up').fill(password);
  await page.getByRole('button', { name: 'Confirm and create the organization' }).click();
  await page.waitForURL((url) => url.pathname === '/');
}

async function shot(page: Page, name: string, device: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  const file = `${OUT}/${name}-${device}.png`;
  await page.screenshot({ path: file, fullPage: true });
  console.log(file);
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const executablePath = process.env.PLAYWRIGHT_CHROMIUM_PATH || '/usr/bin/chromium';
  const browser = await chromium.launch({
    executablePath: existsSync(executablePath) ? executablePath : undefined,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    for (const [device, viewport] of Object.entries(WIDTHS)) {
      const context = await browser.newContext({ viewport, baseURL: BASE_URL });
      const page = await context.newPage();
      await signUp(page, device);
      await shot(page, 'home-first-run', device);

      await page.goto('/admin/frameworks');
      await shot(page, 'admin-frameworks-templates', device);
      await page.getByRole('button', { name: 'Import Frontend Engineering' }).click();
      await page.getByRole('status').filter({ hasText: 'Imported' }).waitFor();

      await page.goto('/admin/teams');
      await page.getByLabel('New team name').fill('Web');
      await page.getByRole('button', { name: 'Create team' }).click();
      await page.getByRole('link', { name: 'Web' }).waitFor();

      await page.goto('/admin/invitations');
      const bulk = page.getByRole('region', { name: 'Invite many people' });
      await bulk
        .getByLabel('Emails, or CSV with the columns name, email, team, role')
        .fill(
          [
            'name,email,team,role',
            'Ada Lovelace,ada@example.test,Web,manager',
            'Grace Hopper,grace@example.test,Web,member',
            'Alan Turing,alan@example,Web,member',
            'Edsger Dijkstra,edsger@example.test,Compilers,member',
          ].join('\n'),
        );
      await bulk.getByRole('button', { name: 'Check the list' }).click();
      await bulk.getByRole('heading', { name: /to invite/ }).waitFor();
      await shot(page, 'admin-invitations-bulk', device);

      await page.goto('/');
      await shot(page, 'home-first-run-progress', device);
      await context.close();
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
