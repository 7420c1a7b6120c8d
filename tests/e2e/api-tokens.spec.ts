import { expect, test } from './fixtures';
import { signUpNewOrganization } from './new-organization';

test(
  'an admin creates an API token, sees its secret once, calls the API with it, and revokes it',
  { tag: '@own-organization' },
  async ({ page }) => {
    test.setTimeout(180_000);
    await signUpNewOrganization(page, 'Tokens');
    await page.goto('/admin/api-tokens');
    await expect(page.getByText('No tokens yet.')).toBeVisible();

    await page.getByLabel('Name', { exact: true }).fill('BI export');
    await page.getByRole('checkbox', { name: /^Members members:read/ }).check();
    await page.getByRole('button', { name: 'Create token' }).click();
    const secretField = page.getByLabel(/Secret of “BI export” — copy it now/);
    await expect(secretField).toHaveValue(/^sg_[A-Za-z0-9_-]{43}$/);
    const secret = await secretField.inputValue();

    const members = await page.request.get('/api/v1/members', { headers: { authorization: `Bearer ${secret}` } });
    expect(members.status()).toBe(200);
    expect(((await members.json()) as { data: unknown[] }).data).toHaveLength(1);

    // Shown once: after a reload only its first characters are listed, with its last use.
    await page.reload();
    await expect(page.getByLabel(/copy it now/)).toHaveCount(0);
    await expect(page.locator('body')).not.toContainText(secret);
    const row = page.getByRole('row', { name: /BI export/ });
    await expect(row).toContainText(`${secret.slice(0, 9)}…`);
    await expect(row).toContainText('Active');
    await expect(row.getByRole('cell').nth(4)).not.toHaveText('Never');

    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Revoke the token BI export' }).click();
    await expect(row).toContainText('Revoked');
    const refused = await page.request.get('/api/v1/members', { headers: { authorization: `Bearer ${secret}` } });
    expect(refused.status()).toBe(401);
    expect(refused.headers()['content-type']).toBe('application/problem+json');
  },
);
