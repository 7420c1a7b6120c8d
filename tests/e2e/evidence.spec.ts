/**
 * Evidence links end to end: the demo member attaches labelled links to a
 * rating on /assess (a `javascript:` link is refused with a message, a sixth
 * is not offered), and their manager sees them while calibrating. Links open
 * in a new tab without giving the linked page access to Skillgrid
 * (target="_blank", rel="noopener noreferrer").
 *
 * Re-runnable on the same database: the member's links on the skill are
 * cleared first.
 */
import type { Locator, Page } from '@playwright/test';
import { DEMO_USERS, expect, test } from './fixtures';

const SECTION_KEY = 'core-python-fundamentals';
const stamp = Date.now().toString(36);

async function addLink(panel: Locator, url: string, label: string): Promise<void> {
  await panel.getByLabel('Link (http or https)').fill(url);
  await panel.getByLabel('Label', { exact: true }).fill(label);
  await panel.getByRole('button', { name: 'Add link' }).click();
}

async function expectSafeAnchor(page: Page, label: string, url: string): Promise<void> {
  const anchor = page.getByRole('link', { name: label, exact: true });
  await expect(anchor).toHaveAttribute('href', url);
  await expect(anchor).toHaveAttribute('target', '_blank');
  await expect(anchor).toHaveAttribute('rel', 'noopener noreferrer');
}

test.describe('evidence links', () => {
  test.describe.configure({ timeout: 180_000 });

  test('a member attaches links to a rating (only http/https, at most 5) and the manager sees them when calibrating', async ({
    browser,
    signIn,
  }) => {
    const memberContext = await browser.newContext();
    const member = await memberContext.newPage();
    await signIn(member, DEMO_USERS.member.email);
    await member.goto(`/assess?section=${SECTION_KEY}`);
    await expect(member.locator('[data-assessment-ready]')).toBeAttached({ timeout: 30_000 });

    // The section's first skill, rated so that it is listed on the calibration page.
    const row = member.locator('[data-skill-id]').first();
    const skillName = await row.evaluate(
      (element) => element.querySelector('p[id$="-name"]')?.firstChild?.textContent?.trim() ?? '',
    );
    expect(skillName).not.toBe('');
    await row
      .locator('label')
      .filter({ has: member.locator('input[value="3"]') })
      .click();
    await expect(member.getByTestId('save-status')).toHaveText('All changes saved', { timeout: 20_000 });

    await row
      .getByRole('button', {
        name: new RegExp(`^Evidence \\(\\d\\) for ${skillName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
      })
      .click();
    const panel = row.locator('[id$="-panel"]');
    const status = panel.locator('[aria-live="polite"]');
    // Earlier runs' links go first.
    const evidenceButton = row.getByRole('button', { name: /^Evidence \(\d\)/ });
    for (let left = await panel.getByRole('button', { name: /^Remove / }).count(); left > 0; left -= 1) {
      await panel
        .getByRole('button', { name: /^Remove / })
        .first()
        .click();
      await expect(evidenceButton).toHaveText(new RegExp(`^Evidence \\(${left - 1}\\)`));
    }
    await expect(panel.getByText('No links yet')).toBeVisible();

    // A javascript: link is refused and nothing is stored.
    await addLink(panel, 'javascript:alert(document.cookie)', 'Sneaky');
    await expect(status).toContainText('Only http and https links are allowed.');
    await expect(panel.getByRole('link')).toHaveCount(0);
    await expect(row.getByRole('button', { name: /^Evidence \(0\)/ })).toBeVisible();

    // Five good ones.
    const links = Array.from({ length: 5 }, (_, index) => ({
      url: `https://github.com/example/infra/pull/${100 + index}`,
      label: `PR ${100 + index} ${stamp}`,
    }));
    for (const [index, link] of links.entries()) {
      await addLink(panel, link.url, link.label);
      await expect(status).toContainText(`Evidence saved (${index + 1}).`);
    }
    await expect(row.getByRole('button', { name: /^Evidence \(5\)/ })).toBeVisible();
    // A sixth is refused: the form is gone and the reason is given.
    await expect(panel.getByRole('button', { name: 'Add link' })).toHaveCount(0);
    await expect(panel.getByText('5 links is the most a rating can hold')).toBeVisible();
    await expectSafeAnchor(member, links[0]!.label, links[0]!.url);

    // Still there after a reload (stored, not just shown).
    await member.reload();
    await expect(member.locator('[data-assessment-ready]')).toBeAttached({ timeout: 30_000 });
    await expect(
      member
        .locator('[data-skill-id]')
        .first()
        .getByRole('button', { name: /^Evidence \(5\)/ }),
    ).toBeVisible();
    await memberContext.close();

    // The manager of the member's team sees the links beside the self rating.
    const managerContext = await browser.newContext();
    const manager = await managerContext.newPage();
    await signIn(manager, DEMO_USERS.manager.email);
    await manager.goto('/teams');
    await manager.getByRole('link', { name: 'Platform', exact: true }).first().click();
    await manager.waitForURL(/\/teams\/[0-9a-f-]{36}/);
    const teamId = new URL(manager.url()).pathname.split('/')[2];
    await manager.goto(`/teams/${teamId}/calibration`);
    await manager.getByRole('link', { name: 'Sam Okafor' }).first().click();
    await expect(manager.getByRole('heading', { level: 1, name: 'Calibrate Sam Okafor' })).toBeVisible();
    // The calibration board lists the open section's skills, each an item named "<skill>: self …, yours …".
    const skillRow = manager
      .getByRole('listitem', { name: new RegExp(`^${skillName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: self `) })
      .first();
    await expect(skillRow.getByRole('link')).toHaveCount(5);
    for (const link of links) await expectSafeAnchor(manager, link.label, link.url);
    await managerContext.close();
  });
});
