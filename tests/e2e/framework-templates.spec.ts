import { expect, test } from './fixtures';
import { signUpNewOrganization } from './new-organization';

const TEMPLATES = [
  { name: 'Python DevOps Mastery', key: 'python-devops-mastery', skills: 320 },
  { name: 'Frontend Engineering', key: 'frontend-engineering', skills: 45 },
  { name: 'Data Engineering', key: 'data-engineering', skills: 42 },
  { name: 'Site Reliability and Platform Engineering', key: 'site-reliability-platform', skills: 42 },
  { name: 'Engineering Management', key: 'engineering-management', skills: 42 },
];

test(
  'every starter framework imports in one click, is listed with its skills, and can be edited after',
  { tag: '@own-organization' },
  async ({ page }) => {
    // Many steps, each a server round trip, on a small shared machine.
    test.setTimeout(180_000);
    await signUpNewOrganization(page, 'Templates');
    await page.goto('/admin/frameworks');
    const library = page.getByRole('region', { name: 'Start from a template' });
    for (const template of TEMPLATES) {
      const card = library.getByTestId(`template-${template.key}`);
      await expect(card).toContainText(`${template.skills} skills`);
      await card.getByRole('button', { name: `Import ${template.name}` }).click();
      await expect(card.getByRole('status')).toContainText(`Imported “${template.name}” as version 1.`);
      await expect(page.getByTestId(`framework-${template.key}`)).toContainText(`${template.skills} skills`);
      await expect(card.getByRole('link', { name: `Edit ${template.name}` })).toBeVisible();
    }

    // Imported templates are ordinary frameworks: the editor opens on one.
    await page
      .getByTestId('framework-engineering-management')
      .getByRole('link', { name: 'Edit Engineering Management' })
      .click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Engineering Management');
  },
);
