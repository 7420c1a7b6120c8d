import { DEMO_USERS, expect, test } from './fixtures';

test('the demo manager signs in and sees the organization, the framework counts and the open cycle', async ({
  page,
  signIn,
}) => {
  await signIn(page, DEMO_USERS.manager.email);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('active-organization')).toHaveText('Acme Robotics');
  const framework = page.getByRole('region', { name: 'Skills framework' });
  await expect(framework.getByText('Areas').locator('..')).toContainText('3');
  await expect(framework.getByText('Sections').locator('..')).toContainText('18');
  await expect(framework.getByText('Skills', { exact: true }).locator('..')).toContainText('320');
  await expect(page.getByRole('region', { name: 'Current assessment cycle' })).toContainText('2026 Q4');
  // Their team, with what waits for them, one link from each detail.
  const teams = page.getByRole('region', { name: 'Teams you manage' });
  await expect(teams.getByRole('link', { name: 'Platform', exact: true })).toBeVisible();
  // People finished and ratings done are two figures, each named: never "5 of 10 done" beside "68% done".
  await expect(teams.getByRole('link', { name: /^\d+ of \d+ members$/ })).toHaveAttribute('href', /\/completion$/);
  await expect(teams.getByTestId('team-ratings-done').first()).toHaveText(/^Ratings: \d+% done \(\d+ rated/);
  await expect(teams.getByRole('link', { name: /^\d+ self ratings?$/ })).toHaveAttribute('href', /\/calibration$/);
});

test('a wrong password is refused with a message, and pages need a session', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel('Email', { exact: true }).fill(DEMO_USERS.member.email);
  await page.getByLabel('Password', { exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'do not match' })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
});

test('health check answers without a session', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: 'ok', db: 'ok' });
});
