import { test, expect, DEMO_USERS } from './fixtures';

test('signIn fills the form by label and leaves /sign-in', async ({ page, signIn, browser }) => {
  console.log('browser', browser.version());
  await signIn(page, DEMO_USERS.admin.email);
  await expect(page).toHaveURL(/\/home$/);
  await expect(page.getByText('admin@demo.skillgrid.dev:skillgrid-demo')).toBeVisible();
});
