/**
 * /assess end to end: keyboard-only rating, autosave, and nothing lost while
 * the server is unreachable. Runs against the e2e server's seeded demo
 * organization (the demo member has a half-finished open cycle).
 */
import type { Page } from '@playwright/test';
import { test, expect, DEMO_USERS } from './fixtures';

const savedStatus = (page: Page) => page.getByTestId('save-status');

/** The level radio checked in each skill row of the section on screen, in order ('na' for n/a, '' for none). */
async function checkedValues(page: Page): Promise<string[]> {
  return page
    .locator('[data-skill-id]')
    .evaluateAll((rows) =>
      rows.map((row) => (row.querySelector('input[type=radio]:checked') as HTMLInputElement | null)?.value ?? ''),
    );
}

/** Keys pressed before React has hydrated the page would go nowhere. */
async function waitUntilInteractive(page: Page): Promise<void> {
  await expect(page.locator('[data-assessment-ready]')).toBeAttached({ timeout: 30_000 });
}

async function openSection(page: Page, index: number): Promise<string> {
  const link = page.getByRole('navigation', { name: 'Sections' }).getByRole('link').nth(index);
  const href = await link.getAttribute('href');
  await link.click();
  await expect(link).toHaveAttribute('aria-current', 'page');
  return href ?? '';
}

