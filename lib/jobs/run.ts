/**
 * Starting the worker for the process's own connection: `npm run worker`
 * (scripts/worker.ts) and, in development, the web process itself
 * (instrumentation.ts). Whether the web process runs one is JOBS_WORKER's
 * choice: by default yes in development and on PGlite (whose directory only
 * one process may open, so no separate worker could reach it), no in
 * production on PostgreSQL, where `npm run worker` runs beside the web
 * processes.
 */
import { z } from 'zod';
import { getConnection, getDb } from '@/db';
import { env } from '@/lib/env';
import { JOBS } from './registry';
import { startWorker, type RunningWorker } from './worker';

const overridesSchema = z.record(
  z.string(),
  z
    .object({
      retryLimit: z.number().int().min(0).max(100),
      retryDelay: z.number().int().min(0),
      retryBackoff: z.boolean(),
      retryDelayMax: z.number().int().min(1),
      expireInSeconds: z.number().int().min(1),
    })
    .partial()
    .strict(),
);

/** JOBS_QUEUE_OVERRIDES, checked: a typo fails the worker's start instead of being ignored. */
function queueOverrides(): Record<string, Record<string, unknown>> {
  if (!env.JOBS_QUEUE_OVERRIDES) return {};
  return overridesSchema.parse(JSON.parse(env.JOBS_QUEUE_OVERRIDES));
}

export function workerRunsInWebProcess(): boolean {
  if (env.JOBS_WORKER === 'in-process') return true;
  if (env.JOBS_WORKER === 'off') return false;
  return env.NODE_ENV !== 'production' || !env.DATABASE_URL;
}

// On globalThis: dev-mode module reloading must not start a second worker beside the first.
const globalForJobs = globalThis as unknown as { skillgridWorker?: Promise<RunningWorker> };

export function startProcessWorker(): Promise<RunningWorker> {
  globalForJobs.skillgridWorker ??= (async () => {
    const connection = await getConnection();
    return startWorker(connection, JOBS, {
      database: getDb,
      queueOverrides: queueOverrides(),
      superviseIntervalSeconds: env.JOBS_SUPERVISE_SECONDS,
    });
  })().catch((error: unknown) => {
    globalForJobs.skillgridWorker = undefined;
    throw error;
  });
  return globalForJobs.skillgridWorker;
}

export async function stopProcessWorker(timeoutMs?: number): Promise<void> {
  const running = globalForJobs.skillgridWorker;
  globalForJobs.skillgridWorker = undefined;
  if (running) await (await running).stop(timeoutMs);
}
