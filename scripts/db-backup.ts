/**
 * `npm run db:backup [-- --out file] [--force]`: a backup of the configured
 * database. Embedded (PGlite): the data directory as a .tar.gz, taken with
 * the app stopped (refused while another process has the directory open).
 * DATABASE_URL: `pg_dump --format=custom`, safe while the app runs.
 * Prints the file, its size, the time taken and the rating checksum that
 * `npm run db:restore` prints again after restoring.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultTarget } from '@/db';
import { BackupError, timestampForFile } from '@/lib/backup/backup-error';
import { backupPglite } from '@/lib/backup/pglite-backup';
import { backupPostgres, describeServerDatabase } from '@/lib/backup/postgres-backup';
import { describeChecksum } from '@/lib/backup/rating-checksum';

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(0)} kB`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, force: { type: 'boolean', default: false } },
    allowPositionals: false,
  });
  const target = defaultTarget();
  const stamp = timestampForFile();
  if ('dataDir' in target) {
    const out = values.out ?? path.join('.data', 'backups', `skillgrid-pglite-${stamp}.tar.gz`);
    console.log(`Backing up embedded PGlite at ${target.dataDir} …`);
    const result = await backupPglite({ dataDir: target.dataDir, out, force: values.force });
    for (const warning of result.warnings) console.warn(`warning: ${warning}`);
    console.log(`${result.file}: ${formatBytes(result.bytes)} in ${(result.milliseconds / 1000).toFixed(1)} s`);
    console.log(describeChecksum(result.sum));
    return;
  }
  const out = values.out ?? path.join('.data', 'backups', `skillgrid-postgres-${stamp}.dump`);
  console.log(`Backing up PostgreSQL at ${describeServerDatabase(target.url)} with pg_dump -Fc …`);
  const result = await backupPostgres({ url: target.url, out, force: values.force });
  console.log(`${result.file}: ${formatBytes(result.bytes)} in ${(result.milliseconds / 1000).toFixed(1)} s`);
  console.log(describeChecksum(result.sum));
}

main().catch((error: unknown) => {
  console.error(error instanceof BackupError ? `db:backup: ${error.message}` : error);
  process.exitCode = 1;
});
