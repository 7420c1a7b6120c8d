/**
 * The one place that makes pg-boss instances (docs/decisions/0009-job-queue.md).
 *
 * On PGlite, pg-boss shares the process's only connection through its PGlite
 * adapter: PGlite runs every statement under its transaction lock, so a
 * worker's statements never land inside an app transaction. On a server it
 * opens its own small node-postgres pool to DATABASE_URL (it needs session
 * features the app's pool does not promise: a multi-statement migration, and
 * LISTEN for prompt wake-ups).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { sql } from 'drizzle-orm';
import { fromDrizzle, fromPglite, PgBoss, type ConstructorOptions, type Db as BossDb } from 'pg-boss';
import type { Connection, Db } from '@/db';

export const JOB_SCHEMA = 'pgboss';

export async function openBoss(
  connection: Connection,
  options: Omit<ConstructorOptions, 'db' | 'connectionString' | 'schema' | 'backend'>,
): Promise<PgBoss> {
  const target = connection.jobs;
  if (!target) throw new Error('This connection cannot run jobs (no PGlite client or server URL).');
  const boss =
    'pglite' in target
      ? new PgBoss({ ...options, schema: JOB_SCHEMA, backend: 'pglite', db: fromPglite(target.pglite) })
      : new PgBoss({
          ...options,
          schema: JOB_SCHEMA,
          connectionString: target.url,
          max: options.max ?? 4,
          application_name: 'skillgrid-jobs',
        });
  // pg-boss reports background errors (a lost connection during a poll) as events; an EventEmitter
  // without an 'error' listener would throw them and end the process.
  boss.on('error', (error) => console.error('[jobs]', error));
  return boss;
}

/** Runs pg-boss's statements on one of our connections or transactions (drizzle, either driver). */
export function jobDb(db: Db): BossDb {
  return fromDrizzle(db as unknown as Parameters<typeof fromDrizzle>[0], sql);
}

/**
 * A pg-boss object that is never started and owns no connection: it only turns
 * calls (send, retry, findJobs) into SQL on the `db` a call runs with
 * (`withJobDb`). pg-boss also reads a queue's table and policy through its
 * own default db before an insert (and caches them: they never change for a
 * queue name), so that default is the same per-call db, carried by
 * AsyncLocalStorage rather than a module variable concurrent calls would share.
 */
const currentDb = new AsyncLocalStorage<BossDb>();
let producer: PgBoss | undefined;

export function withJobDb<T>(db: Db, call: (boss: PgBoss, adapter: BossDb) => Promise<T>): Promise<T> {
  producer ??= new PgBoss({
    schema: JOB_SCHEMA,
    db: {
      executeSql: (text, values) => {
        const adapter = currentDb.getStore();
        if (!adapter) return Promise.reject(new Error('The statement boss runs only inside withJobDb().'));
        return adapter.executeSql(text, values);
      },
    },
  });
  const boss = producer;
  const adapter = jobDb(db);
  return currentDb.run(adapter, () => call(boss, adapter));
}
