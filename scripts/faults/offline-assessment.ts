/**
 * (c) The browser loses the server during an assessment: the e2e scenario
 * from tests/e2e/assess.spec.ts ("changes made while the server is
 * unreachable are kept across a reload and saved when it is back"), run by
 * Playwright (playwright.faults.config.ts) against this suite's server on
 * PostgreSQL instead of the e2e server on PGlite.
 */
import { spawn } from 'node:child_process';
import { onCleanup } from './processes';
import type { Harness } from './harness';

export async function runOfflineAssessment(harness: Harness): Promise<void> {
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('npx', ['playwright', 'test', '-c', 'playwright.faults.config.ts'], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, FAULTS_BASE_URL: harness.app().baseUrl },
    });
    const removeCleanup = onCleanup('Playwright (offline assessment)', () => void child.kill('SIGTERM'));
    child.on('error', reject);
    child.on('exit', (exitCode) => {
      removeCleanup();
      resolve(exitCode);
    });
  });
  if (code !== 0) throw new Error(`the offline assessment scenario failed (playwright exit ${code})`);
}
