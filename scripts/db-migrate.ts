/** `npm run db:migrate`: applies pending migrations to the configured database and says which one. */
import { closeDb, getConnection } from '@/db';
import { describeDatabase } from './describe-database';

async function main(): Promise<void> {
  // getConnection() applies pending migrations before it resolves.
  await getConnection();
  console.log(`${describeDatabase()}: migrations applied`);
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => closeDb());
