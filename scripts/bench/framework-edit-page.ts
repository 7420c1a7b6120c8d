/**
 * Times the framework edit page in a real browser against a running server:
 * `BASE_URL=http://127.0.0.1:3250 npx tsx scripts/bench/framework-edit-page.ts [runs]`.
 *
 * Signs in as the demo admin, opens the first framework of /admin/frameworks
 * and reports, per run: server response (TTFB), HTML bytes, DOMContentLoaded,
 * load, DOM element count, and how long one "move down" takes from the click
 * until the tree shows the new order, and until the server has stored it.
 * Each measured move is undone by moving the node back, so runs are comparable
 * (each move still adds a framework version).
 */
import { chromium, type Page } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_USERS } from '../../db/seed/demo-credentials';

const base = process.env.BASE_URL ?? 'http://127.0.0.1:3250';
const runs = Number(process.argv[2] ?? 5);

async function signIn(page: Page) {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Email', { exact: true }).fill(DEMO_USERS.admin.email);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/** The names of the top-level nodes, in order, as the page shows them. */
async function topNames(page: Page): Promise<string[]> {
  return page
    .locator('section[aria-labelledby="tree-heading"] ul')
    .first()
    .locator(':scope > li')
    .evaluateAll((items) =>
      items.map((item) =>
        // The chevron of a disclosure button is not part of the name.
        (item.querySelector('[data-control="name"], span.font-medium:not(.text-xs)')?.textContent ?? '')
          .replace(/^▸/, '')
          .trim(),
      ),
    );
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  const page = await browser.newPage();
  await signIn(page);
  await page.goto(`${base}/admin/frameworks`);
  const href = await page.locator('a[href^="/admin/frameworks/"]').first().getAttribute('href');
  if (!href) throw new Error('no framework to open');
  const rows: Record<string, number | string>[] = [];
  for (let run = 0; run < runs; run += 1) {
    await page.goto(`${base}${href}`, { waitUntil: 'load' });
    const timing = await page.evaluate(() => {
      const [nav] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
      return {
        ttfbMs: Math.round(nav?.responseStart ?? 0),
        htmlKB: Math.round((nav?.decodedBodySize ?? 0) / 1024),
        domContentLoadedMs: Math.round(nav?.domContentLoadedEventEnd ?? 0),
        loadMs: Math.round(nav?.loadEventEnd ?? 0),
        elements: document.getElementsByTagName('*').length,
      };
    });
    // The folded editor says when its buttons respond (the old server-rendered forms had no such mark).
    const ready = page.locator('[data-tree-ready]');
    if ((await page.locator('section[aria-labelledby="tree-heading"] [data-control]').count()) > 0) {
      await ready.waitFor({ state: 'attached', timeout: 60_000 });
    }
    // One move of the first area down (and back): the click → new order round trip.
    const before = await topNames(page);
    const first = before[0] ?? '';
    const down = page.getByRole('button', { name: `Move ${first} down`, exact: true });
    const started = Date.now();
    await down.click();
    await page.waitForFunction(
      (name) => {
        const list = document.querySelector('section[aria-labelledby="tree-heading"] ul');
        const firstItem = list?.querySelector(':scope > li');
        return !!firstItem && !(firstItem.textContent ?? '').includes(name as string);
      },
      first,
      { timeout: 60_000 },
    );
    const moveMs = Date.now() - started;
    // The folded editor reorders at once and announces when the server has stored the move (a new version);
    // the old page only changed once the server's new page had arrived, so there both times are the same.
    const status = page.getByTestId('tree-status');
    if ((await status.count()) > 0) await status.filter({ hasText: 'Saved as version' }).waitFor({ timeout: 60_000 });
    const savedMs = Date.now() - started;
    // Back where it was, once the page has settled.
    await page.waitForTimeout(500);
    await page.reload({ waitUntil: 'load' });
    if ((await page.locator('section[aria-labelledby="tree-heading"] [data-control]').count()) > 0) {
      await ready.waitFor({ state: 'attached', timeout: 60_000 });
    }
    await page.getByRole('button', { name: `Move ${first} up`, exact: true }).click();
    await page.waitForTimeout(1500);
    rows.push({ run: run + 1, ...timing, moveMs, savedMs });
  }
  console.table(rows);
  const median = (key: string) => {
    const values = rows.map((row) => Number(row[key])).sort((a, b) => a - b);
    return values[Math.floor(values.length / 2)];
  };
  console.log(
    `median: ttfb ${median('ttfbMs')} ms, DOMContentLoaded ${median('domContentLoadedMs')} ms, load ${median('loadMs')} ms, move on screen ${median('moveMs')} ms, move saved ${median('savedMs')} ms, ${median('htmlKB')} KB HTML, ${median('elements')} elements`,
  );
  await browser.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
