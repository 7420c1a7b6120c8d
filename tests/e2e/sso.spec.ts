/**
 * Single sign-on end to end, in the browser, against a real OpenID Provider
 * (`oidc-provider`, started by playwright.config.ts from
 * scripts/e2e-oidc-provider.mjs): its login form takes the account's email, and
 * it vouches for the address except under @unverified.example. Issue 17.
 */
import type { Browser, Page } from '@playwright/test';
import { DEMO_USERS, expect, signIn, test } from './fixtures';

const IDP = 'Local IdP';

/** A fresh browser profile: each person in a scenario has their own cookies. */
async function person(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  return context.newPage();
}

/** Signs in through the identity provider's own login (and, when it asks, consent) pages; returns where the app landed. */
async function signInWithIdp(page: Page, email: string): Promise<URL> {
  await page.goto('/sign-in');
  const appOrigin = new URL(page.url()).origin;
  const backInApp = (url: URL) => url.origin === appOrigin && !url.pathname.startsWith('/api/auth');
  await page.getByRole('button', { name: `Sign in with ${IDP}` }).click();
  await page.waitForURL(/\/interaction\//);
  await page.locator('input[name="login"]').fill(email);
  await page.locator('input[name="password"]').fill('any password: the test provider checks none');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  const consent = page.getByRole('button', { name: 'Continue' });
  await expect
    .poll(async () => backInApp(new URL(page.url())) || (await consent.isVisible()), { timeout: 15_000 })
    .toBe(true);
  if (!backInApp(new URL(page.url()))) await consent.click();
  await page.waitForURL(backInApp);
  return new URL(page.url());
}

async function invite(page: Page, email: string, role: 'Member' | 'Admin'): Promise<void> {
  await page.goto('/admin/invitations');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Role', { exact: true }).selectOption({ label: role });
  await page.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(page.getByText(`Invitation created for ${email}`)).toBeVisible();
}

test('finding 1: a password sign-up under the victim’s address does not get the victim’s SSO invitation', async ({
  browser,
  baseURL,
}) => {
  // Unique per run, so the spec also passes against a server kept from an earlier run.
  const victim = `victim-${Date.now()}@company.example`;
  const attackerPassword = 'attacker chose this password';

  // The attacker signs up with a password under the victim's address: nothing usable is created.
  const attacker = await person(browser, baseURL);
  await attacker.goto('/sign-up');
  await attacker.getByLabel('Your name').fill('Mallory');
  await attacker.getByLabel('Work email').fill(victim);
  await attacker.getByLabel('Password (at least 12 characters)').fill(attackerPassword);
  await attacker.getByLabel('Organization name').fill(`Mallory ${Date.now().toString(36)}`);
  await attacker.getByRole('button', { name: 'Create organization' }).click();
  await expect(attacker.getByRole('status')).toContainText('Check your inbox');

  // The company's admin invites the victim as an admin.
  const admin = await person(browser, baseURL);
  await signIn(admin, DEMO_USERS.admin.email);
  await invite(admin, victim, 'Admin');

  // The victim signs in with SSO; the provider vouches for the address. They are an admin of the company.
  const victimPage = await person(browser, baseURL);
  const landed = await signInWithIdp(victimPage, victim);
  expect(landed.pathname).toBe('/');
  await victimPage.goto('/admin/members');
  await expect(victimPage.getByRole('heading', { level: 1 })).toContainText('Members');

  // The attacker's password is refused and /admin/members stays out of reach.
  await attacker.goto('/sign-in');
  await attacker.getByLabel('Email', { exact: true }).fill(victim);
  await attacker.getByLabel('Password', { exact: true }).fill(attackerPassword);
  await attacker.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(attacker.getByRole('alert').filter({ hasText: 'do not match' })).toBeVisible();
  await attacker.goto('/admin/members');
  await expect(attacker).toHaveURL(/\/sign-in/);
});

test('an identity provider that does not vouch for the email is refused', async ({ browser, baseURL }) => {
  const page = await person(browser, baseURL);
  const landed = await signInWithIdp(page, 'someone@unverified.example');
  expect(landed.pathname).toBe('/sign-in');
  await expect(
    page.getByRole('alert').filter({ hasText: 'has not verified someone@unverified.example' }),
  ).toBeVisible();
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
});

test('a deactivated member signing in with SSO is refused', async ({ browser, baseURL }) => {
  const stamp = Date.now().toString(36);
  const leaver = `leaver-${stamp}@company.example`;
  const admin = await person(browser, baseURL);
  await signIn(admin, DEMO_USERS.admin.email);
  await invite(admin, leaver, 'Member');

  const before = await person(browser, baseURL);
  expect((await signInWithIdp(before, leaver)).pathname).toBe('/');

  await admin.goto(`/admin/members?q=${encodeURIComponent(leaver)}`);
  // The provider's `name` claim is the address's local part.
  await admin.getByRole('button', { name: `Deactivate leaver-${stamp}` }).click();
  await admin.getByRole('button', { name: 'Deactivate', exact: true }).click();
  await expect(admin.getByRole('button', { name: `Reactivate leaver-${stamp}` })).toBeVisible();

  const after = await person(browser, baseURL);
  expect((await signInWithIdp(after, leaver)).pathname).toBe('/sign-in');
  await expect(
    after.getByRole('alert').filter({ hasText: 'No Skillgrid account or invitation matches' }),
  ).toBeVisible();
});

test('a new customer confirms the mailed link (development outbox) and lands in their organization', async ({
  browser,
  baseURL,
}) => {
  const email = `founder-${Date.now()}@startup.example`;
  const page = await person(browser, baseURL);
  await page.goto('/sign-up');
  await page.getByLabel('Your name').fill('Fay Founder');
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Password (at least 12 characters)').fill('founder long password');
  const organization = `Startup ${Date.now().toString(36)}`;
  await page.getByLabel('Organization name').fill(organization);
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByRole('status')).toContainText('Check your inbox');

  await page.getByRole('link', { name: 'open the development outbox' }).click();
  const mail = page.getByRole('article').filter({ hasText: email }).first();
  await expect(mail).toContainText('Confirm your email address for Skillgrid');
  await mail.getByRole('link', { name: /\/verify-email\// }).click();
  await page.getByLabel('The password you chose when you signed up').fill('founder long password');
  await page.getByRole('button', { name: 'Confirm and create the organization' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await expect(page.getByText(organization).first()).toBeVisible();
});
