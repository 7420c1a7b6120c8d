import { test, expect, DEMO_USERS } from './fixtures';

test.describe('endorsements', () => {
  test('a member endorses a teammate’s rating from their profile: saved with the comment, without the teammate’s level', async ({
    page,
    signIn,
  }) => {
    await signIn(page, DEMO_USERS.member.email);
    await page.goto('/me');
    // The profile lists the teammates one may endorse; the first opens their page.
    const teammates = page.getByRole('region', { name: 'Endorsements of my ratings' });
    const teammate = teammates.getByRole('link').first();
    const teammateName = (await teammate.textContent())!.trim();
    await teammate.click();
    await expect(page).toHaveURL(/\/people\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: teammateName })).toBeVisible();

    // The first skill not yet endorsed by this member (a rerun on the same database takes the next one).
    const endorse = page.getByRole('button', { name: new RegExp(`^Endorse ${teammateName}’s `) }).first();
    const skillName = ((await endorse.getAttribute('aria-label')) ?? '').replace(`Endorse ${teammateName}’s `, '');
    const skill = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { level: 2, name: skillName, exact: true }) });
    // A peer sees skill names only, never the teammate's levels.
    await expect(skill.getByRole('heading', { level: 2 })).not.toContainText('level');
    await endorse.click();
    const comment = `Paired with them on this — ${Date.now().toString(36)}`;
    await skill.getByLabel(`Comment for ${teammateName} (optional)`).fill(comment);
    await skill.getByRole('button', { name: `Endorse ${skillName}` }).click();

    const given = skill.getByRole('list', { name: 'Endorsements' }).getByRole('listitem').filter({ hasText: comment });
    await expect(given).toContainText('Endorsed by Sam Okafor');
    await expect(given).not.toContainText('for level');
    await expect(
      skill.getByRole('button', { name: `Withdraw your endorsement of ${teammateName}’s ${skillName}` }),
    ).toBeVisible();

    // Stored, not just shown.
    await page.reload();
    await expect(page.getByText(comment)).toBeVisible();
  });
});
