/**
 * The framework editor end to end: an admin renames a skill, moves one with
 * the keyboard, archives a third and renames a proficiency level; every change
 * is published as the next framework version, the page passes axe, and the
 * demo member's /assess shows the new name and no longer the archived skill.
 *
 * Re-runnable against the same database (a reused local server): it works on
 * whichever skills are live in the group at the time and names things with a
 * per-run stamp.
 */
import type { Page } from '@playwright/test';
import { axeViolations } from './axe';
import { DEMO_USERS, expect, test } from './fixtures';

const SECTION = 'Advanced Python Concepts';
const SECTION_KEY = 'advanced-python-concepts';
const GROUP = 'Functional Programming';
const GROUP_KEY = `${SECTION_KEY}/functional-programming`;
const stamp = Date.now().toString(36);

/** The live skills of the group, in the order the editor shows them. */
async function liveSkillNames(page: Page): Promise<string[]> {
  return page
    .locator(`li[data-node-key="${GROUP_KEY}"] > ul > li[data-kind="skill"]:not([data-archived])`)
    .evaluateAll((items) =>
      items.map((item) => item.querySelector(':scope > [data-row] [data-control="name"]')?.textContent?.trim() ?? ''),
    );
}

async function openGroup(page: Page): Promise<void> {
  // Buttons clicked before hydration would do nothing.
  await expect(page.locator('[data-tree-ready]')).toBeAttached({ timeout: 30_000 });
  const section = page.getByRole('button', { name: SECTION, exact: true });
  if ((await section.getAttribute('aria-expanded')) !== 'true') await section.click();
  const group = page.getByRole('button', { name: GROUP, exact: true });
  if ((await group.getAttribute('aria-expanded')) !== 'true') await group.click();
  await expect(group).toHaveAttribute('aria-expanded', 'true');
}

test.describe('framework editor', () => {
  test.describe.configure({ timeout: 180_000 });

  test('rename, keyboard move, archive and a level rename each publish a version; /assess of the open cycle drops the archived skill; no axe violations', async ({
    page,
    browser,
    signIn,
  }) => {
    await signIn(page, DEMO_USERS.admin.email);
    await page.goto('/admin/frameworks');
    await page.getByTestId('framework-python-devops-mastery').getByRole('link', { name: /^Edit/ }).click();
    await page.waitForURL(/\/admin\/frameworks\/[0-9a-f-]{36}$/);
    const version = page.getByTestId('framework-version');
    const start = Number((await version.innerText()).replace(/\D/g, ''));
    expect(start).toBeGreaterThan(0);
    const status = page.getByTestId('tree-status');

    // Folded by default: the group's skills are not on the page until opened.
    await expect(page.locator(`li[data-node-key="${GROUP_KEY}"]`)).toHaveCount(0);
    await openGroup(page);
    const names = await liveSkillNames(page);
    expect(names.length).toBeGreaterThanOrEqual(4);
    const [first, second, third] = names as [string, string, string];

    // 1. Rename (the editor opens focused on the name; focus returns to its Edit button).
    const renamed = `Function composition ${stamp}`;
    await page.getByRole('button', { name: `Edit ${first}`, exact: true }).click();
    const nameField = page.getByLabel('Name', { exact: true });
    await expect(nameField).toBeFocused();
    await nameField.fill(renamed);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(status).toContainText(`Saved as version ${start + 1}.`);
    await expect(version).toHaveText(`Version ${start + 1}`);
    await expect(page.getByRole('button', { name: `Edit ${renamed}`, exact: true })).toBeFocused();

    // 2. Move the second skill down with the keyboard only: focus stays on its button, the move is announced.
    const down = page.getByRole('button', { name: `Move ${second} down`, exact: true });
    await down.focus();
    await page.keyboard.press('Enter');
    await expect(status).toContainText(
      `Moved ${second} down, now 3 of ${names.length}. Saved as version ${start + 2}.`,
    );
    await expect(version).toHaveText(`Version ${start + 2}`);
    await expect(down).toBeFocused();
    expect((await liveSkillNames(page)).slice(0, 3)).toEqual([renamed, third, second]);

    // 3. Archive the (now second) third skill after confirming.
    await page.getByRole('button', { name: `Archive ${third}`, exact: true }).click();
    const confirm = page.getByRole('button', { name: 'Archive', exact: true });
    await expect(confirm).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(status).toContainText(`Archived ${third}. Saved as version ${start + 3}.`);
    await expect(page.getByRole('button', { name: `Restore ${third}`, exact: true })).toBeFocused();
    await expect(version).toHaveText(`Version ${start + 3}`);

    // 4. Rename proficiency level 1.
    const levelName = `Aware ${stamp}`;
    await page.getByLabel('Level 1 name').fill(levelName);
    await page.getByRole('button', { name: 'Save level 1' }).click();
    await expect(page.getByText(`Saved as version ${start + 4}.`)).toBeVisible();
    await expect(version).toHaveText(`Version ${start + 4}`);
    await expect(page.getByRole('table').locator('tbody tr').first().locator('td').first()).toHaveText(
      String(start + 4),
    );

    // Everything above was stored, not just shown. Found from the folded tree by its new name.
    await page.reload();
    await expect(page.locator('[data-tree-ready]')).toBeAttached({ timeout: 30_000 });
    await page.getByLabel('Find a node').fill(stamp);
    await expect(page.getByText('1 node matches')).toBeVisible();
    await expect(page.getByRole('button', { name: `Edit ${renamed}`, exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: `Edit ${second}`, exact: true })).toHaveCount(0);
    await page.getByLabel('Find a node').fill('');
    await openGroup(page);
    expect((await liveSkillNames(page)).slice(0, 2)).toEqual([renamed, second]);
    await expect(page.getByLabel('Level 1 name')).toHaveValue(levelName);

    // Accessibility with the tree open and an inline editor showing.
    await page.getByRole('button', { name: `Edit ${second}`, exact: true }).click();
    expect(await axeViolations(page, 'all')).toEqual([]);

    // The demo's open cycle is bound to the framework version it was opened with: the archived skill
    // leaves its /assess at once (nobody rates a retired skill), while names stay those of the cycle's
    // version until the next cycle (tests/integration/frameworks/cycle-version.test.ts covers both).
    const memberContext = await browser.newContext();
    const member = await memberContext.newPage();
    await signIn(member, DEMO_USERS.member.email);
    await member.goto(`/assess?section=${SECTION_KEY}`);
    await expect(member.locator('[data-assessment-ready]')).toBeAttached({ timeout: 30_000 });
    await expect(member.getByRole('group', { name: first })).toBeVisible();
    // Each row's own name (without badges such as "carried over").
    const assessed = await member
      .locator('[data-skill-id]')
      .evaluateAll((rows) =>
        rows.map((row) => row.querySelector('p[id$="-name"]')?.firstChild?.textContent?.trim() ?? ''),
      );
    expect(assessed).toContain(first);
    expect(assessed).toContain(second);
    expect(assessed).not.toContain(third);
    expect(assessed).not.toContain(renamed);
    await memberContext.close();

    // Leave the demo framework with every skill live for the specs that count them.
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: `Restore ${third}`, exact: true }).click();
    await expect(version).toHaveText(`Version ${start + 5}`);
  });
});
