import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { signUpNewOrganization } from './new-organization';

async function createTeam(page: Page, name: string) {
  await page.goto('/admin/teams');
  await page.getByLabel('New team name').fill(name);
  await page.getByRole('button', { name: 'Create team' }).click();
  await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
}

test(
  'bulk invite by CSV: a bad line is named, the good lines are sent, and a re-run sends nothing new',
  { tag: '@own-organization' },
  async ({ page }) => {
    test.setTimeout(180_000);
    await signUpNewOrganization(page, 'Bulk');
    await createTeam(page, 'Web');
    const stamp = Date.now().toString(36);
    const csv = [
      'name,email,team,role',
      `Ada Lovelace,ada-${stamp}@example.test,Web,manager`,
      `Grace Hopper,grace-${stamp}@example.test,,member`,
      'Bad Line,not-an-email,Web,member',
      `Alan Turing,alan-${stamp}@example.test,Mainframe,member`,
    ].join('\n');

    await page.goto('/admin/invitations');
    const bulk = page.getByRole('region', { name: 'Invite many people' });
    const file = { name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) };
    await bulk.getByLabel('Or choose a CSV file').setInputFiles(file);
    await bulk.getByRole('button', { name: 'Check the list' }).click();
    await expect(bulk.getByRole('heading', { name: '2 to invite · 2 with errors · 0 skipped' })).toBeVisible();
    const lines = bulk.getByRole('region', { name: 'Every line of the list and what sending would do' });
    await expect(lines.locator('tr[data-status="error"]').filter({ hasText: 'not-an-email' })).toContainText(
      'is not a valid email address',
    );
    await expect(lines.locator('tr[data-status="error"]').filter({ hasText: 'alan-' })).toContainText(
      'Unknown team “Mainframe”',
    );

    await bulk.getByRole('button', { name: 'Send 2 invitations' }).click();
    await expect(bulk.getByRole('status')).toHaveText('2 invitations created; 2 lines skipped.');
    await expect(bulk.getByLabel(`Invitation link for ada-${stamp}@example.test`)).toHaveValue(/\/invite\//);

    // The same file again: the two sent are pending now, so nothing new would be sent.
    await page.reload();
    await bulk.getByLabel('Or choose a CSV file').setInputFiles(file);
    await bulk.getByRole('button', { name: 'Check the list' }).click();
    await expect(bulk.getByRole('heading', { name: '0 to invite · 2 with errors · 2 skipped' })).toBeVisible();
    await expect(bulk.getByRole('button', { name: 'Nobody new to invite' })).toBeDisabled();

    const list = page.getByRole('region', { name: /Invitations, newest first/ });
    await expect(list.getByRole('row').filter({ hasText: `ada-${stamp}@example.test` })).toContainText('Pending');
    await expect(list.getByRole('row').filter({ hasText: `ada-${stamp}@example.test` })).toContainText('Web');
  },
);

test(
  're-inviting a pending email says so, resends it, or replaces it keeping its team',
  { tag: '@own-organization' },
  async ({ page }) => {
    test.setTimeout(180_000);
    await signUpNewOrganization(page, 'Reinvite');
    await createTeam(page, 'Platform');
    const email = `again-${Date.now().toString(36)}@example.test`;
    const form = page.getByRole('region', { name: 'New invitation' });

    await page.goto('/admin/invitations');
    await form.getByLabel('Email', { exact: true }).fill(email);
    await form.getByLabel('Team (optional)').selectOption({ label: 'Platform' });
    await form.getByRole('button', { name: 'Invite', exact: true }).click();
    await expect(form.getByText(/Invitation created for/)).toBeVisible();

    // Again, without a team: nothing changes until the admin chooses.
    await form.getByLabel('Email', { exact: true }).fill(email);
    await form.getByLabel('Team (optional)').selectOption({ label: 'No team' });
    await form.getByRole('button', { name: 'Invite', exact: true }).click();
    const choice = form.getByTestId('pending-invitation-choice');
    await expect(choice).toContainText(`${email} already has a pending invitation to team Platform`);
    await expect(choice).toContainText('Replacing keeps the team Platform.');

    await choice.getByRole('button', { name: 'Resend the pending invitation' }).click();
    await expect(form.getByText(/Invitation resent with a new link/)).toBeVisible();
    await page.reload();
    const rows = page
      .getByRole('region', { name: /Invitations, newest first/ })
      .getByRole('row')
      .filter({ hasText: email });
    await expect(rows).toHaveCount(1);
    await expect(rows).toContainText('Pending');

    await form.getByLabel('Email', { exact: true }).fill(email);
    await form.getByRole('button', { name: 'Invite', exact: true }).click();
    await form.getByTestId('pending-invitation-choice').getByRole('button', { name: 'Replace it' }).click();
    await expect(form.getByText(/earlier invitation was withdrawn/)).toBeVisible();
    await page.reload();
    await expect(rows).toHaveCount(2);
    await expect(rows.filter({ hasText: 'Revoked' })).toHaveCount(1);
    await expect(rows.filter({ hasText: 'Pending' })).toContainText('Platform');
  },
);
