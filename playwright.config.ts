import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

const isCI = !!process.env.CI;
// Several checkouts on one machine each run their own e2e server: E2E_PORT keeps them apart.
const PORT = Number(process.env.E2E_PORT || 3100);
const baseURL = `http://127.0.0.1:${PORT}`;

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
  webServer: {
    // Fresh embedded database, migrate + seed, `next build`, `next start` (scripts/e2e-server.mjs).
    command: 'npm run e2e:server',
    url: `${baseURL}/api/health`,
    timeout: 300_000,
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
    },
  },
});
