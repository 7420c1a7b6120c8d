import { test, expect, DEMO_USERS } from './fixtures';

test.describe('team coverage', () => {
  test('a manager sees key-person risks on their team; a member gets a 404 for the same URL', async ({
    browser,
    signIn,
  }) => {
    const managerContext = await browser.newContext();
    const manager = await managerContext.newPage();
    await signIn(manager, DEMO_USERS.manager.email);
    await manager.goto('/teams');
    await manager.getByRole('link', { name: 'Platform', exact: true }).first().click();
    await manager.waitForURL(/\/teams\/[0-9a-f-]{36}/);
    const teamId = new URL(manager.url()).pathname.split('/')[2];
    expect(teamId).toBeTruthy();
    const coverageUrl = `/teams/${teamId}/coverage`;

    await manager.goto(coverageUrl);
    await expect(manager.getByRole('heading', { level: 1, name: /Coverage/ })).toBeVisible();
    await expect(manager.getByText(/bus factor [01]/).first()).toBeVisible();
    // The switch keeps the page working on manager ratings too.
    await manager.getByLabel('Ratings shown').selectOption('manager-else-self');
    await expect(manager).toHaveURL(/view=manager-else-self/);
    await expect(manager.getByRole('heading', { name: 'By section' })).toBeVisible();

    await manager.goto(`/teams/${teamId}/calibration`);
    await expect(manager.getByRole('heading', { level: 1, name: /Calibration/ })).toBeVisible();
    await managerContext.close();

    const memberContext = await browser.newContext();
    const member = await memberContext.newPage();
    await signIn(member, DEMO_USERS.member.email);
    const response = await member.goto(coverageUrl);
    expect(response?.status()).toBe(404);
    const people = await member.goto('/people');
    expect(people?.status()).toBe(404);
    await memberContext.close();
  });
});
