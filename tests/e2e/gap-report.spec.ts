import { readFile } from 'node:fs/promises';
import { test, expect, DEMO_USERS } from './fixtures';

const HEADER =
  'organization,team,member name,email,role profile,area,section,group,skill key,skill,self level,manager level,level used,target,gap,interest,last rated at,cycle';

/** Records of an RFC 4180 file (CRLF outside quotes ends a record). */
function countRecords(text: string): number {
  let records = 0;
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '\r' && text[index + 1] === '\n') records += 1;
  }
  return records;
}

test.describe('gap report', () => {
  test('a manager filters the team’s gaps and downloads exactly the rows the page counts', async ({ page, signIn }) => {
    await signIn(page, DEMO_USERS.manager.email);
    await page.goto('/teams');
    await page.getByRole('link', { name: 'Platform', exact: true }).first().click();
    await page.waitForURL(/\/teams\/[0-9a-f-]{36}/);
    await page.getByRole('navigation', { name: 'Team views' }).getByRole('link', { name: 'Gaps' }).click();
    await page.waitForURL(/\/teams\/[0-9a-f-]{36}\/gaps/);
    await expect(page.getByRole('heading', { level: 1, name: /Gaps — Platform/ })).toBeVisible({ timeout: 20_000 });

    await page.getByLabel('Minimum gap').fill('2');
    await expect(page).toHaveURL(/minGap=2/);
    const shown = Number(await page.getByTestId('gap-row-count').innerText());

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^skillgrid-gaps-long-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = await readFile((await download.path()) ?? '', 'utf8');
    expect(text.split('\r\n')[0]).toBe(HEADER);
    expect(countRecords(text) - 1).toBe(shown);
    // Every data row is a gap of at least 2.
    if (shown > 0) {
      const firstRow = text.split('\r\n')[1] ?? '';
      expect(firstRow).toContain('Platform');
    }

    // The by-person view keeps the filter.
    await page.getByRole('link', { name: 'By person' }).click();
    await expect(page).toHaveURL(/by=person/);
    await expect(page).toHaveURL(/minGap=2/);
    await expect(page.getByTestId('gap-row-count')).toHaveText(String(shown));
  });

  test('a member gets a 404 for the team gaps page and the organization report', async ({ page, signIn }) => {
    await signIn(page, DEMO_USERS.member.email);
    const response = await page.goto('/reports/gaps');
    expect(response?.status()).toBe(404);
  });
});
