import { test, expect, DEMO_USERS } from './fixtures';

test.describe('multi-skill people search', () => {
  test('an admin picks two skills by typing, gets a ranked list in the URL and its CSV; bad queries run nothing', async ({
    page,
    signIn,
  }) => {
    await signIn(page, DEMO_USERS.admin.email);
    await page.goto('/people');
    await expect(page.getByRole('heading', { level: 1, name: 'People finder' })).toBeVisible();

    const picker = page.getByRole('combobox', { name: 'Add a skill' });
    // Keyboard only: type, Enter takes the first suggestion.
    await picker.fill('kubernetes-python');
    await expect(page.getByRole('option', { name: /kubernetes-python-client/ })).toBeVisible();
    await picker.press('Enter');
    await picker.fill('terraform-python');
    await page
      .getByRole('option', { name: /terraform-python/ })
      .first()
      .click();

    const chosen = page.getByRole('list', { name: 'Skills in this search' });
    await expect(chosen.getByRole('listitem')).toHaveCount(2);
    await page.getByLabel('Minimum level in kubernetes-python-client').selectOption('2');
    await page.getByLabel('Minimum level in terraform-python').selectOption('1');
    await page.getByLabel('Any of them').check();
    await page.getByRole('button', { name: 'Find people' }).click();

    await expect(page).toHaveURL(/skills=[0-9a-f-]{36}:2,[0-9a-f-]{36}:1&match=any/);
    const results = page.getByRole('region', { name: /people: kubernetes-python-client ≥ 2 or terraform-python ≥ 1/ });
    await expect(results).toBeVisible();
    const table = results.getByRole('table');
    await expect(table.getByRole('columnheader', { name: /kubernetes-python-client/ })).toBeVisible();
    const rows = table.getByRole('row');
    expect(await rows.count()).toBeGreaterThan(1);
    // Ranked: the first person meets at least as many skills as the last.
    const metIn = async (index: number) => (await rows.nth(index).getByText('✓ meets').count()) as number;
    expect(await metIn(1)).toBeGreaterThanOrEqual(await metIn((await rows.count()) - 1));

    // The search survives a reload (it lives in the URL) and the form shows it again.
    await page.reload();
    await expect(page.getByRole('list', { name: 'Skills in this search' }).getByRole('listitem')).toHaveCount(2);

    const href = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    expect(href).toMatch(/^\/api\/people\.csv\?skills=/);
    const csv = await page.request.get(href!);
    expect(csv.status()).toBe(200);
    const header = (await csv.text()).split('\r\n')[0];
    expect(header).toContain('key person');
    expect(header).toContain('kubernetes-python-client (≥ 2)');

    // Impossible queries: a clear message, no results.
    const skillId = /skills=([0-9a-f-]{36})/.exec(page.url())![1];
    await page.goto(`/people?skills=${skillId}:9`);
    await expect(page.getByRole('main').getByRole('alert')).toContainText('levels go from 0 to 4');
    await expect(page.getByRole('table')).toHaveCount(0);
    await page.goto(`/people?skills=${crypto.randomUUID()}:2`);
    await expect(page.getByRole('main').getByRole('alert')).toContainText('not part of the current framework');
    await page.goto('/people?skills=nonsense:2');
    await expect(page.getByRole('main').getByRole('alert')).toContainText('is not a skill');
  });
});
