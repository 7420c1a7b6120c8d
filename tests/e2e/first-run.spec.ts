import { expect, test } from './fixtures';
import { signUpNewOrganization } from './new-organization';

test(
  'a new organization’s admin follows the first-run checklist from sign-up to an open cycle',
  { tag: '@own-organization' },
  async ({ page }) => {
    // Many steps, each a server round trip, on a small shared machine.
    test.setTimeout(180_000);
    const organization = await signUpNewOrganization(page, 'First Run');
    const checklist = page.getByRole('region', { name: `Set up ${organization.name}` });
    await expect(checklist).toContainText('0 of 4 done');
    // An admin is never told to wait for "your admin".
    await expect(page.getByText(/your admin/i)).toHaveCount(0);

    // 1. A framework, from a starter template.
    await checklist.getByRole('link', { name: 'Choose a framework' }).click();
    await expect(page).toHaveURL(/\/admin\/frameworks#templates$/);
    await page.getByRole('button', { name: 'Import Frontend Engineering' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'Imported “Frontend Engineering” as version 1.' }),
    ).toBeVisible();
    await expect(page.getByTestId('framework-frontend-engineering')).toContainText('45 skills');

    await page.goto('/');
    await expect(checklist).toContainText('1 of 4 done');
    await expect(checklist.locator('[data-step="framework"]')).toHaveAttribute('data-done', 'true');

    // 2. An invitation.
    await checklist.getByRole('link', { name: 'Invite people' }).click();
    await expect(page).toHaveURL(/\/admin\/invitations$/);
    await page.getByLabel('Email', { exact: true }).fill(`colleague-${Date.now()}@example.test`);
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    await expect(page.getByText(/Invitation created for/)).toBeVisible();

    // 3. A team.
    await page.goto('/');
    await expect(checklist).toContainText('2 of 4 done');
    await checklist.getByRole('link', { name: 'Create teams' }).click();
    await expect(page).toHaveURL(/\/admin\/teams$/);
    await page.getByLabel('New team name').fill('Web');
    await page.getByRole('button', { name: 'Create team' }).click();
    await expect(page.getByRole('link', { name: 'Web', exact: true })).toBeVisible();

    // 4. The first cycle.
    await page.goto('/');
    await expect(checklist).toContainText('3 of 4 done');
    await checklist.getByRole('link', { name: 'Open a cycle' }).click();
    await expect(page).toHaveURL(/\/admin\/cycles$/);
    const year = new Date().getUTCFullYear();
    await page.getByLabel('Name', { exact: true }).fill('First cycle');
    await page.getByLabel('Opens on').fill(`${year}-01-01`);
    await page.getByLabel('Closes on').fill(`${year + 1}-12-31`);
    await page.getByRole('button', { name: 'Open cycle' }).click();
    await expect(page.getByRole('status').filter({ hasText: /First cycle/ })).toBeVisible();

    // Done: the checklist is gone and home leads to the assessment.
    await page.goto('/');
    await expect(page.getByTestId('first-run-checklist')).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'Current assessment cycle' })).toContainText('First cycle');
    await page.getByRole('link', { name: 'Continue your assessment' }).click();
    await expect(page).toHaveURL(/\/assess/);

    // The framework's Markdown is rendered, not shown raw: `button` is code, *not* is emphasis.
    const semantic = page.locator('[data-skill-id]').filter({ hasText: 'Semantic HTML' });
    await expect(semantic.locator('code').first()).toHaveText('button');
    await expect(semantic).not.toContainText('`');
    const aria = page.locator('[data-skill-id]').filter({ hasText: 'When not to use it' });
    await expect(aria.locator('em')).toHaveText('not');
  },
);
