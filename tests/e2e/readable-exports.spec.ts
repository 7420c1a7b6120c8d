import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { DEMO_USERS, expect, test } from './fixtures';

/*
 * Issue 18, exports people can read: the wide CSV has short column headers
 * ("S12 Decorators · level") in framework order, the legend names each column
 * in full, and the long CSV lists each member's skills in the same framework
 * order (not by name or id).
 */

/** RFC 4180 records (quotes, doubled quotes, CRLF inside quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i += 1) {
    const char = body[i]!;
    if (quoted) {
      if (char === '"' && body[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && body[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += char;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

async function download(page: Page, name: string): Promise<string[][]> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name, exact: true }).click(),
  ]);
  return parseCsv(await readFile((await file.path()) ?? '', 'utf8'));
}

test('the wide CSV has short headers in framework order with a legend, and the long CSV follows the same order', async ({
  page,
  signIn,
}) => {
  // One team's report (the manager's Platform): the same files as the organization's, fewer rows to download.
  await signIn(page, DEMO_USERS.manager.email);
  await page.goto('/teams');
  await page.getByRole('link', { name: 'Platform', exact: true }).first().click();
  await page.getByRole('navigation', { name: 'Team views' }).getByRole('link', { name: 'Gaps' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Gaps — Platform/ })).toBeVisible();

  const [wideHeader = [], ...wideRows] = await download(page, 'Download CSV (one row per member)');
  expect(wideHeader.slice(0, 6)).toEqual(['organization', 'team', 'member name', 'email', 'role profile', 'cycle']);
  const skillColumns = wideHeader.slice(6);
  expect(skillColumns.length).toBeGreaterThan(0);
  expect(wideRows.length).toBeGreaterThan(0);
  // Short: S<n> then at most 24 characters of the name, then "· level" / "· gap"; numbered in order.
  skillColumns.forEach((header, index) => {
    expect(header.length).toBeLessThanOrEqual(40);
    expect(header).toMatch(new RegExp(`^S${Math.floor(index / 2) + 1} .+ · ${index % 2 === 0 ? 'level' : 'gap'}$`));
  });

  const [legendHeader = [], ...legend] = await download(page, 'Column legend for the one-row-per-member CSV');
  expect(legendHeader).toEqual([
    'column',
    'level column',
    'gap column',
    'skill key',
    'skill',
    'area',
    'section',
    'group',
  ]);
  expect(legend.map((row) => row[1])).toEqual(skillColumns.filter((_, index) => index % 2 === 0));
  expect(legend.map((row) => row[2])).toEqual(skillColumns.filter((_, index) => index % 2 === 1));
  // Framework order: the areas come in one block each, in the framework's order (the seed's Technical first).
  const areas = legend.map((row) => row[5]);
  const areaBlocks = areas.filter((area, index) => area !== areas[index - 1]);
  expect(new Set(areaBlocks).size).toBe(areaBlocks.length);
  expect(areaBlocks[0]).toBe('Technical');

  const [longHeader = [], ...longRows] = await download(page, 'Download CSV');
  const keyAt = longHeader.indexOf('skill key');
  const memberAt = longHeader.indexOf('email');
  expect(keyAt).toBeGreaterThan(0);
  const place = new Map(legend.map((row, index) => [row[3], index]));
  // Within each member, the rows' skills come in the legend's (framework) order.
  let previous = { member: '', place: -1 };
  for (const row of longRows) {
    const at = place.get(row[keyAt]!) ?? -1;
    expect(at, `skill ${row[keyAt]} is in the legend`).toBeGreaterThanOrEqual(0);
    if (row[memberAt] === previous.member) expect(at).toBeGreaterThan(previous.place);
    previous = { member: row[memberAt]!, place: at };
  }
});
