/**
 * Runs once when a server starts (not during `next build`): refuse to start
 * without production configuration, then open the database so that pending
 * migrations are applied before the first request rather than during it.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { assertProductionConfig } = await import('./lib/startup-checks');
  assertProductionConfig();
  const { getConnection } = await import('./db');
  await getConnection();
}
