/**
 * Runs before `next dev` (and the end-to-end server): applies migrations and,
 * on the embedded database only, seeds the demo organization the first time.
 * A DATABASE_URL server is never seeded implicitly: use `npm run db:seed`.
 */
import { count, eq } from 'drizzle-orm';
import { closeDb, getConnection } from '@/db';
import { organizations } from '@/db/schema';
import { env } from '@/lib/env';
import { DEMO_ORGANIZATION_SLUG, refreshPlannerStatistics, seedDemoOrganization } from '@/lib/demo/seed-demo';
import { printSignInHelp } from '@/db/seed/print-sign-in';

async function main(): Promise<void> {
  const connection = await getConnection();
  if (connection.kind === 'postgres') {
    console.log('Database: PostgreSQL from DATABASE_URL, migrations applied (not seeded; run `npm run db:seed`).');
    return;
  }
  console.log(`Database: embedded PGlite in ${env.PGLITE_DIR}, migrations applied.`);
  const [demo] = await connection.db
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.slug, DEMO_ORGANIZATION_SLUG));
  const [all] = await connection.db.select({ n: count() }).from(organizations);
  // Seed a fresh database only; one whose people created their own organizations is left alone.
  if (!demo && Number(all?.n ?? 0) > 0) {
    console.log('Sign in at http://localhost:3000/sign-in with your account.');
    return;
  }
  const started = Date.now();
  const summary = await seedDemoOrganization(connection.db);
  if (!demo) await refreshPlannerStatistics(connection.db);
  if (!demo) console.log(`Seeded the demo organization in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  printSignInHelp(summary);
}

main()
  .then(() => closeDb())
  .catch(async (error: unknown) => {
    console.error(error);
    await closeDb().catch(() => {});
    process.exit(1);
  });
