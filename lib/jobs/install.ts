/**
 * Installs (or upgrades) the job queue's tables in a database and creates the
 * product's queues. Called by `migrateConnection` (db/index.ts), so every
 * migrated database, a test's in-memory PGlite included, can take jobs.
 *
 * pg-boss owns its schema (`pgboss`) and its migrations: `start()` installs or
 * migrates it under an advisory lock, so concurrently starting instances do
 * not race. Nothing else runs here: no maintenance, no cron, no workers.
 */
import type { Connection } from '@/db';
import { JOB_QUEUES } from './queues';
import { openBoss } from './boss';

export async function installJobQueue(
  connection: Connection,
  queues: Record<string, Record<string, unknown>> = JOB_QUEUES,
): Promise<void> {
  const boss = await openBoss(connection, { supervise: false, schedule: false, migrate: true });
  try {
    await boss.start();
    for (const [name, spec] of Object.entries(queues)) await ensureQueue(boss, name, spec);
  } finally {
    await boss.stop({ graceful: false, close: true, timeout: 5_000 });
  }
}

type Boss = Awaited<ReturnType<typeof openBoss>>;

/** Creates a queue, or brings an existing one's retry policy up to date (the policy itself cannot change). */
export async function ensureQueue(
  boss: Boss,
  name: string,
  spec: (typeof JOB_QUEUES)[keyof typeof JOB_QUEUES] | Record<string, unknown>,
): Promise<void> {
  const existing = await boss.getQueue(name);
  if (!existing) {
    await boss.createQueue(name, spec);
    return;
  }
  const { policy: _policy, ...options } = spec as Record<string, unknown>;
  void _policy;
  await boss.updateQueue(name, options);
}
