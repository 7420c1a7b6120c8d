/**
 * The production server under test: `next start` on a loopback port against
 * the fault suite's PostgreSQL. Started in its own process group so that a
 * SIGKILL takes the whole server down at once, the way a crashed host would.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { appEnv, startNext, waitUntilServing } from '../lib/app-server.mjs';
import { onCleanup } from './processes';

/** Test-only secret: never used outside this throwaway server. */
export const FAULTS_AUTH_SECRET = 'skillgrid-faults-only-secret-not-for-production-0123456789';

export interface AppServer {
  baseUrl: string;
  pid: number;
  /** Resolves when the process group is gone. */
  exited: Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

export async function startApp({
  port,
  databaseUrl,
  logFile,
}: {
  port: number;
  databaseUrl: string;
  logFile: string;
}): Promise<AppServer> {
  const baseUrl = `http://127.0.0.1:${port}`;
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = startNext({
    port,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: appEnv({ port, databaseUrl, authSecret: FAULTS_AUTH_SECRET }),
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const pid = child.pid;
  if (pid === undefined) throw new Error('next start did not start');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let alive = true;
  void exited.then(() => (alive = false));

  const kill = async (signal: NodeJS.Signals) => {
    if (!alive) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (alive) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      await exited;
    }
  };
  const removeCleanup = onCleanup(`next start on ${baseUrl}`, () => kill('SIGTERM'));
  void exited.then(removeCleanup);

  const ready = await waitUntilServing({
    url: `${baseUrl}/api/health`,
    timeoutMs: 120_000,
    ready: (response) => response.status === 200,
    child,
  });
  if (!ready.ok) {
    await kill('SIGKILL');
    let tail = '';
    try {
      tail = readFileSync(logFile, 'utf8').slice(-3000);
    } catch {
      // No log yet.
    }
    throw new Error(`next start on ${baseUrl} did not become healthy:\n${tail}`);
  }
  return { baseUrl, pid, exited, kill };
}
