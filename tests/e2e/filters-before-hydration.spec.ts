/**
 * A filter chosen while the page's JavaScript is still loading (a slow phone, a busy machine) is applied
 * once it has loaded, not set back under the reader. Seen in CI: the coverage page's "Ratings shown" was
 * changed before hydration, its change event fired before React listened, and the page then reset the
 * select to the value it was rendered with (components/ui/auto-apply-form.tsx).
 */
import { test, expect, DEMO_USERS } from './fixtures';

test(
  'a view chosen before the page hydrated is applied when it does',
  { tag: '@demo-read-only' },
  async ({ page, signIn }) => {
    test.setTimeout(90_000);
    await signIn(page, DEMO_USERS.manager.email);
    await page.goto('/teams');
    await page.getByRole('link', { name: 'Platform', exact: true }).first().click();
    await page.waitForURL(/\/teams\/[0-9a-f-]{36}$/);
    const coverage = `${new URL(page.url()).pathname}/coverage`;

    // Hold the page's scripts back until the choice is made: the server's HTML is all there is. Scripts only:
    // the stylesheets live under the same path, and a script after a pending stylesheet stops the parser.
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/_next/static/chunks/**/*.js', async (route) => {
      await released;
      await route.continue();
    });
    // Not 'domcontentloaded': that waits for the held scripts. The server's HTML shows the select without them.
    await page.goto(coverage, { waitUntil: 'commit' });
    const select = page.getByLabel('Ratings shown');
    // Streamed after the team's header; a cold server takes a while.
    await expect(select).toHaveValue('self', { timeout: 60_000 });
    await select.selectOption('manager-else-self');
    expect(new URL(page.url()).search).toBe('');

    release();
    await expect(page).toHaveURL(/[?&]view=manager-else-self(&|$)/);
    await expect(select).toHaveValue('manager-else-self');
    await expect(page.getByRole('heading', { name: 'By section' })).toBeVisible();
  },
);
