import { test, expect, DEMO_USERS } from './fixtures';

test.describe('team heatmap', () => {
  test('a manager opens the heatmap, drills into a section, switches to manager ratings and sees the coverage risk', async ({
    page,
    signIn,
  }) => {
    test.setTimeout(180_000);
    await signIn(page, DEMO_USERS.manager.email);
    await page.goto('/teams');
    await expect(page.getByRole('heading', { name: 'Teams', level: 1 })).toBeVisible();
    await page.getByRole('link', { name: 'Platform' }).click();
    await expect(page.getByRole('heading', { name: 'Platform', level: 1 })).toBeVisible();

    const heatmap = page.getByRole('region', { name: /mean level per member and section/ });
    // The page streams in after the loading skeleton; the embedded database has no planner statistics on a fresh seed.
    await expect(heatmap).toBeVisible({ timeout: 60_000 });
    // Cells carry the number, not only the colour.
    await expect(
      heatmap
        .locator('tbody td')
        .filter({ hasText: /^\d\.\d$/ })
        .first(),
    ).toBeVisible();
    await expect(heatmap.getByRole('rowheader', { name: 'Team average' })).toBeVisible();
    await expect(heatmap.getByRole('rowheader', { name: 'Target' })).toBeVisible();
    const teamUrl = new URL(page.url()).pathname;

    // Drill into the first section.
    const firstSection = heatmap.locator('thead a').first();
    const sectionName = (await firstSection.textContent())?.trim() ?? '';
    await firstSection.click();
    await expect(page).toHaveURL(/\/sections\//);
    await expect(page.getByRole('heading', { name: sectionName, level: 2 })).toBeVisible({ timeout: 60_000 });
    const skills = page.getByRole('region', { name: /level per member and skill/ });
    await expect(
      skills
        .locator('tbody td')
        .filter({ hasText: /\d\.\d/ })
        .first(),
    ).toBeVisible();

    // Switch to manager ratings: the choice applies as it changes and lives in the URL.
    await page.getByLabel('Ratings').selectOption('manager');
    await expect(page).toHaveURL(/view=manager(&|$)/);
    await expect(page.getByRole('region', { name: /level per member and skill/ })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByLabel('Ratings')).toHaveValue('manager');

    // The coverage tab (another page) flags key-person risks.
    await page.getByRole('navigation', { name: 'Team views' }).getByRole('link', { name: 'Coverage' }).click();
    await expect(page).toHaveURL(new RegExp(`${teamUrl}/coverage`));
    await expect(page.getByText(/bus factor/i).first()).toBeVisible({ timeout: 60_000 });
  });

  test('the same URL is a 404 for a member of the team', async ({ page, signIn }) => {
    await signIn(page, DEMO_USERS.manager.email);
    await page.goto('/teams');
    const href = await page.getByRole('link', { name: 'Platform' }).getAttribute('href');
    expect(href).toMatch(/^\/teams\/[0-9a-f-]{36}$/);
    await page.context().clearCookies();

    await signIn(page, DEMO_USERS.member.email);
    const response = await page.goto(href ?? '/teams/x');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('region', { name: /mean level per member/ })).toHaveCount(0);
    const completion = await page.goto(`${href ?? ''}/completion`);
    expect(completion?.status()).toBe(404);
  });
});
