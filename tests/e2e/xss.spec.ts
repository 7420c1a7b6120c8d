/**
 * Stored XSS: every form that keeps user-supplied text gets script payloads,
 * then every page that renders that text is visited in Chromium. A payload
 * that executes calls `window.__xss(tag)` (exposed to the page by the test),
 * or opens a dialog; neither may happen, no payload may turn into an element,
 * and the payload must be on the page as text (escaped, not dropped).
 *
 * Runs in an organization of its own made through sign-up, whose admin
 * creates a team, a role profile, a framework upload, a cycle on it and an
 * invitation; the invitee rates with a note and evidence links; the admin
 * calibrates with a comment. Demo data is left alone.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { confirmSignUpByMail } from './mailbox';

const stamp = Date.now().toString(36);
const PASSWORD = 'xss-spec-password-1234';

/** Two vectors per field; `tag` says which field executed if one ever does. Short enough for 80-character fields. */
const payload = (tag: string) => `<img src=x onerror=__xss('${tag}')>"><svg onload=__xss('${tag}')>`;
/** For the longer fields: a script element as well. */
const longPayload = (tag: string) => `${payload(tag)}<script>__xss('${tag}')</script>'-alert('${tag}')-'`;

const P = {
  userName: payload('su-name'),
  orgName: payload('su-org'),
  team: payload('team'),
  profile: payload('role'),
  profileDescription: longPayload('role-desc'),
  cycle: payload('cycle'),
  invitee: payload('invitee'),
  note: longPayload('note'),
  evidenceLabel: payload('ev-label'),
  calibration: longPayload('calib'),
  frameworkTitle: payload('fw-title'),
  area: payload('fw-area'),
  category: payload('fw-cat'),
  skill: payload('fw-skill'),
  skillDescription: longPayload('fw-desc'),
};
const EVIDENCE_URL = `https://example.test/pr?q="><svg onload=__xss('ev-url')>`;

/** Where the framework upload puts the payloads: names of the framework, an area, a section, a skill, and a description. */
const frameworkMarkdown = `# XSS ${stamp} ${P.frameworkTitle}

## ${P.area}

### ${P.category}

- **${P.skill}**: ${P.skillDescription}
- **Plain skill**: Something harmless to rate
`;

interface Alarm {
  calls: string[];
  dialogs: string[];
}

/**
 * The app's Content-Security-Policy (nonces, no inline handlers) would stop
 * most payloads even if one were rendered as HTML. The contexts bypass it so
 * this spec proves the escaping on its own; the CSP is defence in depth.
 */
