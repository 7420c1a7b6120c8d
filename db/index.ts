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
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { env } from '@/lib/env';
import * as schema from './schema';

export type Schema = typeof schema;
/** What every query function takes: a database or a transaction, on either driver. */
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'db', 'migrations');

export interface Connection {
  db: Db;
  kind: 'postgres' | 'pglite';
  close: () => Promise<void>;
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

/** Opens a connection to a server (postgres.js) or an embedded directory (PGlite; `undefined` = in memory). */
export async function openConnection(
  target: { url: string; pgbouncer?: boolean } | { dataDir: string | undefined },
): Promise<Connection> {
  if ('url' in target) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const server = parseServerUrl(target.url, target.pgbouncer);
    // Behind transaction pooling consecutive statements may run on different
    // server connections, so a statement prepared on one is unknown on the next:
    // postgres.js must send every query unnamed.
    const client = postgres(server.url, { max: 10, prepare: !server.pgbouncer, onnotice: () => {} });
    return { db: drizzle(client, { schema }) as unknown as Db, kind: 'postgres', close: () => client.end() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
  const client = new PGlite(target.dataDir);
  await client.waitReady;
  return { db: drizzle(client, { schema }) as unknown as Db, kind: 'pglite', close: () => client.close() };
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
      const [last] = rowsOf<{ created_at: string | number | null }>(
        await tx.execute(sql`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`),
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
};

export function getConnection(): Promise<Connection> {
  globalForDb.skillgridConnection ??= (async () => {
    const connection = await openConnection(defaultTarget());
    await migrateConnection(connection);
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
 * the replica at DATABASE_READ_URL when set, else the primary. Callers choose
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
  globalForDb.skillgridReadConnection ??= openConnection({ url: readUrl }).catch((error: unknown) => {
    globalForDb.skillgridReadConnection = undefined;
    throw error;
  });
  return (await globalForDb.skillgridReadConnection).db;
}

export async function closeDb(): Promise<void> {
  const pending = [globalForDb.skillgridConnection, globalForDb.skillgridReadConnection];
  globalForDb.skillgridConnection = undefined;
  globalForDb.skillgridReadConnection = undefined;
  for (const connection of pending) if (connection) await (await connection).close();
}

/** Rows of a raw `db.execute(sql…)`: PGlite returns `{ rows }`, postgres.js the array itself. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
