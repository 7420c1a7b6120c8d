/**
 * Playwright for `npm run test:cluster` (started by scripts/cluster/run.ts,
 * which brings up the balancer first): the e2e suite's own /assess flow,
 * unchanged, then the cluster checks — all through the load balancer at
 * CLUSTER_BASE_URL, so the same assertions hold with three instances as
 * with the single one of `npm run test:e2e`.
 */
import { defineConfig } from '@playwright/test';
import e2e from '../../playwright.config';

const baseURL = process.env.CLUSTER_BASE_URL || 'http://127.0.0.1:3600';
// The same Chromium (Debian's) and flags as the e2e suite.
const browser = e2e.projects?.[0]?.use ?? {};

export default defineConfig({
  testDir: '../..',
  testIgnore: ['**/node_modules/**', '**/.next/**'],
  outputDir: '../../test-results/cluster',
  forbidOnly: !!process.env.CI,
  workers: 1,
  fullyParallel: false,
  reporter: [['list']],
  use: { baseURL, trace: e2e.use?.trace, screenshot: 'only-on-failure' },
  projects: [
    {
      name: 'e2e flow through the balancer',
      testMatch: /tests\/e2e\/assess\.spec\.ts$/,
      grep: /rates a full section with the keyboard only/,
      // As in the e2e suite on CI: one retry for a machine shared with other work.
      retries: process.env.CI ? 1 : 0,
      use: browser,
    },
    {
      name: 'cluster',
      testMatch: /scripts\/cluster\/.*\.spec\.ts$/,
      dependencies: ['e2e flow through the balancer'],
      retries: 0,
      // Never retried, so a trace recorded "on the first retry" would never be: keep the failing one's.
      use: { ...browser, trace: 'retain-on-failure' },
    },
  ],
});
