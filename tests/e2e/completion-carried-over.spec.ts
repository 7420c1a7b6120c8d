import { DEMO_USERS, expect, test } from './fixtures';

/*
 * Issue 18: a member whose ratings were all carried over from the last cycle
 * and never confirmed has done nothing in this cycle. The demo's Platform
 * team has one such engineer (all 320 ratings pre-filled, none confirmed).
 */
test('carried-over ratings count as done only once confirmed: the manager’s completion and reminder list, the member’s home and /assess', async ({
  page,
  signIn,
}) => {
  test.setTimeout(120_000);
  await signIn(page, DEMO_USERS.manager.email);
  await page.goto('/teams');
  await page.getByRole('link', { name: 'Platform', exact: true }).first().click();
  await page.getByRole('link', { name: 'Completion' }).click();
  await expect(page).toHaveURL(/\/teams\/[^/]+\/completion$/);

  const table = page.getByRole('table', { name: 'Completion per member' });
  // Nobody with ratings still to confirm reads as finished.
  const notStarted = table
    .getByRole('row')
    .filter({ has: page.getByTestId('member-done').getByText('0 / 320', { exact: true }) })
    .first();
  await expect(notStarted).toBeVisible();
  await expect(notStarted.getByTestId('member-to-confirm')).toHaveText('320');
  const header = notStarted.getByRole('rowheader');
  const email = (await header.locator('span').textContent())?.trim() ?? '';
  expect(email).toMatch(/@demo\.skillgrid\.dev$/);
  const name = ((await header.textContent()) ?? '').replace(email, '').trim();

  await page.getByText('Show the reminder list').click();
  await expect(page.locator('pre')).toContainText(`${name} <${email}>`);

  // The member sees the same figures on home and in /assess.
  await page.context().clearCookies();
  await signIn(page, email);
  const cycle = page.getByRole('region', { name: 'Current assessment cycle' });
  await expect(cycle).toContainText('You have done 0 of 320 skills (0%: 0 rated · 320 to confirm)');
  await expect(cycle).toContainText('320 carried over from last cycle');
  await cycle.getByRole('link', { name: 'Continue your assessment' }).click();
  await expect(page.getByTestId('progress-count')).toHaveText('0 of 320');
  await expect(page.getByTestId('progress-to-confirm')).toContainText('320 carried over from last cycle to confirm');
});
