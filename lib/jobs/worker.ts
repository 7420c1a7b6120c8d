/**
 * The worker: takes jobs from the queues and runs their handlers.
 *
 * Production runs it as its own process (`npm run worker`, scripts/worker.ts);
 * development runs it inside the web process (instrumentation.ts), which is
 * also the only way on PGlite, whose directory one process opens. Any number
 * of workers may run against one PostgreSQL: pg-boss hands each job to one of
 * them (SELECT … FOR UPDATE SKIP LOCKED), and a job whose worker died is
 * given to another once it expires (the queue's expireInSeconds).
 *
 * What a handler does twice if its worker dies mid-job is the handler's
 * business: notification sends make it harmless (lib/notifications/send-job.ts).
 */
import type { Job, PgBoss } from 'pg-boss';
import type { Connection, Db } from '@/db';
import type { JobDefinition } from './define-job';
import { openBoss } from './boss';
import { ensureQueue } from './install';
import { JOB_QUEUES } from './queues';

export interface WorkerOptions {
  /** Seconds between polls when a queue is empty (default 2). */
  pollingIntervalSeconds?: number;
  /** Run the jobs' schedules (cron). Every worker may: pg-boss creates one job per slot. Default true. */
  schedule?: boolean;
  /** How many connections the worker's pool opens on a server (default 4). */
  poolSize?: number;
  /** The app's database for handlers (default: the connection's); the process worker passes `getDb`. */
  database?: () => Promise<Db>;
  /** How often (s) expired jobs are looked for and maintenance runs (default 30). */
  superviseIntervalSeconds?: number;
  /** Queue options applied on start (tests shorten retries); default: lib/jobs/queues.ts. */
  queueOverrides?: Record<string, Record<string, unknown>>;
}

export interface RunningWorker {
  boss: PgBoss;
  /** Stops taking jobs, waits up to `timeoutMs` for the running ones, then closes its pool. */
  stop(timeoutMs?: number): Promise<void>;
}

export async function startWorker(
  connection: Connection,
  jobs: readonly JobDefinition[],
  options: WorkerOptions = {},
): Promise<RunningWorker> {
  const schedule = options.schedule ?? true;
  const database = options.database ?? (async () => connection.db);
  const boss = await openBoss(connection, {
    supervise: true,
    schedule,
    migrate: true,
    max: options.poolSize ?? 4,
    // Maintenance and the cron clock check every 30 s (defaults are minutes): a job whose worker was
    // killed is handed to another soon after it expires, and a new schedule takes effect promptly.
    superviseIntervalSeconds: options.superviseIntervalSeconds ?? 30,
    monitorIntervalSeconds: Math.min(options.superviseIntervalSeconds ?? 30, 60),
    cronMonitorIntervalSeconds: 30,
    cronWorkerIntervalSeconds: 5,
  });
  await boss.start({ attempts: 5 });
  for (const job of jobs) {
    const spec = (JOB_QUEUES as Record<string, object>)[job.name] ?? { policy: 'standard' };
    await ensureQueue(boss, job.name, { ...spec, ...(options.queueOverrides?.[job.name] ?? {}) });
  }
  for (const job of jobs) {
    const runOne = async (raw: Job<object>) => {
      try {
        // Checked again here: a job stored by an older version of the code fails visibly instead of running on a guess.
        const payload = job.payload.parse(raw.data);
        await job.handler(payload, {
          db: await database(),
          database,
          jobId: raw.id,
          retryCount: raw.retryCount,
          signal: raw.signal,
        });
      } catch (error) {
        // pg-boss keeps the error with the job (the admin view shows it); the log says it as it happens.
        console.error(`[jobs] ${job.name} ${raw.id} attempt ${raw.retryCount + 1} failed:`, String(error));
        throw error;
      }
    };
    const batchSize = job.batchSize ?? 1;
    await boss.work<object>(
      job.name,
      {
        batchSize,
        localConcurrency: job.concurrency ?? 1,
        pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
        // While jobs are waiting, fetch the next one at once instead of after the polling interval:
        // a thousand reminders due together go out in seconds, not in a poll every two.
        burstWhenReadyExceeds: 1,
      },
      async (batch) => {
        if (batchSize === 1) {
          if (batch[0]) await runOne(batch[0]);
          return;
        }
        // A batch saves the queue's round trips (one fetch, one completion), not the jobs' independence:
        // each failure is failed on its own (and retried on its own); pg-boss then completes the rest
        // (its completion only touches jobs still active).
        // Should a failure not be recorded (the database is gone), the whole batch fails instead: the
        // completion must not mark that job done. Its done neighbours run again, harmlessly (idempotent handlers).
        const unrecorded = await Promise.all(
          batch.map((raw) =>
            runOne(raw).then(
              () => false,
              (error: unknown) =>
                boss.fail(job.name, raw.id, { message: String(error) }).then(
                  () => false,
                  () => true,
                ),
            ),
          ),
        );
        if (unrecorded.some(Boolean)) throw new Error('A failed job of the batch could not be recorded as failed.');
      },
    );
    if (schedule && job.schedule) {
      await boss.schedule(job.name, job.schedule.cron, job.payload.parse(job.schedule.payload) as object, {
        tz: 'UTC',
      });
    }
  }
  return {
    boss,
    async stop(timeoutMs = 20_000) {
      // graceful: no new jobs, running handlers finish (up to the timeout); then the pool closes.
      await boss.stop({ graceful: true, close: true, timeout: timeoutMs });
    },
  };
}
