import { DEMO_USERS, expect, test } from './fixtures';

// A fresh framework per run: the e2e database outlives a single run.
const stamp = Date.now().toString(36);
const title = `E2E Ladder ${stamp}`;
const key = `e2e-ladder-${stamp}`;

const valid = (skillName: string) => `# ${title}

## Delivery

### Pipelines
- **${skillName}**: Moving data on a schedule
- **Streaming**: Moving data as it happens

## Quality

### Testing
- **Data tests**: Assertions on every load
`;

// Line 7 repeats a skill of line 6.
const broken = `# ${title}

## Delivery

### Pipelines
- **Batch loads**: Moving data on a schedule
- **Batch loads**: The same skill again
`;

test('an admin uploads a broken file (line named, nothing changed), then a valid one, reviews the diff and confirms', async ({
  page,
  signIn,
}) => {
  await signIn(page, DEMO_USERS.admin.email);
  await page.goto('/admin/frameworks');
  await expect(page.getByRole('heading', { level: 1, name: 'Frameworks' })).toBeVisible();
  const fileInput = page.getByLabel('File', { exact: true });
  const framework = page.getByTestId(`framework-${key}`);

  await fileInput.setInputFiles({ name: 'broken.md', mimeType: 'text/markdown', buffer: Buffer.from(broken) });
  await page.getByRole('button', { name: 'Preview changes' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Nothing was changed.' });
  await expect(alert).toContainText('Line 7: duplicate key');
  await expect(alert).toContainText('Nothing was changed.');
  await expect(page.getByRole('button', { name: /Confirm/ })).toHaveCount(0);
  await page.reload();
  await expect(framework).toHaveCount(0);

  await page
    .getByLabel('File', { exact: true })
    .setInputFiles({ name: 'ladder.md', mimeType: 'text/markdown', buffer: Buffer.from(valid('Batch loads')) });
  await page.getByRole('button', { name: 'Preview changes' }).click();
  await expect(page.getByRole('heading', { name: `Preview: ${title}` })).toBeVisible();
  await expect(page.getByText('Added (7)')).toBeVisible();
  await page.getByRole('button', { name: 'Confirm import' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Imported “${title}” as version 1.` })).toBeVisible();
  await expect(framework).toContainText('version 1');
  await expect(framework).toContainText('3 skills');

  // A second upload renames a skill (the key is pinned) and drops another: the diff says so before anything changes.
  const next = valid('Batch loading')
    .replace('Moving data on a schedule', `Moving data on a schedule <!-- key: delivery/pipelines/batch-loads -->`)
    .replace(/- \*\*Streaming\*\*.*\n/, '');
  await page.getByLabel('Or paste the text').fill(next);
  await page.getByRole('button', { name: 'Preview changes' }).click();
  await expect(page.getByText('Renamed or re-described (1)')).toBeVisible();
  await expect(page.getByText('Batch loads → Batch loading')).toBeVisible();
  await expect(page.getByText(/^Archived .*\(1\)$/)).toBeVisible();
  await page.getByRole('button', { name: 'Confirm: create version 2' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'as version 2.' })).toBeVisible();
  await expect(framework).toContainText('version 2');
  await expect(framework).toContainText('2 skills · 1 archived');
});
