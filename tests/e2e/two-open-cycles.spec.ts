import { DEMO_MANAGER3_EMAIL, DEMO_USERS, expect, test } from './fixtures';

/*
 * Issue 18: with an organization-wide cycle and a team cycle open at once, a
 * member sees both, knows which one they are rating, and home and /assess
 * agree on the section count. The admin closes the team cycle, reopens it
 * (closing is not final) and closes it again, so the demo ends as it began.
 * Uses the third demo team, whose manager no other spec signs in as.
 */
test('two open cycles: both on home and in /assess, the same counts; an admin can reopen a closed cycle', async ({
  page,
  signIn,
}) => {
  test.setTimeout(180_000);
  const cycleName = `Team focus ${Date.now().toString(36)}`;

  await signIn(page, DEMO_MANAGER3_EMAIL);
  await page.goto('/teams');
  const teamName = ((await page.getByRole('main').getByRole('link').first().textContent()) ?? '').trim();
  expect(teamName).not.toBe('');

  await page.context().clearCookies();
  await signIn(page, DEMO_USERS.admin.email);
  await page.goto('/admin/cycles');
  const year = new Date().getUTCFullYear();
  await page.getByLabel('Name', { exact: true }).fill(cycleName);
  await page.getByLabel('Opens on').fill(`${year}-01-01`);
  await page.getByLabel('Closes on').fill(`${year + 1}-12-31`);
  await page.getByLabel('Who').selectOption({ label: `Team: ${teamName}` });
  await page.getByRole('button', { name: 'Open cycle' }).click();
  await expect(page.getByRole('status').filter({ hasText: cycleName })).toBeVisible();

  try {
    await page.context().clearCookies();
    await signIn(page, DEMO_MANAGER3_EMAIL);
    const region = page.getByRole('region', { name: 'Current assessment cycle' });
    const open = region.getByTestId('open-cycle');
    await expect(open).toHaveCount(2);
    await expect(open.first()).toContainText(cycleName);
    await expect(open.first()).toContainText(`team ${teamName}`);
    await expect(open.first()).toContainText('You are rating this one');
    await expect(open.nth(1)).toContainText('2026 Q4');
    await expect(open.nth(1)).toContainText('whole organization');
    const sections = Number(
      await page
        .getByRole('region', { name: 'Skills framework' })
        .getByText('Sections')
        .locator('..')
        .locator('dd')
        .textContent(),
    );

    // /assess opens on the team cycle and names both as open.
    await open.first().getByRole('link', { name: 'Continue your assessment' }).click();
    await expect(page.getByRole('heading', { name: `Self-assessment: ${cycleName}` })).toBeVisible();
    const nav = page.getByRole('navigation', { name: 'Your cycles' });
    await expect(nav).toContainText(`${cycleName} (open, shown)`);
    await expect(nav).toContainText('2026 Q4 (open)');
    const sectionLinks = page.locator('#assess-section-list ul > li');
    await expect(sectionLinks).toHaveCount(sections);

    await nav.getByRole('link', { name: '2026 Q4' }).click();
    await expect(page.getByRole('heading', { name: 'Self-assessment: 2026 Q4' })).toBeVisible();
  } finally {
    // Close it, reopen it, close it again: the demo ends as it began, and reopening is shown to work.
    await page.context().clearCookies();
    await signIn(page, DEMO_USERS.admin.email);
    await page.goto(`/admin/cycles?q=${encodeURIComponent(cycleName)}`);
    page.on('dialog', (dialog) => void dialog.accept());
    const row = page.getByRole('row').filter({ hasText: cycleName });
    await row.getByRole('button', { name: `Close ${cycleName}` }).click();
    await expect(row.getByRole('button', { name: `Reopen ${cycleName}` })).toBeVisible();
    await row.getByRole('button', { name: `Reopen ${cycleName}` }).click();
    // Reopened: the row offers Close again (the refreshed row replaces the Reopen form and its message).
    await expect(row.getByRole('button', { name: `Close ${cycleName}` })).toBeVisible();
    await row.getByRole('button', { name: `Close ${cycleName}` }).click();
    await expect(row.getByRole('button', { name: `Reopen ${cycleName}` })).toBeVisible();
  }
});
