/**
 * Issue 17 against the running production server, in the browser where the
 * browser matters: sessions that really end (finding 5), the open redirect
 * (finding 2), the client address behind a spoofed X-Forwarded-For (finding 6),
 * server actions without an Origin and HSTS over http (finding 7).
 */
import type { Browser, Cookie, Page } from '@playwright/test';
import { test, expect, DEMO_USERS, DEMO_MANAGER2_EMAIL, DEMO_MANAGER3_EMAIL } from './fixtures';

const PHISH = '%2F%09%2F127.0.0.1:9%2Fphish';

async function withCookies(browser: Browser, cookies: Cookie[]) {
  const context = await browser.newContext();
  await context.addCookies(cookies);
  return context;
}

/** What a holder of these cookies gets from a page and from next-auth's session endpoint. */
async function asHolder(browser: Browser, cookies: Cookie[]) {
  const context = await withCookies(browser, cookies);
  const me = await context.request.get('/me', { maxRedirects: 0 });
  const session = await (await context.request.get('/api/auth/session')).json();
  await context.close();
  return { status: me.status(), location: me.headers()['location'] ?? '', session: session as unknown };
}

async function signOut(page: Page, name: 'Sign out' | 'Sign out everywhere') {
  await page.getByRole('button', { name, exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/sign-in');
}

test.describe('sessions end for real (finding 5)', () => {
  test('after signing out, a copy of the cookie gets nothing', async ({ browser, page, signIn }) => {
    await signIn(page, DEMO_MANAGER2_EMAIL);
    const copied = await page.context().cookies();
    expect((await asHolder(browser, copied)).status).toBe(200);
    await signOut(page, 'Sign out');
    const after = await asHolder(browser, copied);
    expect(after.status).toBe(307);
    expect(after.location).toContain('/sign-in');
    expect(after.session).toBeNull();
  });

  test('"Sign out everywhere" ends the session in every other browser too', async ({ browser, page, signIn }) => {
    await signIn(page, DEMO_MANAGER3_EMAIL);
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await signIn(otherPage, DEMO_MANAGER3_EMAIL);
    await signOut(page, 'Sign out everywhere');
    await expect(page.getByRole('status')).toContainText('signed out on every device');
    await otherPage.goto('/me');
    await expect(otherPage).toHaveURL(/\/sign-in/);
    await other.close();
  });
});

test.describe('no open redirect after sign-in (finding 2)', () => {
  // The reported link, and variants without a control character that reach the sign-in page itself.
  const TARGETS = [PHISH, '%2F%2F127.0.0.1:9%2Fphish', '%2F%5C127.0.0.1:9%2Fphish', '%2F.%2F%2F127.0.0.1:9%2Fphish'];

  test('a signed-in visitor is sent to a path on this site, or refused', async ({ page, signIn, baseURL }) => {
    await signIn(page, DEMO_USERS.member.email);
    for (const target of TARGETS) {
      const response = await page.request.get(`/sign-in?callbackUrl=${target}`, { maxRedirects: 0 });
      // 400: the proxy refuses the control character before any page runs.
      expect([307, 400], target).toContain(response.status());
      if (response.status() === 307) {
        const location = response.headers()['location'] ?? '';
        expect(new URL(location, baseURL).origin, target).toBe(new URL(baseURL ?? '').origin);
        expect(location, target).not.toMatch(/^\s*[/\\]{2}|127\.0\.0\.1:9/);
      }
    }
  });

  test('following the link and signing in with the form stays on this site', async ({ page, signIn, baseURL }) => {
    for (const target of TARGETS) {
      await page.context().clearCookies();
      await page.goto(`/sign-in?callbackUrl=${target}`);
      if ((await page.getByLabel('Password', { exact: true }).count()) > 0) {
        await signIn(page, DEMO_USERS.member.email);
      }
      expect(new URL(page.url()).origin, target).toBe(new URL(baseURL ?? '').origin);
    }
  });

  test('a tampered callbackUrl in the form itself is not followed either', async ({ page, baseURL }) => {
    await page.goto('/sign-in');
    await page
      .locator('form:has(input[name="password"]) input[name="callbackUrl"]')
      .evaluate((input: HTMLInputElement) => (input.value = '/\t/127.0.0.1:9/phish'));
    await page.getByLabel('Email', { exact: true }).fill(DEMO_USERS.member.email);
    await page.getByLabel('Password', { exact: true }).fill(DEMO_USERS.member.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    expect(new URL(page.url()).origin).toBe(new URL(baseURL ?? '').origin);
  });
});

test('a spoofed X-Forwarded-For does not become the address in the audit log (finding 6)', async ({
  browser,
  page,
  signIn,
}) => {
  const spoofed = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.77' } });
  const attacker = await spoofed.newPage();
  await attacker.goto('/sign-in');
  await attacker.getByLabel('Email', { exact: true }).fill(DEMO_USERS.member.email);
  await attacker.getByLabel('Password', { exact: true }).fill('not the password');
  await attacker.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(attacker.getByText('That email and password do not match an active account.')).toBeVisible();
  await spoofed.close();

  await signIn(page, DEMO_USERS.admin.email);
  await page.goto('/admin/audit?action=auth.sign_in_failed');
  const table = page.getByRole('table');
  await expect(table).toContainText('127.0.0.1');
  await expect(table).not.toContainText('203.0.113.77');
});

test.describe('origin and transport (finding 7)', () => {
  test('a server action without a matching Origin is refused and does nothing', async ({ page, signIn }) => {
    await signIn(page, DEMO_USERS.member.email);
    // Catch the real "Sign out" action request the page would send, without letting it through.
    let action: { url: string; headers: Record<string, string>; body: string } | null = null;
    await page.route('**/*', async (route) => {
      const request = route.request();
      if (request.method() === 'POST' && request.headers()['next-action']) {
        action = { url: request.url(), headers: request.headers(), body: request.postData() ?? '' };
        await route.abort();
        return;
      }
      await route.continue();
    });
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect.poll(() => action).not.toBeNull();
    const captured = action as unknown as { url: string; headers: Record<string, string>; body: string };
    const { origin: _origin, ...withoutOrigin } = captured.headers;
    await page.unroute('**/*');

    for (const headers of [withoutOrigin, { ...withoutOrigin, origin: 'https://evil.example' }]) {
      const response = await page.request.post(captured.url, { headers, data: captured.body, maxRedirects: 0 });
      expect(response.status()).toBe(403);
    }
    // Still signed in: the action never ran.
    await page.goto('/me');
    await expect(page).toHaveURL(/\/me$/);
  });

  test('no HSTS over plain http, whatever X-Forwarded-Proto claims', async ({ request }) => {
    for (const headers of [{}, { 'x-forwarded-proto': 'https' }] as Record<string, string>[]) {
      const response = await request.get('/sign-in', { headers });
      expect(response.status()).toBe(200);
      expect(response.headers()['strict-transport-security']).toBeUndefined();
      expect(response.headers()['x-frame-options']).toBe('DENY');
    }
  });
});
