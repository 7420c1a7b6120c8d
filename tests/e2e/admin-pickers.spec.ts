import { expect, test } from './fixtures';
import { signUpNewOrganization } from './new-organization';

/**
 * The admin pages' person pickers (components/admin/pick-person-form.tsx) send the chosen person with the
 * hidden field of the page they sit on: a team's id, a role profile's id. A new organization, so the demo
 * data other specs read is untouched; its founder is the one person to pick.
 */
test(
  'an admin adds a person to a team, makes them its manager and gives them a role profile',
  { tag: '@own-organization' },
  async ({ page }) => {
    test.setTimeout(90_000);
    const organization = await signUpNewOrganization(page, 'Pickers');
    const founder = `${organization.adminName} — ${organization.email}`;

    await page.goto('/admin/teams');
    await page.getByLabel('New team name').fill('Platform');
    await page.getByRole('button', { name: 'Create team' }).click();
    await page.getByRole('link', { name: 'Platform' }).click();

    const members = page.getByRole('region', { name: 'Members' });
    await members.getByLabel('Person to add').selectOption({ label: `${founder} (admin)` });
    await members.getByRole('button', { name: 'Add to team' }).click();
    await expect(members.getByRole('button', { name: `Remove ${organization.adminName} from Platform` })).toBeVisible();
    await expect(members.getByText('Every active member is already on this team.')).toBeVisible();

    const managers = page.getByRole('region', { name: 'Managers' });
    await managers.getByLabel('Add a manager').selectOption({ label: `${founder} (admin)` });
    await managers.getByRole('button', { name: 'Assign manager' }).click();
    await expect(managers.getByRole('button', { name: `Remove ${organization.adminName} as manager` })).toBeVisible();

    await page.goto('/admin/roles');
    await page.getByLabel('New profile name').fill('Platform engineer');
    await page.getByRole('button', { name: 'Create profile' }).click();
    await page.getByRole('link', { name: 'Platform engineer' }).click();
    const assigned = page.getByRole('region', { name: /Members with this profile/ });
    await assigned.getByLabel('Member to assign').selectOption({ label: founder });
    await assigned.getByRole('button', { name: 'Assign profile' }).click();
    await expect(assigned.getByRole('heading', { name: 'Members with this profile (1)' })).toBeVisible();
    await expect(
      assigned.getByRole('button', { name: `Remove ${organization.adminName} from Platform engineer` }),
    ).toBeVisible();
  },
);
