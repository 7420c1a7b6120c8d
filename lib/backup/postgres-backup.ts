/**
 * Backup and restore of a PostgreSQL server database (DATABASE_URL) with the
 * server's own tools: `pg_dump --format=custom` (a consistent snapshot while
 * the app keeps running) and `pg_restore`. The password travels in
 * PGPASSWORD, never on the command line where `ps` would show it.
 */
import { z } from 'zod';
import { column, parseRows } from '@/db/rows';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { chmod, mkdir, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { openConnection } from '@/db';
import { BackupError, partialName } from './backup-error';
import { ratingChecksum, type RatingChecksum } from './rating-checksum';

const run = promisify(execFile);

/** The tool on PATH (Debian's wrapper picks the right version), else the newest under /usr/lib/postgresql. */
export async function findPgTool(name: 'pg_dump' | 'pg_restore'): Promise<string | null> {
  const candidates: string[] = [name];
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(root, v, 'bin', name)));
  }
  for (const candidate of candidates) {
    try {
      await run(candidate, ['--version']);
      return candidate;
    } catch {
      // not installed there; try the next
    }
  }
  return null;
}

async function requireTool(name: 'pg_dump' | 'pg_restore'): Promise<string> {
  const tool = await findPgTool(name);
  if (!tool) {
    throw new BackupError(
      `${name} not found. Install the PostgreSQL client tools (e.g. apt-get install postgresql-client) ` +
        'of the same or a newer major version than the server; the commands are in the README.',
    );
  }
  return tool;
}

/** The URL without its password, and an environment carrying the password for libpq. */
function libpqTarget(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  // The app's own `?pgbouncer=true` switch means nothing to libpq, which refuses unknown parameters.
  parsed.searchParams.delete('pgbouncer');
  // libpq reads the password from PGPASSWORD; the rest of the environment passes through unchanged.
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  if (password) childEnv.PGPASSWORD = password;
  return { dbname: parsed.toString(), env: childEnv };
}

export function describeServerDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

async function withConnection<T>(
  url: string,
  fn: (db: Awaited<ReturnType<typeof openConnection>>['db']) => Promise<T>,
): Promise<T> {
  const connection = await openConnection({ url });
  try {
    return await fn(connection.db);
  } finally {
    await connection.close();
  }
}

/** Tables outside the system schemas: a database with none is a fresh target. */
export async function countUserTables(url: string): Promise<number> {
  return withConnection(url, async (db) => {
    const result = await db.execute(sql`
      select count(*)::int as n from information_schema.tables
      where table_schema not in ('pg_catalog', 'information_schema')`);
    return Number(parseRows(result, z.object({ n: column.number }))[0]?.n ?? 0);
  });
}

function toolFailure(tool: string, error: unknown): BackupError {
  const stderr = (error as { stderr?: string }).stderr?.trim();
  const message = error instanceof Error ? error.message : String(error);
  return new BackupError(`${path.basename(tool)} failed: ${stderr || message}`);
}

export interface PostgresBackupResult {
  file: string;
  bytes: number;
  milliseconds: number;
  sum: RatingChecksum;
}

export async function backupPostgres(options: {
  url: string;
  out: string;
  force?: boolean;
}): Promise<PostgresBackupResult> {
  const { url, out } = options;
  if (existsSync(out) && !options.force)
    throw new BackupError(`${out} exists; choose another --out or pass --force to overwrite it.`);
  const pgDump = await requireTool('pg_dump');
  const started = performance.now();
  // Counted just before the dump; if the app writes meanwhile, the dump holds that later state.
  const sum = await withConnection(url, (db) => ratingChecksum(db));
  const target = libpqTarget(url);
  await mkdir(path.dirname(path.resolve(out)), { recursive: true });
  try {
    await run(pgDump, ['--format=custom', `--file=${partialName(out)}`, `--dbname=${target.dbname}`], {
      env: target.env,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    throw toolFailure(pgDump, error);
  }
  // Every tenant's data and the password hashes: readable by the operator only.
  await chmod(partialName(out), 0o600);
  await rename(partialName(out), out);
  const { size } = await stat(out);
  return { file: out, bytes: size, milliseconds: performance.now() - started, sum };
}

export interface PostgresRestoreResult {
  milliseconds: number;
  sum: RatingChecksum;
  replacedTables: number;
}

/**
 * Restores a `pg_dump -Fc` file in one transaction (all or nothing) into an
 * empty database; with force, into a non-empty one, dropping the dump's
 * objects first (`--clean --if-exists`, and the job queue's schema whole). Owners and grants are not restored,
 * so the target's role owns everything.
 */
export async function restorePostgres(options: {
  url: string;
  file: string;
  force?: boolean;
}): Promise<PostgresRestoreResult> {
  const { url, file } = options;
  if (!existsSync(file) || !statSync(file).isFile()) throw new BackupError(`${file}: no such backup file.`);
  const existing = await countUserTables(url);
  if (existing > 0 && !options.force) {
    throw new BackupError(
      `${describeServerDatabase(url)} is not empty (${existing} tables). A restore goes into a fresh database only: ` +
        'create one (createdb) and point DATABASE_URL at it, or pass --force to replace the objects the backup contains.',
    );
  }
  const pgRestore = await requireTool('pg_restore');
  const target = libpqTarget(url);
  const started = performance.now();
  const args = [
    '--no-owner',
    '--no-privileges',
    '--exit-on-error',
    '--single-transaction',
    `--dbname=${target.dbname}`,
  ];
  if (existing > 0) {
    args.push('--clean', '--if-exists');
    // pg_restore's --clean drops a partitioned table's constraints partition by partition, which
    // PostgreSQL refuses for inherited ones ("cannot drop inherited constraint"): the job queue's
    // tables (schema pgboss, lib/jobs) are partitioned. The queue is dropped whole first; the
    // backup brings its own back. Not inside the restore's transaction, so a restore that then
    // fails leaves the rest of the database as it was but without its queue: forcing means the
    // operator is replacing this database anyway, and the next start re-creates an empty queue.
    await withConnection(url, (db) => db.execute(sql`drop schema if exists pgboss cascade`));
  }
  try {
    await run(pgRestore, [...args, file], { env: target.env, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    throw toolFailure(pgRestore, error);
  }
  const sum = await withConnection(url, (db) => ratingChecksum(db));
  return { milliseconds: performance.now() - started, sum, replacedTables: existing };
}
