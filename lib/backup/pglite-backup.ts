/**
 * Backup and restore of the embedded database (a PGlite data directory).
 *
 * How PGlite 0.5 behaves, found by trying it (and why the checks below exist):
 * - It takes no lock. A second process opening a directory that another
 *   process has open succeeds silently, and both then write the same files:
 *   a copy taken that way can be torn, and a restore under a running app is
 *   corruption. So we refuse whenever any process holds a file in the
 *   directory open (on Linux, /proc/<pid>/fd shows it: PGlite keeps its
 *   relation files open for as long as the database is open).
 * - It writes `postmaster.pid` when it opens and removes it on a clean close;
 *   a killed process leaves it behind and the next open ignores it and
 *   recovers from the WAL. So the file alone means "open, or not shut down
 *   cleanly": where /proc can tell us nobody holds the directory it is stale
 *   and we go on; where it cannot, we refuse unless --force.
 * - `dumpDataDir('gzip')` returns the data directory as a .tar.gz taken inside
 *   the database process, i.e. consistent; `new PGlite(dir, { loadDataDir })`
 *   unpacks one into a directory and throws if a database is already there.
 */
import { existsSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '@/db';
import { BackupError, partialName, timestampForFile } from './backup-error';
import { ratingChecksum, type RatingChecksum } from './rating-checksum';

export interface DirectoryHolder {
  pid: number;
  command: string;
}

/**
 * Processes with a file under `dir` open, or null where that cannot be known
 * (no /proc). Processes of other users are invisible without privileges;
 * the app normally runs as the operator who runs the backup.
 */
export function findDirectoryHolders(dir: string): DirectoryHolder[] | null {
  if (!existsSync('/proc/self/fd')) return null;
  const root = path.resolve(dir);
  const holders: DirectoryHolder[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // exited meanwhile, or another user's process
    }
    const holds = fds.some((fd) => {
      try {
        const target = readlinkSync(`/proc/${entry}/fd/${fd}`);
        return target === root || target.startsWith(`${root}/`);
      } catch {
        return false;
      }
    });
    if (!holds) continue;
    let command = '';
    try {
      command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim().slice(0, 120);
    } catch {
      // the pid alone is enough to act on
    }
    holders.push({ pid: Number(entry), command });
  }
  return holders;
}

/** Throws when another process has the directory open; returns warnings worth printing otherwise. */
export function assertDirectoryNotInUse(dir: string, options: { force?: boolean } = {}): string[] {
  const holders = findDirectoryHolders(dir);
  if (holders && holders.length > 0) {
    const list = holders.map((h) => `${h.pid}${h.command ? ` (${h.command})` : ''}`).join(', ');
    throw new BackupError(
      `${dir} is in use by process ${list}. Stop the app (npm run dev / npm start) first: ` +
        'PGlite does not lock its directory, and a second process on it can tear the copy or corrupt the database.',
    );
  }
  if (!existsSync(path.join(dir, 'postmaster.pid'))) return [];
  if (holders === null && !options.force) {
    throw new BackupError(
      `${dir}/postmaster.pid is present: the app may be running (or stopped without a clean shutdown), ` +
        'and this system cannot show which processes have the directory open. Stop the app; ' +
        'if you are sure nothing uses the directory, run again with --force.',
    );
  }
  return [
    `${dir}/postmaster.pid was left by a process that did not shut down cleanly; nothing holds the directory now, ` +
      'so going on (PGlite recovers from its write-ahead log on open).',
  ];
}

function isDatabaseDirectory(dir: string): boolean {
  return existsSync(path.join(dir, 'PG_VERSION'));
}

function isEmptyOrMissing(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

async function openPglite(dataDir: string, loadDataDir?: Blob) {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const client = new PGlite(dataDir, loadDataDir ? { loadDataDir } : {});
  await client.waitReady;
  return { client, db: drizzle(client) as unknown as Db };
}

export interface PgliteBackupResult {
  file: string;
  bytes: number;
  milliseconds: number;
  sum: RatingChecksum;
  warnings: string[];
}

export async function backupPglite(options: {
  dataDir: string;
  out: string;
  force?: boolean;
}): Promise<PgliteBackupResult> {
  const { dataDir, out } = options;
  if (!isDatabaseDirectory(dataDir))
    throw new BackupError(`${dataDir} holds no database (no PG_VERSION): nothing to back up.`);
  if (existsSync(out) && !options.force)
    throw new BackupError(`${out} exists; choose another --out or pass --force to overwrite it.`);
  const warnings = assertDirectoryNotInUse(dataDir, options);

  const started = performance.now();
  const { client, db } = await openPglite(dataDir);
  let tarball: Blob;
  let sum: RatingChecksum;
  try {
    sum = await ratingChecksum(db);
    tarball = await client.dumpDataDir('gzip');
  } finally {
    await client.close();
  }
  const bytes = Buffer.from(await tarball.arrayBuffer());
  await mkdir(path.dirname(path.resolve(out)), { recursive: true });
  // Every tenant's data and the password hashes: readable by the operator only.
  await writeFile(partialName(out), bytes, { mode: 0o600 });
  await chmod(partialName(out), 0o600); // also when a stale .partial was there
  await rename(partialName(out), out);
  return { file: out, bytes: bytes.length, milliseconds: performance.now() - started, sum, warnings };
}

export interface PgliteRestoreResult {
  dataDir: string;
  movedAsideTo?: string;
  milliseconds: number;
  sum: RatingChecksum;
  warnings: string[];
}

/**
 * Unpacks a backup into `dataDir`, which must be empty or missing. With
 * force, an existing directory is moved aside (never deleted) and put back if
 * the restore fails.
 */
export async function restorePglite(options: {
  file: string;
  dataDir: string;
  force?: boolean;
}): Promise<PgliteRestoreResult> {
  const { file, dataDir } = options;
  if (!existsSync(file) || !statSync(file).isFile()) throw new BackupError(`${file}: no such backup file.`);
  const warnings = existsSync(dataDir) ? assertDirectoryNotInUse(dataDir, options) : [];

  let movedAsideTo: string | undefined;
  if (!isEmptyOrMissing(dataDir)) {
    const what = isDatabaseDirectory(dataDir) ? 'already holds a database' : 'is not empty';
    if (!options.force) {
      throw new BackupError(
        `${dataDir} ${what}. A restore goes into an empty directory only: point PGLITE_DIR at a new directory, ` +
          'or stop the app and pass --force to move the existing one aside (it is kept, not deleted).',
      );
    }
    movedAsideTo = `${dataDir.replace(/\/+$/, '')}.before-restore-${timestampForFile()}`;
    renameSync(dataDir, movedAsideTo);
  }

  const started = performance.now();
  try {
    const bytes = await readFile(file);
    await mkdir(dataDir, { recursive: true });
    const { client, db } = await openPglite(dataDir, new Blob([bytes]));
    try {
      const sum = await ratingChecksum(db);
      return { dataDir, movedAsideTo, milliseconds: performance.now() - started, sum, warnings };
    } finally {
      await client.close();
    }
  } catch (error) {
    // Leave things as they were: no half-restored directory where the app would open it.
    rmSync(dataDir, { recursive: true, force: true });
    if (movedAsideTo) renameSync(movedAsideTo, dataDir);
    if (error instanceof BackupError) throw error;
    throw new BackupError(
      `restoring ${file} failed (is it a backup made by npm run db:backup of an embedded database?): ` +
        (error instanceof Error ? error.message : String(error)),
    );
  }
}
