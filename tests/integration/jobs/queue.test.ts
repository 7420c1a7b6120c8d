/**
 * The job queue (lib/jobs) on the test file's database: jobs enqueued inside a
 * transaction exist only if it commits, singleton keys drop duplicates,
 * startAfter delays, failures are retried with backoff and, once out of
 * retries, kept as failed (and can be retried).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { rowsOf } from '@/db';
import { defineJob } from '@/lib/jobs/define-job';
import { enqueue } from '@/lib/jobs/enqueue';
import { installJobQueue } from '@/lib/jobs/install';
import { startWorker, type RunningWorker } from '@/lib/jobs/worker';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';

let database: TestDatabase;
let worker: RunningWorker | undefined;
const handled: string[] = [];
let failuresLeft = 0;

const echo = defineJob({
  name: 'test.echo',
  payload: z.object({ label: z.string().min(1) }),
  handler: async ({ label }) => {
    if (label.startsWith('flaky') && failuresLeft > 0) {
      failuresLeft -= 1;
      throw new Error('flaky failure');
    }
    if (label.startsWith('broken')) throw new Error('always fails');
    handled.push(label);
  },
});

const once = defineJob({ name: 'test.once', payload: z.object({ label: z.string() }), handler: async () => {} });

async function waitFor(check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('timed out');
}

async function jobStates(): Promise<{ label: string; state: string; retry_count: number }[]> {
  return rowsOf(
    await database.db.execute(
      sql`select data->>'label' as label, state::text as state, retry_count from pgboss.job where name = 'test.echo' order by created_on`,
    ),
  );
}

beforeAll(async () => {
  database = await createTestDatabase();
  await installJobQueue(database, {
    'test.echo': { policy: 'standard', retryLimit: 2, retryDelay: 1, retryBackoff: true },
    // `short`: one queued job per singleton key (what notify.send uses).
    'test.once': { policy: 'short' },
  });
});

afterAll(async () => {
  await worker?.stop(2_000);
  await database.close();
});

describe('enqueue', () => {
  it('has the product queues in every migrated database, without a worker', async () => {
    const queues = rowsOf<{ name: string }>(await database.db.execute(sql`select name from pgboss.queue`));
    expect(queues.map((queue) => queue.name)).toEqual(expect.arrayContaining(['notify.send', 'notify.scan']));
  });

  it('refuses a payload that does not fit, storing nothing', async () => {
    await expect(enqueue(database.db, echo, { label: '' })).rejects.toThrow();
    expect(await jobStates()).toEqual([]);
  });

  it('writes the job with the transaction: rolled back, there is no job', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await enqueue(tx, echo, { label: 'rolled-back' });
        throw new Error('the action failed');
      }),
    ).rejects.toThrow('the action failed');
    await database.db.transaction(async (tx) => {
      await enqueue(tx, echo, { label: 'committed' });
    });
    expect((await jobStates()).map((job) => job.label)).toEqual(['committed']);
  });

  it('drops a second job with a singleton key already waiting', async () => {
    const first = await enqueue(database.db, once, { label: 'once' }, { singletonKey: 'k-once' });
    const second = await enqueue(database.db, once, { label: 'once-again' }, { singletonKey: 'k-once' });
    const other = await enqueue(database.db, once, { label: 'other key' }, { singletonKey: 'k-other' });
    expect(first).toEqual(expect.any(String));
    expect(second).toBeNull();
    expect(other).toEqual(expect.any(String));
  });

  it('keeps a startAfter job until its time', async () => {
    await enqueue(database.db, echo, { label: 'later' }, { startAfter: new Date(Date.now() + 60 * 60 * 1000) });
    const [row] = rowsOf<{ waits: boolean }>(
      await database.db.execute(
        sql`select start_after > now() + interval '50 minutes' as waits from pgboss.job where data->>'label' = 'later'`,
      ),
    );
    expect(row?.waits).toBe(true);
  });
});

describe('the worker', () => {
  it('runs jobs, retries a failing one and keeps one that never succeeds as failed', async () => {
    failuresLeft = 1;
    await enqueue(database.db, echo, { label: 'flaky' });
    await enqueue(database.db, echo, { label: 'broken' });
    worker = await startWorker(database, [echo], {
      pollingIntervalSeconds: 0.5,
      schedule: false,
      queueOverrides: { 'test.echo': { retryLimit: 2, retryDelay: 1, retryBackoff: true } },
    });
    await waitFor(async () => {
      const states = await jobStates();
      return (
        states.find((job) => job.label === 'flaky')?.state === 'completed' &&
        states.find((job) => job.label === 'broken')?.state === 'failed'
      );
    }, 25_000);
    expect(handled).toEqual(expect.arrayContaining(['committed', 'flaky']));
    expect(handled).not.toContain('later');
    const states = await jobStates();
    expect(states.find((job) => job.label === 'flaky')?.retry_count).toBe(1);
    expect(states.find((job) => job.label === 'broken')?.retry_count).toBe(2);
  }, 40_000);

  it('stops gracefully', async () => {
    await worker?.stop(2_000);
    worker = undefined;
    await enqueue(database.db, echo, { label: 'after-stop' });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(handled).not.toContain('after-stop');
  });
});
