/**
 * Filters apply as they change and live in the URL; the radar's options too (issue 19). On the team
 * heatmap: a filter (server re-render) and a radar option (client only, nuqs) each change the URL and
 * the view; back and forward step through them; the copied URL opened in a new page shows the same view.
 */
import type { Page } from '@playwright/test';
import { test, expect, DEMO_USERS } from './fixtures';

/** The heatmap's section columns, in their order on the page. */
const sectionColumns = (page: Page) =>
  page
    .getByRole('region', { name: /mean level per member and section/ })
    .locator('thead a')
    .allTextContents();

async function expectView(page: Page, view: { cols: string; radar: 'area' | 'section'; columns: string[] }) {
  await expect(page.getByLabel('Order sections')).toHaveValue(view.cols);
  await expect(page.getByRole('radio', { name: `By ${view.radar}` })).toBeChecked();
  await expect(page.getByRole('region', { name: `Team average and target by ${view.radar}` })).toBeVisible();
  await expect.poll(() => sectionColumns(page)).toEqual(view.columns);
}

test('heatmap filter and radar option: URL, back/forward, shared link', async ({ page, signIn }) => {
  // About 10 s on an idle machine; sign-in and the first heatmap take far longer on a loaded one.
  test.setTimeout(90_000);
  await signIn(page, DEMO_USERS.manager.email);
  await page.goto('/teams');
  await page.getByRole('link', { name: 'Platform', exact: true }).first().click();
  await page.waitForURL(/\/teams\/[0-9a-f-]{36}$/);
  const heatmap = page.getByRole('region', { name: /mean level per member and section/ });
  await expect(heatmap).toBeVisible({ timeout: 60_000 });
  const plain = page.url();
  const frameworkOrder = await sectionColumns(page);
  await expectView(page, { cols: 'framework', radar: 'area', columns: frameworkOrder });

  // A filter: applies on change (no button), the server re-renders the heatmap in the new order.
  await page.getByLabel('Order sections').selectOption('mean');
  await expect(page).toHaveURL(/[?&]cols=mean(&|$)/);
  await expect.poll(() => sectionColumns(page)).not.toEqual(frameworkOrder);
  const meanOrder = await sectionColumns(page);

  // A radar option: the chart and its table switch to sections; the filter stays in the URL.
  await page.getByRole('radio', { name: 'By section' }).check();
  await expect(page).toHaveURL(/[?&]radar=section(&|$)/);
  await expect(page).toHaveURL(/[?&]cols=mean(&|$)/);
  await expectView(page, { cols: 'mean', radar: 'section', columns: meanOrder });
  const shared = page.url();

  // Back: the radar option, then the filter; forward: both again.
  await page.goBack();
  await expect(page).not.toHaveURL(/radar=/);
  await expectView(page, { cols: 'mean', radar: 'area', columns: meanOrder });
  await page.goBack();
  await expect(page).toHaveURL(plain);
  await expectView(page, { cols: 'framework', radar: 'area', columns: frameworkOrder });
  await page.goForward();
  await page.goForward();
  await expect(page).toHaveURL(shared);
  await expectView(page, { cols: 'mean', radar: 'section', columns: meanOrder });

  // The copied link, opened afresh, shows the same view.
  const other = await page.context().newPage();
  await other.goto(shared);
  await expectView(other, { cols: 'mean', radar: 'section', columns: meanOrder });
  await other.close();
});
