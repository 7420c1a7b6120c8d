/**
 * A job: a queue name, the zod schema of its payload and its handler.
 * The payload is checked when it is enqueued (a bad payload is the caller's
 * bug, refused at once, nothing stored) and again when it is worked (a job
 * stored by an older version of the code may no longer fit: it fails and is
 * kept for the admin view instead of running on a guess).
 */
import type { z } from 'zod';
import type { Db } from '@/db';
import type { QueueName } from './queues';

export interface JobContext {
  /** The app's database as the job started (the process's connection). */
  db: Db;
  /**
   * The app's database, asked for per use: after a database restart the
   * process replaces a broken pool (db/index.ts `getConnection`), and a
   * handler that retries across the outage must get the new one. The worker
   * always sets it; optional so that a test can call a handler with `db` alone.
   */
  database?: () => Promise<Db>;
  /** pg-boss's id of this job and how many times it has been retried: together they name this attempt. */
  jobId: string;
  retryCount: number;
  /** Aborted when the job expires or the worker stops without waiting. */
  signal: AbortSignal;
}

export interface JobDefinition<Schema extends z.ZodType = z.ZodType> {
  name: QueueName | (string & {});
  payload: Schema;
  handler: (payload: z.output<Schema>, context: JobContext) => Promise<void>;
  /** Jobs one worker runs at once for this queue (default 1). */
  concurrency?: number;
  /**
   * Jobs fetched (and completed) per round trip to the queue (default 1). Each job of a batch still runs
   * its own handler and fails or completes on its own; up to `concurrency × batchSize` run at once.
   */
  batchSize?: number;
  /** A recurring run of this job (cron, UTC) that the worker schedules; one per database, not per worker. */
  schedule?: { cron: string; payload: z.input<Schema> };
}

/** `context.database` when set, else the connection the job started with. */
export function jobDatabase(context: Pick<JobContext, 'db' | 'database'>): () => Promise<Db> {
  return context.database ?? (async () => context.db);
}

export function defineJob<Schema extends z.ZodType>(definition: JobDefinition<Schema>): JobDefinition<Schema> {
  return definition;
}
