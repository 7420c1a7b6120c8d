/**
 * `npm run worker`: the job worker as its own process, for production on
 * PostgreSQL (README: "Running the worker"). Run one or more beside the web
 * instances; each job is taken by one worker. SIGTERM/SIGINT stop it
 * gracefully: no new jobs, running ones finish (up to 20 s), then exit.
 */
import { closeDb } from '@/db';
import { describeDatabase } from './describe-database';
import { startProcessWorker, stopProcessWorker } from '@/lib/jobs/run';

async function main(): Promise<void> {
  await startProcessWorker();
  console.log(`[worker] running on ${describeDatabase()}`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      console.log(`[worker] ${signal}: finishing running jobs`);
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  await stopProcessWorker();
  await closeDb();
  console.log('[worker] stopped');
}

main().catch((error: unknown) => {
  console.error('[worker]', error);
  process.exitCode = 1;
});
