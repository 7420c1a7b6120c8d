import { test, expect, DEMO_USERS } from './fixtures';

/** YYYY-MM-DD `days` from today (UTC, as the server's dates). */
const isoDay = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

// One certification travels through both tests: the member records it, their manager sees it expire soon.
const name = `Certified Kubernetes Administrator ${Date.now().toString(36)}`;
const expiresOn = isoDay(30);

test.describe.serial('certifications', () => {
  test('a member adds a certification: dates out of order and a non-http link get a clear message and save nothing', async ({
    page,
    signIn,
  }) => {
    await signIn(page, DEMO_USERS.member.email);
    await page.goto('/me/certifications');
    await expect(page.getByRole('heading', { level: 1, name: 'My certifications' })).toBeVisible();
    const form = page.getByRole('region', { name: 'Add a certification' });
    await form.getByLabel('Certification', { exact: true }).fill(name);
    await form.getByLabel('Issuer').fill('The Linux Foundation');
    await form.getByLabel('Issued on').fill(isoDay(-400));
    await form.getByLabel(/^Expires on/).fill(isoDay(-500));
    await form.getByLabel(/^Credential link/).fill('javascript:alert(1)');
    await form.getByLabel(/^Skills it proves/).selectOption({ index: 0 });
    await form.getByRole('button', { name: 'Add certification' }).click();

    await expect(form.getByText('The expiry date must be on or after the issue date.')).toBeVisible();
    await expect(form.getByText('Enter a link starting with https:// (or http://).')).toBeVisible();
    await expect(form.getByLabel(/^Expires on/)).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText(name)).toHaveCount(0);
    // What was typed stays for the correction (React resets a form after its action).
    await expect(form.getByLabel('Certification', { exact: true })).toHaveValue(name);
    await expect(form.getByLabel('Issuer')).toHaveValue('The Linux Foundation');

    // Corrected: saved, listed as valid with its days left, and the form is empty for the next one.
    await form.getByLabel(/^Expires on/).fill(expiresOn);
    await form.getByLabel(/^Credential link/).fill('https://www.credly.com/badges/e2e');
    await form.getByRole('button', { name: 'Add certification' }).click();
    const saved = page
      .getByRole('region', { name: /recorded$/ })
      .getByRole('listitem')
      .filter({ hasText: name });
    await expect(saved).toContainText(`Valid until ${expiresOn} (30 days left)`);
    await expect(saved).toContainText('Skills: ');
    await expect(form.getByLabel('Certification', { exact: true })).toHaveValue('');
  });

  test('the manager sees it in the team’s “expiring in the next 60 days” list', async ({ page, signIn }) => {
    await signIn(page, DEMO_USERS.manager.email);
    await page.goto('/teams');
    await page.getByRole('link', { name: 'Platform', exact: true }).click();
    await page.getByRole('link', { name: 'Certifications' }).click();
    await expect(
      page.getByRole('heading', { level: 2, name: 'Certifications expiring in the next 60 days' }),
    ).toBeVisible();
    const row = page.getByRole('table').getByRole('row').filter({ hasText: name });
    await expect(row.getByRole('rowheader')).toHaveText('Sam Okafor');
    await expect(row).toContainText(`Valid until ${expiresOn} (30 days left)`);
    await expect(row.getByRole('link')).toHaveAttribute('href', 'https://www.credly.com/badges/e2e');
  });
});
