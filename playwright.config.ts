import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

const isCI = !!process.env.CI;
// Several checkouts on one machine each run their own e2e server: E2E_PORT keeps them apart.
const PORT = Number(process.env.E2E_PORT || 3100);
/**
 * `localhost`, not 127.0.0.1: Next.js rewrites a loopback host to `localhost` in the URL route
 * handlers see, so next-auth's single sign-on callback computes `http://localhost:<port>/…` as its
 * redirect URI and final redirect. The browser, AUTH_URL and the identity provider use the same
 * name, or the provider refuses the code exchange and the session cookie lands on the other host.
 * The server still listens on 127.0.0.1 only.
 */
const baseURL = `http://localhost:${PORT}`;
const healthURL = `http://127.0.0.1:${PORT}/api/health`;
/** The local OpenID Provider for single sign-on (scripts/e2e-oidc-provider.mjs): fixed, beside the app's port. */
const OIDC_PORT = PORT + 1000;
const OIDC_ISSUER = `http://127.0.0.1:${OIDC_PORT}`;
const OIDC_CLIENT_ID = 'skillgrid-e2e';
const OIDC_CLIENT_SECRET = 'skillgrid-e2e-client-secret-not-for-production';

/**
 * Browsers cannot be downloaded here: use Debian's Chromium (or the one
 * PLAYWRIGHT_CHROMIUM_PATH names) and fall back to Playwright's own browser
 * only when that file does not exist.
 */
function chromiumExecutablePath(): string | undefined {
  const candidate = process.env.PLAYWRIGHT_CHROMIUM_PATH || '/usr/bin/chromium';
  return existsSync(candidate) ? candidate : undefined;
}

export default defineConfig({
  testDir: 'tests/e2e',
  forbidOnly: isCI,
  retries: isCI ? 1 : 0,
  // Two cores and one server on one embedded database.
  workers: 1,
  fullyParallel: false,
  reporter: [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: chromiumExecutablePath(),
          args: [
            // Chromium refuses its sandbox as root.
            '--no-sandbox',
            '--disable-gpu',
            // The network is closed: without these Chromium keeps dialling out and logging refused connections.
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
          ],
        },
      },
    },
  ],
  webServer: [
    {
      // A real OpenID Provider on loopback, so single sign-on is tested end to end (tests/e2e/sso.spec.ts).
      command: 'npm run e2e:oidc',
      url: `${OIDC_ISSUER}/.well-known/openid-configuration`,
      timeout: 60_000,
      reuseExistingServer: !isCI,
      stdout: 'pipe',
      stderr: 'pipe',
      env: { OIDC_PORT: String(OIDC_PORT), APP_URL: baseURL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET },
    },
    {
      // Fresh embedded database, migrate + seed, `next build`, `next start` (scripts/e2e-server.mjs).
      command: 'npm run e2e:server',
      url: healthURL,
      // The build runs inside this command: minutes when the machine is shared.
      timeout: 600_000,
      reuseExistingServer: !isCI,
      stdout: 'pipe',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
      env: {
        // e2e always runs on a fresh embedded database, even where DATABASE_URL points at a server.
        DATABASE_URL: '',
        PGLITE_DIR: '.data/e2e',
        // Test-only secret: never used outside this server.
        AUTH_SECRET: 'skillgrid-e2e-only-secret-not-for-production-0123456789',
        AUTH_URL: baseURL,
        AUTH_TRUST_HOST: 'true',
        PORT: String(PORT),
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        OIDC_ISSUER,
        OIDC_CLIENT_ID,
        OIDC_CLIENT_SECRET,
        OIDC_NAME: 'Local IdP',
        // No SMTP here: mail stays in the database and the specs read it at /dev/mail.
        MAIL_DEV_PAGE: 'true',
        // No background notifications: /dev/mail lists the newest 50 mails, and a cycle opened by one spec
        // would otherwise mail every demo member while another spec looks for its confirmation mail there.
        // The notification flows are tested against a real SMTP server (tests/integration/notifications).
        JOBS_WORKER: 'off',
      },
    },
  ],
});
