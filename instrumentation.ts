/**
 * Runs once when a server starts (not during `next build`): stamp requests with
 * their connection's address (lib/http/peer-address.ts), refuse to start
 * without production configuration, then open the database so that pending
 * migrations are applied before the first request rather than during it.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  // Before the first request: the connection's own address and protocol, which Next.js does not pass on.
  const { installPeerStamp } = await import('./lib/http/peer-address');
  installPeerStamp();
  const { assertProductionConfig } = await import('./lib/startup-checks');
  assertProductionConfig();
  const { getConnection } = await import('./db');
  await getConnection();
}
