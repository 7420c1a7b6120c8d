import { expect, type Page } from '@playwright/test';
import { confirmSignUpByMail } from './mailbox';

export interface NewOrganization {
  name: string;
  adminName: string;
  email: string;
  password: string;
}

/** Signs up a brand-new organization through /sign-up and lands on its home page as its admin. */
export async function signUpNewOrganization(page: Page, label: string): Promise<NewOrganization> {
  const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
  const organization: NewOrganization = {
    name: `${label} ${stamp}`,
    adminName: `Founder ${stamp}`,
    email: `founder-${stamp}@example.test`,
    password: 'first-run-password-123',
  };
  await page.goto('/sign-up');
  await page.getByLabel('Your name').fill(organization.adminName);
  await page.getByLabel('Work email').fill(organization.email);
  await page.getByLabel('Password (at least 12 characters)').fill(organization.password);
  await page.getByLabel('Organization name').fill(organization.name);
  await page.getByRole('button', { name: 'Create organization' }).click();
  await confirmSignUpByMail(page, organization.email, organization.password);
  await expect(page.getByRole('heading', { level: 1, name: `Welcome, ${organization.adminName}` })).toBeVisible();
  return organization;
}
