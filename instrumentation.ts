/**
 * Runs once when a server starts (not during `next build`): stamp requests with
 * their connection's address (lib/http/peer-address.ts), refuse to start
 * without production configuration, then open the database so that pending
 * migrations are applied before the first request rather than during it, and
 * (in development and on PGlite) run the job worker in this process.
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
  // The job worker, in this process where it belongs here (development, PGlite: see lib/jobs/run.ts).
  const { startProcessWorker, workerRunsInWebProcess } = await import('./lib/jobs/run');
  if (workerRunsInWebProcess()) {
    // A worker that cannot start must not take the site down: pages and actions only enqueue.
    startProcessWorker().then(
      () => console.log('[jobs] worker running in the web process'),
      (error: unknown) => console.error('[jobs] the worker did not start', error),
    );
    // No signal handler: Next.js exits on SIGTERM itself. A job cut short is handed out again
    // once it expires, and notification sends make a second run harmless (lib/notifications).
  }
}