/** Installs the tripwires on a context: `window.__xss` records, any dialog is recorded and dismissed. */
async function arm(context: BrowserContext): Promise<Alarm> {
  const alarm: Alarm = { calls: [], dialogs: [] };
  await context.exposeFunction('__xss', (tag: unknown) => void alarm.calls.push(String(tag)));
  context.on('page', (page) => watchDialogs(page, alarm));
  for (const page of context.pages()) watchDialogs(page, alarm);
  return alarm;
}
function watchDialogs(page: Page, alarm: Alarm) {
  page.on('dialog', (dialog) => {
    alarm.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
}

/** Nothing executed, nothing became an element, and the texts expected here are shown as text. */
async function assertInert(page: Page, alarm: Alarm, expectedTexts: readonly string[] = []) {
  for (const text of expectedTexts) {
    await expect(page.locator('body'), `${page.url()} shows the payload as text`).toContainText(text);
  }
  const injected = await page.locator('img[src="x"], svg[onload], [onerror], [onload]').count();
  expect(injected, `${page.url()}: a payload became an element`).toBe(0);
  // Next serialises props into inline scripts as JSON strings; a script *element* made from a payload would start with it.
  const scriptElements = await page
    .locator('script')
    .evaluateAll((nodes) => nodes.filter((node) => node.textContent?.trim().startsWith('__xss(')).length);
  expect(scriptElements, `${page.url()}: a payload became a script`).toBe(0);
  expect(alarm.calls, `${page.url()}: a payload executed`).toEqual([]);
  expect(alarm.dialogs, `${page.url()}: a dialog opened`).toEqual([]);
}

async function visit(page: Page, alarm: Alarm, path: string, expectedTexts: readonly string[] = []) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  await page.waitForLoadState('load');
  await assertInert(page, alarm, expectedTexts);
}

const state: { teamId?: string; profileId?: string; frameworkId?: string; inviteLink?: string; inviteeEmail?: string } =
  {};

test.describe.configure({ mode: 'serial', timeout: 180_000 });

let adminContext: BrowserContext;
let adminPage: Page;
let adminAlarm: Alarm;

test.beforeAll(async ({ browser }) => {
  adminContext = await browser.newContext({ bypassCSP: true });
  adminAlarm = await arm(adminContext);
  adminPage = await adminContext.newPage();
});
test.afterAll(async () => {
  await adminContext?.close();
});

test('sign-up with payloads in the person’s and the organization’s names', async () => {
  const page = adminPage;
  await page.goto('/sign-up');
  // The tripwires work: an injected handler reaches window.__xss, and a dialog is caught.
  await page.evaluate(() => {
    document.body.insertAdjacentHTML('beforeend', `<img id="xss-selftest" src="x" onerror="__xss('selftest')">`);
    setTimeout(() => window.alert('selftest'), 0);
  });
  await expect.poll(() => [...adminAlarm.calls, ...adminAlarm.dialogs]).toEqual(['selftest', 'alert: selftest']);
  adminAlarm.calls.length = 0;
  adminAlarm.dialogs.length = 0;
  await page.evaluate(() => document.getElementById('xss-selftest')?.remove());
  await page.getByLabel('Your name').fill(P.userName);
  await page.getByLabel('Work email').fill(`xss-admin-${stamp}@example.test`);
  await page.getByLabel(/^Password/).fill(PASSWORD);
  await page.getByLabel('Organization name').fill(P.orgName);
  await page.getByLabel('Address (slug)').fill(`xss-${stamp}`);
  await page.getByRole('button', { name: 'Create organization' }).click();
  // The confirmation mail (in the development outbox) carries the payloads too.
  await confirmSignUpByMail(page, `xss-admin-${stamp}@example.test`, PASSWORD);
  await assertInert(page, adminAlarm, [P.orgName]);
  await visit(page, adminAlarm, '/admin/members', [P.userName]);
});

test('team, role profile, framework upload, cycle and invitation carry payloads', async () => {
  const page = adminPage;

  await visit(page, adminAlarm, '/admin/teams');
  await page.getByLabel('New team name').fill(P.team);
  await page.getByRole('button', { name: 'Create team' }).click();
  const teamLink = page.getByRole('link', { name: P.team }).first();
  await expect(teamLink).toBeVisible();
  state.teamId = (await teamLink.getAttribute('href'))?.split('/').pop();
  await assertInert(page, adminAlarm, [P.team]);

  await visit(page, adminAlarm, '/admin/roles');
  await page.getByLabel('New profile name').fill(P.profile);
  await page.getByLabel('Description (optional)').fill(P.profileDescription);
  await page.getByRole('button', { name: 'Create profile' }).click();
  const profileLink = page.getByRole('link', { name: P.profile }).first();
  await expect(profileLink).toBeVisible();
  state.profileId = (await profileLink.getAttribute('href'))?.split('/').pop();
  await assertInert(page, adminAlarm, [P.profile]);

  await visit(page, adminAlarm, '/admin/frameworks');
  await page.getByLabel('Or paste the text').fill(frameworkMarkdown);
  await page.getByRole('button', { name: 'Preview changes' }).click();
  await expect(page.getByRole('button', { name: 'Confirm import' })).toBeVisible();
  await assertInert(page, adminAlarm, [P.skill]);
  await page.getByRole('button', { name: 'Confirm import' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toBeVisible();
  await assertInert(page, adminAlarm);

  await visit(page, adminAlarm, '/admin/cycles');
  await page.getByLabel('Name').fill(P.cycle);
  const today = new Date();
  const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Opens on').fill(day(-1));
  await page.getByLabel('Closes on').fill(day(60));
  const frameworkOption = page.locator('#field-frameworkId option', { hasText: `XSS ${stamp}` }).first();
  state.frameworkId = (await frameworkOption.getAttribute('value')) ?? undefined;
  await page.locator('#field-frameworkId').selectOption(state.frameworkId ?? '');
  await page.getByRole('button', { name: 'Open cycle' }).click();
  await expect(page.getByText(P.cycle).first()).toBeVisible();
  await assertInert(page, adminAlarm, [P.cycle]);

  await visit(page, adminAlarm, '/admin/invitations');
  state.inviteeEmail = `xss-invitee-${stamp}@example.test`;
  await page.getByLabel('Email', { exact: true }).fill(state.inviteeEmail);
  await page.getByLabel('Team (optional)').selectOption(state.teamId ?? '');
  await page.getByRole('button', { name: 'Invite' }).click();
  // Several links can be on the page at once now (a resend beside a new invitation): the first is the new one.
  const link = page.getByRole('textbox', { name: /^Invitation link/ }).first();
  await expect(link).toBeVisible();
  state.inviteLink = (await link.inputValue()) || (await link.textContent()) || undefined;
  expect(state.inviteLink).toBeTruthy();
  await assertInert(page, adminAlarm, [P.team]);
});

test('the invitee joins with a payload name, rates with a payload note and evidence (javascript: refused)', async ({
  browser,
}) => {
  const context = await browser.newContext({ bypassCSP: true });
  const alarm = await arm(context);
  const page = await context.newPage();
  try {
    await page.goto(new URL(state.inviteLink!).pathname);
    await assertInert(page, alarm, [P.orgName]);
    await page.getByLabel('Your name').fill(P.invitee);
    await page.getByLabel(/^Choose a password/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account and join' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/invite'), { timeout: 60_000 });

    await visit(page, alarm, '/assess', [P.skill, P.cycle]);
    await expect(page.locator('[data-assessment-ready]')).toBeAttached({ timeout: 30_000 });
    const row = page.locator('[data-skill-id]').filter({ hasText: P.skill }).first();
    await row.locator('label').filter({ hasText: /^2/ }).first().click();
    await row.getByRole('button', { name: 'Add note' }).click();
    await row.locator('textarea').fill(P.note);
    await row.locator('textarea').press('Tab');
    await expect(page.getByTestId('save-status')).toHaveText('All changes saved', { timeout: 20_000 });

    await row.getByRole('button', { name: /^Evidence \(0\)/ }).click();
    await row.getByLabel('Link (http or https)').fill(`javascript:__xss('ev-js')`);
    await row.getByLabel('Label').fill(P.evidenceLabel);
    await row.getByRole('button', { name: 'Add link' }).click();
    await expect(row.getByText('Only http and https links are allowed.')).toBeVisible();
    await row.getByLabel('Link (http or https)').fill(EVIDENCE_URL);
    await row.getByRole('button', { name: 'Add link' }).click();
    await expect(row.getByRole('link', { name: P.evidenceLabel })).toBeVisible();
    await assertInert(page, alarm);

    await page.reload();
    await expect(page.locator('[data-assessment-ready]')).toBeAttached({ timeout: 30_000 });
    // The Markdown importer drops raw HTML that parses as HTML (the <script> tags): the rest must show as text.
    await assertInert(page, alarm, [P.skill, payload('fw-desc')]);
    const reloaded = page.locator('[data-skill-id]').filter({ hasText: P.skill }).first();
    // A saved note opens with the row; the text is only ever a textarea's value.
    if (!(await reloaded.locator('textarea').isVisible()))
      await reloaded.getByRole('button', { name: 'Note (1)' }).click();
    await expect(reloaded.locator('textarea')).toHaveValue(P.note);
    await reloaded.getByRole('button', { name: /^Evidence \(1\)/ }).click();
    const evidence = reloaded.getByRole('link', { name: P.evidenceLabel });
    await expect(evidence).toHaveAttribute('href', EVIDENCE_URL);
    await expect(evidence).toHaveAttribute('rel', 'noopener noreferrer');
    await assertInert(page, alarm);
    await visit(page, alarm, '/me', [P.invitee]);
    await visit(page, alarm, '/', [P.orgName]);
  } finally {
    await context.close();
  }
});

test('the admin calibrates with a payload comment', async () => {
  const page = adminPage;
  await visit(page, adminAlarm, `/teams/${state.teamId}/calibration`, [P.team, P.invitee]);
  await page.getByRole('link', { name: P.invitee }).first().click();
  await page.waitForURL(/member=/);
  const comment = page.getByLabel(`Comment on ${P.skill}`);
  // The calibration board: a button per level beside the self rating, each change saved at once.
  await page
    .getByRole('group', { name: `Your rating for ${P.skill}` })
    .getByRole('button', { name: '3', exact: true })
    .click();
  await expect(page.getByText('All changes saved.')).toBeVisible();
  await comment.fill(P.calibration);
  // Enter leaves the field, which saves it: wait for that save before reloading.
  await Promise.all([
    page.waitForResponse((response) => response.request().method() === 'POST'),
    comment.press('Enter'),
  ]);
  await expect(page.getByText('All changes saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel(`Comment on ${P.skill}`)).toHaveValue(P.calibration);
  await assertInert(page, adminAlarm, [P.invitee, P.skill, P.evidenceLabel]);
});

test('every page that shows the stored text renders it escaped', async () => {
  const page = adminPage;
  const team = `/teams/${state.teamId}`;
  // What each page shows of the stored text (the header's organization and person names are on every page).
  const pages: [string, string[]][] = [
    ['/', [P.orgName, P.userName, P.cycle, P.frameworkTitle]],
    ['/teams', [P.team, P.cycle]],
    [team, [P.team, P.cycle, P.invitee, P.frameworkTitle, P.area, P.category]],
    [`${team}/gaps`, [P.team, P.profile, P.frameworkTitle, P.area, P.category, P.skill]],
    [`${team}/coverage`, [P.team, P.category, P.skill]],
    [`${team}/completion`, [P.team, P.invitee]],
    [`${team}/targets`, [P.team, P.area, P.category]],
    [`${team}/calibration`, [P.team, P.invitee, P.category]],
    ['/reports/gaps', [P.team, P.profile, P.area, P.category, P.skill]],
    ['/me', [P.cycle]],
    ['/admin', [P.team, P.invitee]],
    ['/admin/members', [P.team, P.invitee]],
    ['/admin/teams', [P.team]],
    [`/admin/teams/${state.teamId}`, [P.team, P.invitee]],
    ['/admin/roles', [P.profile, P.profileDescription]],
    [`/admin/roles/${state.profileId}`, [P.profile, P.profileDescription, P.area, P.category]],
    ['/admin/invitations', [P.team]],
    ['/admin/cycles', [P.team, P.cycle, P.frameworkTitle]],
    ['/admin/frameworks', [P.frameworkTitle]],
    [`/admin/frameworks/${state.frameworkId}`, [P.frameworkTitle, P.area, P.category]],
    ['/admin/audit', [P.team, P.profile, P.cycle, P.invitee]],
  ];
  for (const [path, texts] of pages) await visit(page, adminAlarm, path, texts);

  // The people finder names a skill only once it is asked for: typed into its combobox, the payload
  // skill is offered as a suggestion, which must be text like everywhere else.
  await visit(page, adminAlarm, '/people');
  const picker = page.getByRole('combobox', { name: 'Add a skill' });
  await picker.fill('fw-skill');
  await expect(page.getByRole('option').first()).toBeVisible();
  await assertInert(page, adminAlarm, [P.skill]);

  // The framework editor shows its tree folded: unfolded, the skill and its description are text too.
  await page.goto(`/admin/frameworks/${state.frameworkId}`);
  await page.getByRole('button', { name: 'Expand all' }).click();
  await assertInert(page, adminAlarm, [P.skill, payload('fw-desc')]);

  // Section drill-down of the heatmap, reached by its own link.
  await page.goto(team);
  const section = page.locator(`a[href^="${team}/sections/"]`).first();
  if (await section.count()) {
    await section.click();
    await page.waitForLoadState('load');
    await assertInert(page, adminAlarm, [P.category]);
  }
});
