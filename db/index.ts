/**
 * The one database connection of the process.
 *
 * With DATABASE_URL set it is postgres.js against that server; without it an
 * embedded PGlite database persisted under PGLITE_DIR (default `.data/pglite`).
 * With DATABASE_READ_URL also set, `getReadDb()` is a second connection to a
 * streaming replica for heavy read-only pages; see docs/scaling.md.
 * The connection is opened lazily on first use, never at import time, because
 * `next build` imports modules while collecting page data. Pending migrations
 * are applied before the first query.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { sql, type ExtractTablesWithRelations, type Logger } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { env } from '@/lib/env';
import { column, queryRows } from './rows';
import { createReplicaGate, type ReplicaGate } from './replica-gate';
import * as schema from './schema';

export type Schema = typeof schema;
/** What every query function takes: a database or a transaction, on either driver. */
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'db', 'migrations');

export interface Connection {
  db: Db;
  kind: 'postgres' | 'pglite';
  close: () => Promise<void>;
  /**
   * True once the server has closed one of the pool's connections (a restart,
   * a network cut, a timeout). See `getConnection` for why such a pool is
   * replaced rather than trusted to reconnect. Absent: never (test doubles).
   */
  lostConnection?: () => boolean;
  /**
   * How the job queue (lib/jobs/boss.ts) reaches this database: the PGlite
   * instance itself (one connection, shared) or the server's URL (its own
   * pool). Absent: this connection cannot run jobs (test doubles).
   */
  jobs?: { pglite: import('@electric-sql/pglite').PGlite } | { url: string };
}

/**
 * How long postgres.js waits before reconnecting after a failed connection, by
 * the pool's count of failures in a row. Its default grows to 20 s, and
 * requests queue behind that wait: after a database restart the app stayed
 * unavailable (and /api/health hung instead of answering 503) for up to 20 s
 * after the server was back. Capped at 1 s, with jitter so that the pool's
 * connections do not all dial at once.
 */
export function reconnectDelaySeconds(failures: number): number {
  return Math.min(1, 0.05 * 2 ** Math.max(0, failures)) * (0.5 + Math.random() / 2);
}

/**
 * A server URL and whether it reaches PostgreSQL through PgBouncer in
 * transaction-pooling mode: `?pgbouncer=true` on the URL (removed before
 * connecting — the server would reject it as a startup parameter) or
 * DATABASE_PGBOUNCER=true for DATABASE_URL.
 */
export function parseServerUrl(url: string, pgbouncer = false): { url: string; pgbouncer: boolean } {
  const parsed = new URL(url);
  const flag = parsed.searchParams.get('pgbouncer');
  if (flag === null) return { url, pgbouncer };
  parsed.searchParams.delete('pgbouncer');
  return { url: parsed.toString(), pgbouncer: pgbouncer || flag === 'true' || flag === '1' };
}

/**
 * Opens a connection to a server (postgres.js) or an embedded directory (PGlite; `undefined` = in memory).
 * `loadDataDir` starts an in-memory PGlite from a dump of another one (`dumpDataDir`) instead of an
 * empty cluster: the test suite copies one migrated database per file that way.
 * `logger` sees every statement drizzle sends (tests count a page's statements with it).
 */
