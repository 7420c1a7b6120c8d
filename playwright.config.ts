import { existsSync } from 'node:fs';
import { defineConfig, devices, type PlaywrightTestConfig } from '@playwright/test';

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
/**
 * Two servers, each on its own fresh database, and two workers (two cores), kept busy to the end:
 * - `chromium`: the specs that use the demo organization, one at a time (some change its data).
 * - `page-walk`: every page as every role reads only; its tests spread over whichever worker is free
 *   (each worker signs in its own browser per role), against the second server, so the specs that
 *   change data never pull a page from under it.
 * - `own-organization`: specs tagged `@own-organization` sign up an organization of their own and
 *   touch nothing else, so they run against the walk's server too and fill a worker that the walk
 *   leaves free before the demo specs are done.
 * - `demo-read-only`: specs tagged `@demo-read-only` only read the demo organization (GET requests
 *   signed in or out), so they too run against the walk's server, on whichever worker is free, instead
 *   of lengthening the demo specs' one-at-a-time chain (the hostile-URL sweep: ~70 s of it).
 * Before, each of the two suites had one worker to itself, and one worker idled for the last two
 * minutes (in the last CI run the walk took 652 s, the demo specs 526 s).
 */
const WALK_PORT = PORT + 2;
const walkBaseURL = `http://localhost:${WALK_PORT}`;
/** The tag of a spec that signs up an organization of its own and uses nothing of the demo's. */
const OWN_ORGANIZATION = /@own-organization/;
/** The tag of a spec that reads the demo organization and changes nothing in it. */
const DEMO_READ_ONLY = /@demo-read-only/;
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
  workers: 2,
  fullyParallel: false,
  reporter: [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL,
    // Recording a trace costs every action a DOM snapshot, on pages of thousands of nodes: in CI a test
    // that fails is retried once, and that retry records the trace; locally, without retries, keep it.
    trace: isCI ? 'on-first-retry' : 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: /page-walk\.spec\.ts$/,
      grepInvert: [OWN_ORGANIZATION, DEMO_READ_ONLY],
      // The specs share one server and its demo data, and some change that data: one at a time.
      workers: 1,
      use: { ...devices['Desktop Chrome'], launchOptions: chromiumLaunchOptions() },
    },
    {
      name: 'page-walk',
      testMatch: /page-walk\.spec\.ts$/,
      fullyParallel: true,
      use: { ...devices['Desktop Chrome'], baseURL: walkBaseURL, launchOptions: chromiumLaunchOptions() },
    },
    {
      name: 'own-organization',
      testIgnore: /page-walk\.spec\.ts$/,
      grep: OWN_ORGANIZATION,
      use: { ...devices['Desktop Chrome'], baseURL: walkBaseURL, launchOptions: chromiumLaunchOptions() },
    },
    {
      name: 'demo-read-only',
      testIgnore: /page-walk\.spec\.ts$/,
      grep: DEMO_READ_ONLY,
      fullyParallel: true,
      use: { ...devices['Desktop Chrome'], baseURL: walkBaseURL, launchOptions: chromiumLaunchOptions() },
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
    // Playwright starts these one after another: the first makes the production build, the second reuses it.
    appServer(PORT, '.data/e2e'),
    appServer(WALK_PORT, '.data/e2e-walk'),
  ],
});

function chromiumLaunchOptions() {
  return {
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
  };
}

/** Fresh embedded database, migrate + seed, the shared production build, `next start` (scripts/e2e-server.mjs). */
type WebServer = Extract<PlaywrightTestConfig['webServer'], { command: string }>;

function appServer(port: number, pgliteDir: string): WebServer {
  const url = `http://localhost:${port}`;
  return {
    command: 'npm run e2e:server',
    url: `http://127.0.0.1:${port}/api/health`,
    // The build runs inside this command: minutes when the machine is shared.
    timeout: 600_000,
    reuseExistingServer: !isCI,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    env: {
      // e2e always runs on a fresh embedded database, even where DATABASE_URL points at a server.
      DATABASE_URL: '',
      PGLITE_DIR: pgliteDir,
      // Test-only secret: never used outside this server.
      AUTH_SECRET: 'skillgrid-e2e-only-secret-not-for-production-0123456789',
      AUTH_URL: url,
      AUTH_TRUST_HOST: 'true',
      PORT: String(port),
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
  };
}
