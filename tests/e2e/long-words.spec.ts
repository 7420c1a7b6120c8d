/**
 * Text people type can be one unbroken word as long as the form allows (a
 * pasted token, a URL, a name in a script without spaces). It must wrap where
 * it is shown: a 500-character description once made the role-profile table
 * wider than any screen. Every page that shows the words is checked on a phone
 * (no sideways page scroll) and on a desktop (the table fits without scrolling
 * inside its own box).
 */
import type { Page } from '@playwright/test';
import { DEMO_USERS, expect, test } from './fixtures';

const stamp = Date.now().toString(36);
// As long as the forms accept: profile and team names 80 characters, a description 500.
const unbroken = (length: number, seed: string) => `${seed}${'x'.repeat(length)}`.slice(0, length);
const PROFILE_NAME = unbroken(80, `Profile${stamp}`);
const DESCRIPTION = unbroken(500, `Description${stamp}`);
const TEAM_NAME = unbroken(80, `Team${stamp}`);

async function pageScrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

/** Whether any table's scroll box is wider inside than out (it would need scrolling to read). */
async function tableNeedsScrolling(page: Page): Promise<boolean> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('table')).some((table) => {
      const box = table.closest('[role="region"]') ?? table.parentElement;
      return box !== null && box.scrollWidth > box.clientWidth + 1;
    }),
  );
}

test('long unbroken words from users wrap on every page that shows them', async ({ page, signIn }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, DEMO_USERS.admin.email);

  await page.goto('/admin/roles');
  await page.getByLabel('New profile name').fill(PROFILE_NAME);
  await page.getByLabel('Description (optional)').fill(DESCRIPTION);
  await page.getByRole('button', { name: 'Create profile' }).click();
  await expect(page.getByText(`Role profile “${PROFILE_NAME}” created.`)).toBeVisible();

  await page.goto('/admin/teams');
  await page.getByLabel('New team name').fill(TEAM_NAME);
  await page.getByRole('button', { name: 'Create team' }).click();
  await expect(page.getByRole('link', { name: TEAM_NAME })).toBeVisible();
  const teamHref = await page.getByRole('link', { name: TEAM_NAME }).getAttribute('href');

  await page.goto('/admin/roles');
  const profileHref = await page.getByRole('link', { name: PROFILE_NAME }).getAttribute('href');
  expect(profileHref).toMatch(/^\/admin\/roles\//);
  expect(teamHref).toMatch(/^\/admin\/teams\//);

  // Where the names appear: tables, headings, and the team pickers of filters and forms.
  const pages = [
    '/admin/roles',
    profileHref ?? '',
    '/admin/teams',
    teamHref ?? '',
    '/admin/audit',
    '/admin/members',
    '/admin/invitations',
    '/admin/cycles',
    '/teams',
    '/reports/gaps',
    '/people',
  ];
  for (const path of pages) {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(path);
    expect(await pageScrollsSideways(page), `${path} scrolls sideways at 1440 px`).toBe(false);
    expect(await tableNeedsScrolling(page), `a table on ${path} is too wide at 1440 px`).toBe(false);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(path);
    expect(await pageScrollsSideways(page), `${path} scrolls sideways at 390 px`).toBe(false);
  }
});
