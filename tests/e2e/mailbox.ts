import { expect, type Page } from '@playwright/test';

/**
 * Sign-up mails a confirmation link and creates the organization only when it
 * is followed (issue 17). The e2e server has no SMTP, so the mail waits in the
 * development outbox (/dev/mail, MAIL_DEV_PAGE=true): this opens it, follows
 * the newest confirmation link for `email`, types the sign-up password and
 * lands, signed in, on the new organization's home page.
 */
export async function confirmSignUpByMail(page: Page, email: string, password: string): Promise<void> {
  await expect(page.getByRole('status')).toContainText('Check your inbox');
  await page.goto('/dev/mail');
  const mail = page
    .getByRole('article')
    .filter({ hasText: email })
    .filter({ hasText: 'Confirm your email address for Skillgrid' })
    .first();
  await mail.getByRole('link', { name: /\/verify-email\// }).click();
  await page.getByLabel('The password you chose when you signed up').fill(password);
  await page.getByRole('button', { name: /^Confirm/ }).click();
  await page.waitForURL((url) => url.pathname === '/', { timeout: 60_000 });
}
