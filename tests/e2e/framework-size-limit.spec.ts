import { DEMO_USERS, expect, test } from './fixtures';

/** A valid Markdown framework of at least `bytes` bytes. */
function largeFramework(bytes: number, title: string): string {
  const lines = [`# ${title}`, ''];
  let size = 0;
  for (let section = 1; size < bytes; section += 1) {
    lines.push(`## Area ${section}`, '', `### Section ${section}`);
    for (let skill = 0; skill < 50; skill += 1) {
      const line = `- **Skill ${section}.${skill}**: ${'What this skill means in practice, at some length. '.repeat(9)}`;
      lines.push(line);
      size += line.length + 1;
    }
    lines.push('');
  }
  return lines.join('\n');
}

test('a 1.5 MB framework file imports; a 5 MB one is refused with a message and the form stays usable', async ({
  page,
  signIn,
}) => {
  // Many steps, each a server round trip, on a small shared machine.
  test.setTimeout(180_000);
  const stamp = Date.now().toString(36);
  const title = `Large Ladder ${stamp}`;
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));

  await signIn(page, DEMO_USERS.admin.email);
  await page.goto('/admin/frameworks');
  await expect(page.getByText('Files up to 2 MB.')).toBeVisible();
  const fileInput = page.getByLabel('File', { exact: true });
  const text = page.getByLabel('Or paste the text');

  const large = largeFramework(1.5 * 1024 * 1024, title);
  await fileInput.setInputFiles({ name: 'large.md', mimeType: 'text/markdown', buffer: Buffer.from(large) });
  await page.getByRole('button', { name: 'Preview changes' }).click();
  await expect(page.getByRole('heading', { name: `Preview: ${title}` })).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Confirm import' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Imported “${title}” as version 1.` })).toBeVisible({
    timeout: 60_000,
  });

  // Load a small file first, so that we can see the rejected big one does not leave it loaded.
  await fileInput.setInputFiles({
    name: 'small.md',
    mimeType: 'text/markdown',
    buffer: Buffer.from(`# Small ${stamp}\n\n## Area\n\n### Section\n- **Skill**: Something\n`),
  });
  await expect(text).toHaveValue(/# Small/);

  const huge = Buffer.alloc(5 * 1024 * 1024, 'a');
  await fileInput.setInputFiles({ name: 'huge.md', mimeType: 'text/markdown', buffer: huge });
  const alert = page.getByRole('alert').filter({ hasText: 'over the 2 MB limit' });
  await expect(alert).toContainText('The file is 5.0 MB, over the 2 MB limit.');
  await expect(alert).toContainText('Nothing was changed.');
  // The page is still the page (no error screen), the rejected file is cleared and so is the earlier one.
  await expect(page.getByRole('heading', { level: 1, name: 'Frameworks' })).toBeVisible();
  expect(await fileInput.evaluate((input: HTMLInputElement) => input.files?.length ?? 0)).toBe(0);
  await expect(text).toHaveValue('');
  await expect(page.getByRole('button', { name: 'Preview changes' })).toBeDisabled();
  expect(errors).toEqual([]);
});
