import { test, expect, DEMO_USERS } from './fixtures';

test.describe('keyboard calibration', () => {
  test('a manager reviews a member’s self ratings with the keys of /assess, saved as they go, and agrees with a whole section', async ({
    page,
    signIn,
  }) => {
    test.setTimeout(180_000);
    await signIn(page, DEMO_USERS.manager.email);
    await page.goto('/teams');
    await page.getByRole('link', { name: 'Platform' }).click();
    await page.getByRole('navigation', { name: 'Team views' }).getByRole('link', { name: 'Calibration' }).click();
    await expect(page.getByRole('heading', { name: /Calibration/ }).first()).toBeVisible();
    // Any member of the team but the manager themselves (their own ratings are read-only here).
    const hrefs = await page
      .locator('a[href*="calibration?member="]')
      .evaluateAll((links) => [...new Set(links.map((link) => link.getAttribute('href') ?? ''))].filter(Boolean));
    for (const href of hrefs) {
      await page.goto(href);
      if ((await page.getByText('You cannot add manager ratings to your own self ratings.').count()) === 0) break;
    }
    await expect(page).toHaveURL(/calibration\?member=/);

    const progress = page.getByText(/^Reviewed \d+ of \d+ self ratings$/);
    await expect(progress).toBeVisible();
    const reviewedCount = async () => Number(/Reviewed (\d+)/.exec((await progress.textContent()) ?? '')![1]);
    // The board opens on the first section with something left to review; start at its first skill.
    const section = page.locator('section[aria-labelledby="calibration-section"]');
    const items = section.locator('ol > li');
    await items.first().focus();
    const firstName = (await items.first().getAttribute('aria-label'))!.split(':')[0]!;
    const secondName = (await items.nth(1).getAttribute('aria-label'))!.split(':')[0]!;

    // One key per skill: 2 rates the first and moves on; n marks the second not applicable.
    await page.keyboard.press('2');
    await expect(items.nth(1)).toBeFocused();
    await page.keyboard.press('n');
    await expect(page.getByRole('status').filter({ hasText: 'All changes saved.' })).toBeVisible();
    await expect(
      section.getByRole('group', { name: `Your rating for ${firstName}` }).getByRole('button', { name: '2' }),
    ).toHaveAttribute('aria-pressed', 'true');
    // n moved on to the third; k goes back up without changing anything.
    await expect(items.nth(2)).toBeFocused();
    await page.keyboard.press('k');
    await expect(items.nth(1)).toBeFocused();

    // Saved on the server: a reload shows them.
    await page.reload();
    await expect(
      page.getByRole('group', { name: `Your rating for ${firstName}` }).getByRole('button', { name: '2' }),
    ).toHaveAttribute('aria-pressed', 'true');
    await expect(
      page.getByRole('group', { name: `Your rating for ${secondName}` }).getByRole('button', { name: 'n/a' }),
    ).toHaveAttribute('aria-pressed', 'true');

    // The rest of the section in one action.
    const before = await reviewedCount();
    const agree = page.getByRole('button', { name: /^Agree with .* open self ratings?$/ });
    const open = Number(/’s (\d+) open/.exec((await agree.textContent()) ?? '')![1]);
    await agree.click();
    await expect(page.getByRole('status').filter({ hasText: /Agreed with \d+ self ratings?/ })).toBeVisible();
    await expect(page.getByRole('button', { name: 'All reviewed' })).toBeDisabled();
    expect(await reviewedCount()).toBe(before + open);
    // No page of Save buttons.
    await expect(page.getByRole('button', { name: 'Save' })).toHaveCount(0);
  });
});