test.describe('self-assessment', () => {
  // Dozens of key presses, each autosaved: more than the default 30 s on a busy machine.
  test.describe.configure({ timeout: 120_000 });

  test('rates a full section with the keyboard only, and every rating survives a reload', async ({ page, signIn }) => {
    await signIn(page, DEMO_USERS.member.email);
    await page.goto('/assess');
    await expect(page.getByRole('heading', { level: 1, name: /Self-assessment/ })).toBeVisible();
    await waitUntilInteractive(page);
    // Go to the third section with the keyboard (g, then its key) and read which it is.
    await page.keyboard.press('g');
    await expect(page.getByRole('dialog', { name: 'Go to section' })).toBeVisible();
    await page.keyboard.press('3');
    const url = new URL(page.url());
    const section = url.searchParams.get('section');
    expect(section).toBeTruthy();

    const rows = page.locator('[data-skill-id]');
    const count = await rows.count();
    expect(count).toBeGreaterThan(2);
    const expected: string[] = [];
    for (let i = 0; i < count; i++) {
      // Focus follows: each key rates the focused skill and moves on.
      await expect(rows.nth(i)).toBeFocused();
      const key = i % 6 === 5 ? 'n' : String((i * 3) % 5);
      await page.keyboard.press(key);
      expected.push(key === 'n' ? 'na' : key);
    }
    await expect(savedStatus(page)).toHaveText('All changes saved', { timeout: 20_000 });

    // Read back from the server only: no locally queued changes can paint over it.
    await page.evaluate(() => window.localStorage.clear());
    await page.goto(`/assess?section=${encodeURIComponent(section ?? '')}`);
    await expect(rows).toHaveCount(count);
    expect(await checkedValues(page)).toEqual(expected);
    await expect(rows.getByText('carried over')).toHaveCount(0);
  });

  test('changes made while the server is unreachable are kept across a reload and saved when it is back', async ({
    page,
    signIn,
    browser,
  }) => {
    await signIn(page, DEMO_USERS.member.email);
    await page.goto('/assess');
    await waitUntilInteractive(page);
    const sectionHref = await openSection(page, 5);

    // A Next.js page cannot itself be loaded while the browser is offline, so `context.setOffline(true)`
    // would make "reload while still offline" impossible. Instead the server is made unreachable for the
    // save requests only: every POST to the autosave route (and any server action on /assess) is aborted at
    // the network layer (exactly what a dropped connection looks like to the page), while GETs still load
    // the page. Unrouting is "back online".
    const unreachable = (route: import('@playwright/test').Route) =>
      route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue();
    await page.route('**/api/ratings/batch', unreachable);
    await page.route('**/assess**', unreachable);

    const rows = page.locator('[data-skill-id]');
    await expect(rows.first()).toBeVisible();
    const count = Math.min(10, await rows.count());
    expect(count).toBe(10);
    const expected: string[] = [];
    for (let i = 0; i < count; i++) {
      const key = String((i + 2) % 5);
      await page.keyboard.press(key);
      expected.push(key);
    }
    await expect(savedStatus(page)).toHaveText('Offline — 10 changes pending', { timeout: 15_000 });

    // Reload while the server is still unreachable: the pending changes are shown again, not lost.
    await page.reload();
    await waitUntilInteractive(page);
    await expect(savedStatus(page)).toHaveText('Offline — 10 changes pending', { timeout: 15_000 });
    expect((await checkedValues(page)).slice(0, count)).toEqual(expected);

    // Back online: the queue's retry sends them, in order.
    await page.unroute('**/api/ratings/batch', unreachable);
    await page.unroute('**/assess**', unreachable);
    await expect(savedStatus(page)).toHaveText('All changes saved', { timeout: 30_000 });

    // A fresh browser (no local queue) sees all 10 from the database.
    const other = await browser.newContext();
    const fresh = await other.newPage();
    await signIn(fresh, DEMO_USERS.member.email);
    await fresh.goto(`/assess${sectionHref}`);
    await waitUntilInteractive(fresh);
    await expect(savedStatus(fresh)).toHaveText('All changes saved');
    expect((await checkedValues(fresh)).slice(0, count)).toEqual(expected);
    await other.close();
  });

  test('quick key presses travel in a few batches, and leaving the page at once loses none of them', async ({
    page,
    signIn,
    browser,
  }) => {
    await signIn(page, DEMO_USERS.member.email);
    await page.goto('/assess');
    await waitUntilInteractive(page);
    const sectionHref = await openSection(page, 7);
    const batches: string[] = [];
    // The context sees requests the page makes as it unloads too.
    page.context().on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/api/ratings/batch')) batches.push(request.url());
    });
    const rows = page.locator('[data-skill-id]');
    const count = Math.min(8, await rows.count());
    // Each skill gets a level it does not have yet, so a re-run proves a new save, not an old one.
    const before = (await checkedValues(page)).slice(0, count);
    const expected = before.map((value) => String((/^\d$/.test(value) ? Number(value) + 1 : 0) % 5));
    // The keys pressed in one go (one task), as a fast typist's land inside one coalescing window.
    await page.evaluate((keys) => {
      for (const key of keys) window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    }, expected);
    // Straight away to another page: what waits for the window goes in a request that outlives /assess.
    await page.goto('/');
    // One request for the window (plus, at most, the last send as the page went away), not one per key.
    // (A request sent while the page unloads is not always reported: the check below is what proves delivery.)
    expect(batches.length).toBeLessThanOrEqual(2);

    // A fresh browser (no local queue to send them later) sees every one from the database.
    const other = await browser.newContext();
    const fresh = await other.newPage();
    await signIn(fresh, DEMO_USERS.member.email);
    await expect
      .poll(
        async () => {
          await fresh.goto(`/assess${sectionHref}`);
          await waitUntilInteractive(fresh);
          return (await checkedValues(fresh)).slice(0, count);
        },
        { timeout: 20_000 },
      )
      .toEqual(expected);
    await other.close();
  });

  test('a carried-over section is confirmed as unchanged in one action', async ({ page, signIn }) => {
    await signIn(page, DEMO_USERS.member.email);
    await page.goto('/assess');
    await waitUntilInteractive(page);
    // The demo member has reviewed the first half of the framework; the last sections are still carried over.
    const links = page.getByRole('navigation', { name: 'Sections' }).getByRole('link');
    const total = await links.count();
    await links.nth(total - 2).click();
    const toConfirm = page.locator('[data-skill-id]').getByText('carried over · to confirm');
    const confirmed = page.locator('[data-skill-id]').getByText('carried over · confirmed');
    await expect(toConfirm.first()).toBeVisible();
    const before = await page.getByTestId('progress-count').textContent();
    // One rating first (its own button), then the rest of the section in one action.
    await page
      .getByRole('button', { name: /^Confirm .+ as still true$/ })
      .first()
      .click();
    await expect(confirmed).toHaveCount(1);
    await expect(page.getByTestId('progress-count')).not.toHaveText(before ?? '');
    await expect(page.getByTestId('progress-breakdown')).toContainText('1 confirmed');
    await page.getByRole('button', { name: 'Confirm all unchanged in this section' }).click();
    await expect(page.getByText(/^Confirmed \d+ ratings? in /)).toBeVisible();
    await expect(toConfirm).toHaveCount(0);
    const count = await confirmed.count();
    expect(count).toBeGreaterThan(1);
    await expect(page.getByTestId('save-status')).toHaveText(/saved/i, { timeout: 10_000 });
    await page.reload();
    await waitUntilInteractive(page);
    await expect(page.locator('[data-skill-id]').first()).toBeVisible();
    await expect(toConfirm).toHaveCount(0);
    await expect(confirmed).toHaveCount(count);
  });

  test('“rate this whole group” fills only the unrated skills, and can be undone', async ({ page, signIn }) => {
    // The demo admin has not rated anything yet in the open cycle.
    await signIn(page, DEMO_USERS.admin.email);
    await page.goto('/assess');
    await waitUntilInteractive(page);
    const rows = page.locator('[data-skill-id]');
    // Rate the first skill by hand, then the rest of its group in one go.
    await page.keyboard.press('4');
    const group = page
      .locator('section[aria-label]')
      .filter({ has: page.getByLabel('Rate this whole group') })
      .first();
    await group.getByLabel('Rate this whole group').selectOption('1');
    const apply = group.getByRole('button', { name: /Apply to \d+ unrated/ });
    const unrated = Number((await apply.textContent())?.match(/\d+/)?.[0]);
    expect(unrated).toBeGreaterThan(0);
    await apply.click();
    const groupSize = await group.locator('[data-skill-id]').count();
    const values = await checkedValues(page);
    expect(values[0]).toBe('4');
    expect(values.slice(1, groupSize)).toEqual(Array(groupSize - 1).fill('1'));
    await expect(savedStatus(page)).toHaveText('All changes saved', { timeout: 20_000 });

    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(savedStatus(page)).toHaveText('All changes saved', { timeout: 20_000 });
    await page.evaluate(() => window.localStorage.clear());
    await page.reload();
    await waitUntilInteractive(page);
    await expect(rows.first()).toBeVisible();
    const after = await checkedValues(page);
    expect(after[0]).toBe('4');
    expect(after.slice(1, groupSize)).toEqual(Array(groupSize - 1).fill(''));
  });

  test('on a 390 px phone the rating buttons show the level names and the page does not scroll sideways', async ({
    page,
    signIn,
  }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, DEMO_USERS.member.email);
    await page.goto('/assess');
    await waitUntilInteractive(page);
    const row = page.locator('[data-skill-id]').first();
    await expect(row).toBeVisible();
    // Every level reads as "digit name" on screen, not only to a screen reader (names vary: an editor may rename them).
    const labels = row.getByRole('radiogroup').locator('label');
    const count = await labels.count();
    expect(count).toBeGreaterThanOrEqual(6);
    for (let i = 0; i < count - 1; i++) {
      const label = labels.nth(i);
      await expect(label.getByRole('radio', { name: new RegExp(`^${i} \\S`) })).toBeAttached();
      const name = label.locator('span').nth(1);
      await expect(name).toBeVisible();
      const nameBox = await name.boundingBox();
      // Wider than a visually hidden (1 px) copy.
      expect(nameBox?.width ?? 0).toBeGreaterThan(10);
      const box = await label.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    }
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });

  test('a keyboard-only run through the whole framework takes about one key per skill', async ({ page, signIn }) => {
    test.setTimeout(180_000);
    // The admin rates too (every member of an organization-wide cycle does); using them keeps the demo member half-finished.
    await signIn(page, DEMO_USERS.admin.email);
    await page.goto('/assess');
    await waitUntilInteractive(page);
    const progress = page.getByTestId('progress-count');
    const total = Number((await progress.textContent())?.match(/of (\d+)/)?.[1]);
    expect(total).toBeGreaterThanOrEqual(300);

    let presses = 0;
    const press = async (key: string) => {
      presses += 1;
      await page.keyboard.press(key);
    };
    // Starting on the first skill of the first section: one key per skill, focus moves on by itself,
    // across section boundaries too.
    for (let i = 0; i < total; i++) await press(String(i % 5));

    await expect(progress).toHaveText(`${total} of ${total}`);
    await expect(savedStatus(page)).toHaveText('All changes saved', { timeout: 60_000 });
    console.log(`[assess] keyboard-only assessment: ${presses} key presses for ${total} skills`);
    test.info().annotations.push({ type: 'key presses', description: `${presses} for ${total} skills` });
    expect(presses).toBeLessThanOrEqual(Math.ceil(total * 1.05));

    await page.evaluate(() => window.localStorage.clear());
    await page.reload();
    await expect(progress).toHaveText(`${total} of ${total}`);
  });
});
