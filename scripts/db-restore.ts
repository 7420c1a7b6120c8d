/**
 * `npm run db:restore -- <file> [--force]`: restores a backup made by
 * `npm run db:backup` into the configured database, which must be fresh:
 * embedded, an empty or missing PGLITE_DIR (with --force the existing one is
 * moved aside, not deleted); DATABASE_URL, a database without tables (with
 * --force the backup's objects are dropped and recreated). Prints the rating
 * checksum to compare with the one db:backup printed.
 */
import { parseArgs } from 'node:util';
import { defaultTarget } from '@/db';
import { BackupError } from '@/lib/backup/backup-error';
import { restorePglite } from '@/lib/backup/pglite-backup';
import { describeServerDatabase, restorePostgres } from '@/lib/backup/postgres-backup';
import { describeChecksum } from '@/lib/backup/rating-checksum';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { force: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new BackupError('usage: npm run db:restore -- <backup file> [--force]');
  const target = defaultTarget();
  if ('dataDir' in target) {
    console.log(`Restoring ${file} into embedded PGlite at ${target.dataDir} …`);
    const result = await restorePglite({ file, dataDir: target.dataDir, force: values.force });
    for (const warning of result.warnings) console.warn(`warning: ${warning}`);
    if (result.movedAsideTo) console.log(`The previous directory was moved to ${result.movedAsideTo}.`);
    console.log(`Restored in ${(result.milliseconds / 1000).toFixed(1)} s: ${describeChecksum(result.sum)}`);
    return;
  }
  console.log(`Restoring ${file} into PostgreSQL at ${describeServerDatabase(target.url)} with pg_restore …`);
  const result = await restorePostgres({ url: target.url, file, force: values.force });
  console.log(`Restored in ${(result.milliseconds / 1000).toFixed(1)} s: ${describeChecksum(result.sum)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof BackupError ? `db:restore: ${error.message}` : error);
  process.exitCode = 1;
});
