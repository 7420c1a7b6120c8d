/**
 * Two organizations signed up in the browser: the second must reach none of
 * the first's pages or ids, and no response may carry the first's names.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { confirmSignUpByMail } from './mailbox';

const stamp = Date.now().toString(36);
const first = {
  name: 'Alice Founder',
  email: `alice-${stamp}@first.example`,
  organization: `Firstorg ${stamp}`,
  slug: `firstorg-${stamp}`,
  team: `Secret Falcon ${stamp}`,
};
const second = {
  name: 'Bob Rival',
  email: `bob-${stamp}@second.example`,
  organization: `Secondorg ${stamp}`,
  slug: `secondorg-${stamp}`,
};
const PASSWORD = 'correct horse battery staple';

async function signUp(page: Page, person: { name: string; email: string; organization: string; slug: string }) {
  await page.goto('/sign-up');
  await page.getByLabel('Your name').fill(person.name);
  await page.getByLabel('Work email').fill(person.email);
  await page.getByLabel(/^Password/).fill(PASSWORD);
  await page.getByLabel('Organization name').fill(person.organization);
  await page.getByLabel('Address (slug)').fill(person.slug);
  await page.getByRole('button', { name: 'Create organization' }).click();
  await confirmSignUpByMail(page, person.email, PASSWORD);
  await expect(page.getByTestId('active-organization')).toHaveText(person.organization);
}

test('a second organization reaches none of the first organization’s pages, ids or names', async ({ browser }) => {
  // Two sign-ups, each confirmed through its mailed link, before the checks begin.
  test.slow();
  // Organization one: sign up, create a team, note its id and the admin's membership id.
  const firstContext = await browser.newContext();
  const firstPage = await firstContext.newPage();
  await signUp(firstPage, first);
  await firstPage.goto('/admin/teams');
  await firstPage.getByLabel('New team name').fill(first.team);
  await firstPage.getByRole('button', { name: /create/i }).click();
  await firstPage.getByRole('link', { name: first.team }).click();
  await firstPage.waitForURL(/\/admin\/teams\/[0-9a-f-]{36}$/);
  const teamUrl = new URL(firstPage.url()).pathname;
  await firstPage.goto(`/admin/members?q=${encodeURIComponent(first.email)}`);
  await expect(firstPage.getByText(first.email)).toBeVisible();
  await firstContext.close();

  // Organization two, in a separate browser context.
  const secondContext = await browser.newContext();
  const page = await secondContext.newPage();
  await signUp(page, second);

  const leaks = [first.organization, first.team, first.email, first.name];
  const probes = [
    teamUrl,
    `${teamUrl}/`,
    `/teams/${teamUrl.split('/').pop()}`,
    `/teams/${teamUrl.split('/').pop()}/gaps`,
  ];
  for (const path of probes) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    const body = await page.content();
    for (const leak of leaks) expect(body, `${path} leaks ${leak}`).not.toContain(leak);
  }

  // Searching the second organization's members for the first's admin finds nobody
  // (the search box echoes the query, so look at the result, not the page text).
  await page.goto(`/admin/members?q=${encodeURIComponent(first.email)}`);
  await expect(page.getByText('No members match these filters.')).toBeVisible();

  // The second organization's own admin pages list nothing of the first.
  for (const path of ['/admin/members', '/admin/teams', '/admin/invitations', '/admin/audit']) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    const body = await page.content();
    for (const leak of leaks) expect(body, `${path} leaks ${leak}`).not.toContain(leak);
  }

  // Exports and APIs answer without the first organization's data.
  for (const path of ['/api/reports/gaps.csv', `/api/reports/gaps.csv?team=${teamUrl.split('/').pop()}`]) {
    const response = await page.request.get(path);
    expect([403, 404], path).toContain(response.status());
    const body = await response.text();
    for (const leak of leaks) expect(body, `${path} leaks ${leak}`).not.toContain(leak);
  }
  await secondContext.close();
});
