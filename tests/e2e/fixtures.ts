/**
 * The Playwright `test` every e2e spec imports: adds a `signIn` fixture that
 * signs a page in through the real form, and re-exports the demo credentials.
 *
 *   import { test, expect, DEMO_USERS } from './fixtures';
 *   test('…', async ({ page, signIn }) => { await signIn(page, DEMO_USERS.admin.email); … });
 */
import { test as base, expect, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../db/seed/demo-credentials';

export * from '../../db/seed/demo-credentials';
export { expect };

export type SignIn = (page: Page, email: string, password?: string) => Promise<void>;

/**
 * Fills the sign-in form by its labels and waits until the app has navigated
 * away from /sign-in. A page already on /sign-in (say, redirected there with a
 * callbackUrl) is signed in where it is; any other page goes to /sign-in first.
 */
export async function signIn(page: Page, email: string, password: string = DEMO_PASSWORD): Promise<void> {
  const current = page.url();
  const onSignIn = current.startsWith('http') && new URL(current).pathname.startsWith('/sign-in');
  if (!onSignIn) await page.goto('/sign-in');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  // Exact: with single sign-on configured there is also "Sign in with …".
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

export const test = base.extend<{ signIn: SignIn }>({
  // Depends on baseURL only so that the helper's relative `/sign-in` has a base.
  // (`provide`, not Playwright's usual `use`: react-hooks lint takes `use(...)` for the React hook.)
  signIn: async ({ baseURL }, provide) => {
    if (!baseURL) throw new Error('signIn needs `use.baseURL` in playwright.config.ts');
    await provide(signIn);
  },
});