export async function openConnection(
  target: { url: string; pgbouncer?: boolean } | { dataDir: string | undefined; loadDataDir?: Blob },
  options: { logger?: Logger } = {},
): Promise<Connection> {
  const logger = options.logger ?? false;
  if ('url' in target) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const server = parseServerUrl(target.url, target.pgbouncer);
    let lost = false;
    const client = postgres(server.url, {
      max: 10,
      // Behind transaction pooling consecutive statements may run on different
      // server connections, so a statement prepared on one is unknown on the next:
      // postgres.js must send every query unnamed.
      prepare: !server.pgbouncer,
      // Report statements (gap reports, heatmaps, the CSV's batches) have plan
      // costs far above jit_above_cost, so PostgreSQL JIT-compiles each one:
      // 3–7 s of compiling for a query that runs in milliseconds. These are
      // short interactive queries, where JIT never pays. PgBouncer refuses
      // startup parameters it does not know, so behind it the server (or the
      // app's role) carries the setting instead: see docs/scaling.md.
      ...(server.pgbouncer ? {} : { connection: { jit: 'off' } }),
      onnotice: () => {},
      onclose: () => {
        lost = true;
      },
      backoff: reconnectDelaySeconds,
      // A server that does not answer at all (not just refuses) fails requests in seconds, not the default 30.
      connect_timeout: 5,
    });
    return {
      db: drizzle(client, { schema, logger }) as unknown as Db,
      kind: 'postgres',
      // Bounded: a wedged connection (see getConnection) would otherwise hold `end()` forever.
      close: () => client.end({ timeout: 30 }),
      lostConnection: () => lost,
      jobs: { url: server.url },
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
  const client = target.loadDataDir
    ? new PGlite({ dataDir: target.dataDir, loadDataDir: target.loadDataDir })
    : new PGlite(target.dataDir);
  await client.waitReady;
  return {
    db: drizzle(client, { schema, logger }) as unknown as Db,
    kind: 'pglite',
    close: () => client.close(),
    // In-process: there is no connection to lose.
    lostConnection: () => false,
    jobs: { pglite: client },
  };
}

/**
 * Applies pending migrations. On a server, everything — the advisory lock that
 * keeps concurrently starting instances from racing, reading what is applied,
 * applying the rest — happens in ONE transaction with a transaction-scoped
 * lock: a session-level `pg_advisory_lock` would be taken and released on
 * whatever server connection PgBouncer (transaction mode) hands out, i.e.
 * possibly on two different ones. Same bookkeeping table and rules as
 * drizzle's migrator (drizzle.__drizzle_migrations, by folder timestamp), so
 * databases migrated before keep working.
 */
export async function migrateConnection(connection: Connection): Promise<void> {
  await migrateSchema(connection);
  // The job queue's own tables and the product's queues (lib/jobs/queues.ts), in every migrated database.
  const { installJobQueue } = await import('@/lib/jobs/install');
  // Instances starting together race on pg-boss's `create schema if not exists` (a unique violation
  // on pg_namespace, seen in test:cluster). The install is idempotent: the loser tries again.
  for (let attempt = 1; ; attempt += 1) {
    try {
      await installJobQueue(connection);
      return;
    } catch (error) {
      if (attempt >= 3 || (error as { code?: unknown }).code !== '23505') throw error;
    }
  }
}

async function migrateSchema(connection: Connection): Promise<void> {
  if (connection.kind === 'postgres') {
    const { sql } = await import('drizzle-orm');
    const { readMigrationFiles } = await import('drizzle-orm/migrator');
    const migrations = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });
    await connection.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(727274)`);
      await tx.execute(sql`create schema if not exists drizzle`);
      await tx.execute(
        sql`create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)`,
      );
      const [last] = await queryRows(
        tx,
        sql`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
        z.object({ created_at: column.nullableNumber }),
      );
      for (const migration of migrations) {
        if (last && Number(last.created_at) >= migration.folderMillis) continue;
        for (const statement of migration.sql) await tx.execute(sql.raw(statement));
        await tx.execute(
          sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${migration.hash}, ${migration.folderMillis})`,
        );
      }
    });
    return;
  }
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  await migrate(connection.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
}

export function defaultTarget(): { url: string; pgbouncer: boolean } | { dataDir: string } {
  return env.DATABASE_URL
    ? { url: env.DATABASE_URL, pgbouncer: env.DATABASE_PGBOUNCER }
    : { dataDir: path.resolve(env.PGLITE_DIR) };
}

// Kept on globalThis so that dev-mode module reloading reuses the one connection
// instead of opening a second PGlite on the same directory.
const globalForDb = globalThis as unknown as {
  skillgridConnection?: Promise<Connection>;
  skillgridReadConnection?: Promise<Connection>;
  skillgridOpen?: Connection;
  skillgridReadOpen?: Connection;
  skillgridReplicaGate?: ReplicaGate;
  skillgridMigrated?: boolean;
};

/**
 * The process's connection, opened (and migrated) on first use.
 *
 * A postgres.js pool that has lost a connection is replaced by a fresh one on
 * the next request: postgres.js 3.4.9 can leave a pooled connection unable to
 * ever send a short message again when its socket closes with a write still
 * buffered (its write timer is cleared but not reset; porsager/postgres#1154,
 * #1208). After a database restart under load such a connection never
 * reconnects — every query routed to it waits for the connect timeout and
 * fails — so the app did not recover. A new pool has no such connection; the
 * old one is ended in the background, letting its running queries finish.
 */
export function getConnection(): Promise<Connection> {
  const open = globalForDb.skillgridOpen;
  if (open?.lostConnection?.()) {
    globalForDb.skillgridOpen = undefined;
    globalForDb.skillgridConnection = undefined;
    void open.close().catch(() => {});
  }
  globalForDb.skillgridConnection ??= (async () => {
    const connection = await openConnection(defaultTarget());
    try {
      // Once per process: a replacement pool talks to the same, already migrated, database.
      if (!globalForDb.skillgridMigrated) {
        await migrateConnection(connection);
        globalForDb.skillgridMigrated = true;
      }
    } catch (error) {
      await connection.close().catch(() => {});
      throw error;
    }
    globalForDb.skillgridOpen = connection;
    return connection;
  })().catch((error: unknown) => {
    globalForDb.skillgridConnection = undefined;
    throw error;
  });
  return globalForDb.skillgridConnection;
}

export async function getDb(): Promise<Db> {
  return (await getConnection()).db;
}

/**
 * The database for heavy read-only work that may lag the primary by a moment:
 * the replica at DATABASE_READ_URL when set and answering (db/replica-gate.ts),
 * else the primary. Callers choose
 * it explicitly and only for pages nobody reads right after writing (gap
 * reports and their CSV, heatmaps, the people finder). A user's own
 * assessment and profile, authorization checks and anything after a write
 * use `getDb()` (read-your-writes); writes never go here.
 */
export async function getReadDb(): Promise<Db> {
  const readUrl = env.DATABASE_READ_URL;
  if (!readUrl || !env.DATABASE_URL) return getDb();
  // The schema reaches the replica by replication: migrate the primary first.
  await getConnection();
  globalForDb.skillgridReplicaGate ??= createReplicaGate({
    // Not `select 1`, which /api/health runs on the primary: the cluster test tells the two apart by statement.
    probe: async () => (await readConnection(readUrl)).db.execute(sql`select pg_is_in_recovery()`),
    timeoutMs: 1_000,
    recheckMs: 2_000,
    onChange: (usable, reason) =>
      console.warn(
        usable
          ? '[db] read replica answers again: reports read it'
          : `[db] read replica unreachable (${reason}): reports read the primary`,
      ),
  });
  // A replica that is down must not take the reports down with it: they read the primary meanwhile.
  if (!(await globalForDb.skillgridReplicaGate.usable())) return getDb();
  return (await readConnection(readUrl)).db;
}

function readConnection(readUrl: string): Promise<Connection> {
  // Replaced after a lost connection, like the primary's pool (see getConnection).
  const open = globalForDb.skillgridReadOpen;
  if (open?.lostConnection?.()) {
    globalForDb.skillgridReadOpen = undefined;
    globalForDb.skillgridReadConnection = undefined;
    void open.close().catch(() => {});
  }
  globalForDb.skillgridReadConnection ??= openConnection({ url: readUrl }).then(
    (connection) => (globalForDb.skillgridReadOpen = connection),
    (error: unknown) => {
      globalForDb.skillgridReadConnection = undefined;
      throw error;
    },
  );
  return globalForDb.skillgridReadConnection;
}

export async function closeDb(): Promise<void> {
  const pending = [globalForDb.skillgridConnection, globalForDb.skillgridReadConnection];
  globalForDb.skillgridConnection = undefined;
  globalForDb.skillgridReadConnection = undefined;
  globalForDb.skillgridOpen = undefined;
  globalForDb.skillgridReadOpen = undefined;
  globalForDb.skillgridReplicaGate = undefined;
  globalForDb.skillgridMigrated = undefined;
  for (const connection of pending) if (connection) await (await connection).close();
}

/**
 * Rows of a raw `db.execute(sql…)`, unchecked: PGlite returns `{ rows }`,
 * postgres.js the array itself. For tests that look at what is stored; the
 * product's code parses its rows with `queryRows` / `parseRows` (db/rows.ts).
 */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
