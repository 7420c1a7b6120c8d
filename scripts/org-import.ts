/**
 * `npm run org:import -- <archive.zip>`: imports an organization exported at
 * /admin/settings (GET /api/admin/organization-export) into the configured
 * database (PGlite under PGLITE_DIR, or DATABASE_URL), migrating it first.
 * All or nothing; refused with a sentence when the archive's organization,
 * address or accounts already exist here, or the schema versions differ.
 */
import { existsSync } from 'node:fs';
import { closeDb, getConnection } from '@/db';
import { ImportRefused, importOrganizationArchive } from '@/lib/portability/organization-archive';
import { describeDatabase } from './describe-database';

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file || !existsSync(file)) {
    console.error('Usage: npm run org:import -- <organization export .zip>');
    process.exitCode = 2;
    return;
  }
  console.log(`Importing ${file} into ${describeDatabase()} …`);
  const connection = await getConnection();
  try {
    const summary = await importOrganizationArchive(connection.db, file);
    const rows = summary.tables.reduce((total, table) => total + table.rows, 0);
    console.log(
      `Imported “${summary.organization.name}” (slug ${summary.organization.slug}): ${rows.toLocaleString('en-US')} rows ` +
        `in ${summary.tables.length} tables. People sign in with "Forgot password?" or single sign-on; ` +
        'API tokens and webhook endpoints are created anew.',
    );
  } catch (error) {
    if (error instanceof ImportRefused) {
      console.error(`Not imported: ${error.message}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => closeDb());
