import { test, expect, DEMO_USERS } from './fixtures';

test.describe('heatmap cell detail', () => {
  test('a manager opens a member × section cell by keyboard and sees self, manager, target, evidence and history; a member gets a 404', async ({
    browser,
    signIn,
  }) => {
    test.setTimeout(180_000);
    const managerContext = await browser.newContext();
    const page = await managerContext.newPage();
    await signIn(page, DEMO_USERS.manager.email);
    await page.goto('/teams');
    await page.getByRole('link', { name: 'Platform' }).click();
    const heatmap = page.getByRole('region', { name: /mean level per member and section/ });
    await expect(heatmap).toBeVisible({ timeout: 60_000 });

    // Every member cell is a link named after the member, the section and the figure.
    const cell = heatmap
      .locator('tbody')
      .getByRole('link', { name: /: open the detail$/ })
      .first();
    const name = (await cell.getAttribute('aria-label')) ?? '';
    const [memberName, sectionName] = name.split(', ');
    await cell.focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/teams\/[0-9a-f-]{36}\/members\/[0-9a-f-]{36}\?section=[0-9a-f-]{36}/);
    const detailUrl = new URL(page.url());
    await expect(page.getByRole('heading', { level: 2, name: `${memberName} · ${sectionName}` })).toBeVisible();
    const first = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { level: 3 }) })
      .first();
    await expect(first.getByText('Self rating')).toBeVisible();
    await expect(first.getByText('Manager rating')).toBeVisible();
    await expect(first.getByText('Target', { exact: true })).toBeVisible();
    // The seed records each rating once: history is there to open.
    const history = page.getByText(/^History \(\d+ changes?\)$/).first();
    await history.click();
    await expect(page.getByText(/· self: /).first()).toBeVisible();
    // Other sections are one link away.
    await expect(page.getByRole('navigation', { name: 'Sections' }).locator('[aria-current="page"]')).toHaveText(
      sectionName!,
    );

    // A skill cell of the section drill-down opens the same page at that skill.
    await page.goto(new URL(page.url()).pathname.replace(/\/members\/.*/, ''));
    await heatmap.locator('thead a').first().click();
    const skills = page.getByRole('region', { name: /level per member and skill/ });
    await expect(skills).toBeVisible({ timeout: 60_000 });
    await skills
      .locator('tbody')
      .getByRole('link', { name: /open the detail$/ })
      .first()
      .click();
    await expect(page).toHaveURL(/\/members\/[0-9a-f-]{36}\?section=[0-9a-f-]{36}#skill-[0-9a-f-]{36}/);
    await managerContext.close();

    const memberContext = await browser.newContext();
    const member = await memberContext.newPage();
    await signIn(member, DEMO_USERS.member.email);
    const response = await member.goto(detailUrl.pathname + detailUrl.search);
    expect(response?.status()).toBe(404);
    await memberContext.close();
  });
});
