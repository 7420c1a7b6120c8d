/**
 * Screenshots of the framework editor (desktop and phone width) into
 * docs/screenshots/, from a running app (BASE_URL, default http://localhost:3000)
 * with the demo seed: one section and group opened and one skill's editor open.
 *
 *   BASE_URL=http://127.0.0.1:3250 npx tsx scripts/screenshots-framework-editor.ts
 */
import { existsSync, mkdirSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_USERS } from '@/db/seed/demo-credentials';

const BASE_URL = process.env.BASE_URL ?? 'http://localhost:3000';
const OUT = 'docs/screenshots';
const WIDTHS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };

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
      await page.goto('/sign-in');
      await page.getByLabel('Email', { exact: true }).fill(DEMO_USERS.admin.email);
      await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: /sign in/i }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
      await page.goto('/admin/frameworks');
      await page.getByTestId('framework-python-devops-mastery').getByRole('link', { name: /^Edit/ }).click();
      await page.waitForURL(/\/admin\/frameworks\/[0-9a-f-]{36}$/);
      await page.locator('[data-tree-ready]').waitFor({ state: 'attached' });
      await page.screenshot({
        path: `${OUT}/admin-framework-edit-folded-${device}.png`,
        fullPage: device === 'desktop',
      });
      await page.getByRole('button', { name: 'Core Python Fundamentals', exact: true }).click();
      await page.getByRole('button', { name: 'Advanced Object-Oriented Programming', exact: true }).click();
      const edit = page.getByRole('button', { name: 'Edit Abstract Base Classes (ABC)', exact: true });
      await edit.click();
      await page.getByLabel('Name', { exact: true }).waitFor();
      if (device === 'phone')
        await page
          .getByRole('button', { name: 'Move Abstract Base Classes (ABC) up', exact: true })
          .scrollIntoViewIfNeeded();
      const file = `${OUT}/admin-framework-edit-${device}.png`;
      await page.screenshot({ path: file, fullPage: device === 'desktop' });
      console.log(file);
      await context.close();
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
