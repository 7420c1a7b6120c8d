/**
 * `npm run db:seed`: migrates the configured database (PGlite under PGLITE_DIR,
 * or DATABASE_URL — an explicit run is the one way a server gets the demo) and
 * creates the demo organization, then prints how to sign in. Safe to run
 * again: an existing demo organization is left as it is.
 */
import { closeDb, getConnection } from '@/db';
import { refreshPlannerStatistics, seedDemoOrganization } from '@/lib/demo/seed-demo';
import { printSignInHelp } from '@/db/seed/print-sign-in';
import { describeDatabase } from './describe-database';

async function main(): Promise<void> {
  console.log(`Seeding ${describeDatabase()} …`);
  const connection = await getConnection();
  // Timed apart from opening and migrating, which is not the seed's doing.
  const startedAt = performance.now();
  const summary = await seedDemoOrganization(connection.db);
  await refreshPlannerStatistics(connection.db);
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  console.log(
    `${summary.organizationName} (slug ${summary.organizationSlug}): ${summary.users} people, ` +
      `${summary.teams} teams, ${summary.ratings.toLocaleString('en-US')} ratings (${seconds} s).`,
  );
  // The same table `npm run dev` prints on first start.
  printSignInHelp(summary);
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => closeDb());
