/**
 * The one database connection of the process.
 *
 * With DATABASE_URL set it is postgres.js against that server; without it an
 * embedded PGlite database persisted under PGLITE_DIR (default `.data/pglite`).
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

/** Opens a connection to a server (postgres.js) or an embedded directory (PGlite; `undefined` = in memory). */
export async function openConnection(
  target: { url: string } | { dataDir: string | undefined },
): Promise<Connection> {
  if ('url' in target) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const client = postgres(target.url, { max: 10, onnotice: () => {} });
    return { db: drizzle(client, { schema }) as unknown as Db, kind: 'postgres', close: () => client.end() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
  const client = new PGlite(target.dataDir);
  await client.waitReady;
  return { db: drizzle(client, { schema }) as unknown as Db, kind: 'pglite', close: () => client.close() };
}

/** Applies pending migrations; on a shared server an advisory lock keeps concurrent starts from racing. */
export async function migrateConnection(connection: Connection): Promise<void> {
  const { sql } = await import('drizzle-orm');
  if (connection.kind === 'postgres') {
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    await connection.db.execute(sql`select pg_advisory_lock(727274)`);
    try {
      // The migrator only needs the driver-specific session, which this connection has.
      await migrate(connection.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await connection.db.execute(sql`select pg_advisory_unlock(727274)`);
    }
    return;
  }
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  await migrate(connection.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
}

export function defaultTarget(): { url: string } | { dataDir: string } {
  return env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: path.resolve(env.PGLITE_DIR) };
}

// Kept on globalThis so that dev-mode module reloading reuses the one connection
// instead of opening a second PGlite on the same directory.
const globalForDb = globalThis as unknown as { skillgridConnection?: Promise<Connection> };

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

export async function closeDb(): Promise<void> {
  const pending = globalForDb.skillgridConnection;
  globalForDb.skillgridConnection = undefined;
  if (pending) await (await pending).close();
}

/** Rows of a raw `db.execute(sql…)`: PGlite returns `{ rows }`, postgres.js the array itself. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
