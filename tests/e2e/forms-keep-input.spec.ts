import { test, expect, DEMO_USERS } from './fixtures';

/**
 * A form the server refuses keeps what the reader typed (React resets a form after its action, which
 * used to empty the fields), ties the message to the field and moves focus there (components/ui/use-action-form.ts).
 * Nothing is saved by any of these submissions.
 */
test.describe('a refused form keeps its input', () => {
  test.beforeEach(async ({ page, signIn }) => {
    await signIn(page, DEMO_USERS.admin.email);
  });

  test('trust settings: an out-of-range month count', async ({ page }) => {
    await page.goto('/admin/settings');
    const form = page.getByRole('region', { name: 'Endorsements and stale ratings' });
    const endorsements = form.getByRole('checkbox', { name: /Endorsements on/ });
    const months = form.getByLabel('A rating is stale after (months)');
    const endorsementsWere = await endorsements.isChecked();
    await endorsements.setChecked(!endorsementsWere);
    await months.fill('0');
    await form.getByRole('button', { name: 'Save settings' }).click();

    await expect(months).toHaveAccessibleDescription('A rating can go stale after 1 month at the earliest.');
    await expect(months).toBeFocused();
    await expect(months).toHaveValue('0');
    await expect(endorsements).toBeChecked({ checked: !endorsementsWere });
    await expect(form.getByText('Please correct the highlighted fields.')).toBeVisible();
  });

  test('open a cycle: a due date after the closing date', async ({ page }) => {
    await page.goto('/admin/cycles');
    const form = page.getByRole('region', { name: 'Open a new cycle' });
    const year = new Date().getUTCFullYear() + 5;
    await form.getByLabel('Name', { exact: true }).fill('Refused cycle');
    await form.getByLabel('Opens on').fill(`${year}-01-01`);
    await form.getByLabel('Closes on').fill(`${year}-03-31`);
    const due = form.getByLabel('Due on (optional)');
    await due.fill(`${year}-04-15`);
    await form.getByRole('button', { name: 'Open cycle' }).click();

    await expect(due).toHaveAccessibleDescription(/must be on or before the closing date/);
    await expect(due).toBeFocused();
    await expect(due).toHaveValue(`${year}-04-15`);
    await expect(form.getByLabel('Name', { exact: true })).toHaveValue('Refused cycle');
    await expect(form.getByLabel('Closes on')).toHaveValue(`${year}-03-31`);
  });

  test('invite: an address that is not one', async ({ page }) => {
    await page.goto('/admin/invitations');
    const form = page.getByRole('region', { name: 'New invitation' });
    const email = form.getByLabel('Email');
    await email.fill('not-an-address');
    await form.getByLabel('Role').selectOption('manager');
    await form.getByRole('button', { name: 'Invite' }).click();

    await expect(email).toHaveAttribute('aria-invalid', 'true');
    await expect(email).toHaveAccessibleDescription(/.+/);
    await expect(email).toBeFocused();
    await expect(email).toHaveValue('not-an-address');
    await expect(form.getByLabel('Role')).toHaveValue('manager');
  });
});
