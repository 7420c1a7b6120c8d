import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

/**
 * Scenario (c) of the fault suite (`npm run test:faults`, scripts/faults/run.ts):
 * the e2e scenario "changes made while the server is unreachable…" from
 * tests/e2e/assess.spec.ts, run unchanged against the fault suite's server on
 * PostgreSQL, which the runner starts and passes in as FAULTS_BASE_URL. Not
 * meant to be run on its own.
 */
const baseURL = process.env.FAULTS_BASE_URL;
if (!baseURL)
  throw new Error('playwright.faults.config.ts is run by `npm run test:faults` (FAULTS_BASE_URL is not set)');

const chromiumPath = process.env.PLAYWRIGHT_CHROMIUM_PATH || '/usr/bin/chromium';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: 'assess.spec.ts',
  grep: /server is unreachable/,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  outputDir: '.data/faults/playwright',
  use: { baseURL, trace: 'retain-on-failure' },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: existsSync(chromiumPath) ? chromiumPath : undefined,
          args: [
            '--no-sandbox',
            '--disable-gpu',
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
});
