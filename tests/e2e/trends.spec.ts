import { DEMO_USERS, expect, test } from './fixtures';

/*
 * Issue 18, trends across the organization: the admin reaches them from
 * Reports, sees the charts with their numbers in tables, and the numbers
 * agree with each other and with the demo's two cycles (2026 Q2 closed,
 * 2026 Q4 open). The figures themselves are checked against the seeded
 * ratings in tests/integration/reports/trends.test.ts (demo seed).
 */
const level = (text: string) => (text.trim() === '—' ? null : Number(text));

test('an admin reads the organization trends: charts, tables, gaps closed that add up', async ({ page, signIn }) => {
  await signIn(page, DEMO_USERS.admin.email);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
  await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Trends' }).click();
  await expect(page).toHaveURL(/\/reports\/trends$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Trends' })).toBeVisible();

  // Charts (recharts arrives after the page is interactive) beside their tables.
  await expect(page.getByRole('img', { name: /Line chart of the average level per area/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /Stacked bar chart of the gaps/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /Bar chart of the average level per section/ })).toBeVisible();

  const areas = page.getByRole('table', { name: 'Average level per area in each cycle' });
  await expect(areas.getByRole('columnheader')).toHaveText(['Area', '2026 Q2', '2026 Q4 · open', 'Change']);
  await expect(areas.getByRole('rowheader')).toHaveText(['Technical', 'DevOps', 'Leadership']);
  for (const row of await areas.getByRole('row').all()) {
    const cells = await row.getByRole('cell').allInnerTexts();
    if (cells.length === 0) continue;
    const [q2, q4, change] = cells.map((cell) => cell.trim());
    for (const value of [q2, q4]) {
      const number = level(value ?? '');
      expect(number).not.toBeNull();
      expect(number!).toBeGreaterThanOrEqual(0);
      expect(number!).toBeLessThanOrEqual(4);
    }
    // The change column is the difference of the two cycles' numbers.
    const delta = Number(change!.replace('−', '-').replace('±', '').replace('+', ''));
    expect(delta).toBeCloseTo(level(q4!)! - level(q2!)!, 2);
  }

  const gaps = page.getByRole('table', { name: 'Gaps closed between consecutive cycles' });
  const rows = await gaps.getByRole('row').all();
  const numbers = async (index: number) =>
    (await rows[index]!.getByRole('cell').allInnerTexts()).slice(1).map((text) => Number.parseInt(text, 10));
  await expect(rows[1]!.getByRole('rowheader')).toHaveText('2026 Q2 → 2026 Q4');
  const [before, closed, narrowed, open] = await numbers(1);
  expect(before).toBeGreaterThan(0);
  expect(closed! + narrowed! + open!).toBe(before);
  // "All areas" is the sum of the area rows below it.
  const perArea = await Promise.all(rows.slice(2).map((_, index) => numbers(index + 2)));
  expect(perArea.reduce((sum, row) => sum + row[0]!, 0)).toBe(before);
  expect(perArea.reduce((sum, row) => sum + row[1]!, 0)).toBe(closed);
});
