/**
 * Adding work to the queue from an action, a page or another job.
 *
 * `enqueue(db, job, payload)` writes the job with the given `db`: pass the
 * action's transaction and the job exists if and only if the action's change
 * is committed (no job for a rolled-back change, no change without its job).
 * It needs no running worker: every migrated database has the queues.
 */
import type { z } from 'zod';
import type { Db } from '@/db';
import { withJobDb } from './boss';
import type { JobDefinition } from './define-job';

export interface EnqueueOptions {
  /**
   * At most one queued job per key (the queue's policy decides how strictly:
   * see lib/jobs/queues.ts). A second enqueue with a key already waiting is
   * dropped and returns null.
   */
  singletonKey?: string;
  /** Not before this moment (a Date) or this many seconds from now. */
  startAfter?: Date | number;
}

/** Returns the job's id, or null when a job with the same singleton key was already waiting. */
export async function enqueue<Schema extends z.ZodType>(
  db: Db,
  job: JobDefinition<Schema>,
  payload: z.input<Schema>,
  options: EnqueueOptions = {},
): Promise<string | null> {
  // Parsed here so that a caller's mistake fails in the caller, not hours later in a worker.
  const data = job.payload.parse(payload) as object;
  return withJobDb(db, (boss, adapter) =>
    boss.send(job.name, data, {
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      ...(options.startAfter !== undefined ? { startAfter: options.startAfter } : {}),
      db: adapter,
    }),
  );
}

/**
 * Many jobs of one kind in one statement per chunk (a scan that finds a
 * thousand messages due). Same rules as `enqueue`: each payload parsed,
 * singleton keys drop jobs already waiting. Returns how many were offered.
 */
export async function enqueueMany<Schema extends z.ZodType>(
  db: Db,
  job: JobDefinition<Schema>,
  items: readonly { payload: z.input<Schema>; singletonKey?: string }[],
  chunkSize = 500,
): Promise<number> {
  const rows = items.map((item) => ({
    data: job.payload.parse(item.payload) as object,
    ...(item.singletonKey ? { singletonKey: item.singletonKey } : {}),
  }));
  for (let start = 0; start < rows.length; start += chunkSize) {
    const chunk = rows.slice(start, start + chunkSize);
    await withJobDb(db, (boss, adapter) => boss.insert(job.name, chunk, { db: adapter }));
  }
  return rows.length;
}
