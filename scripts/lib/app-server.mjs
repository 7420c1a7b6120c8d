/**
 * The one way scripts start the app: `next start` of the production build
 * (see production-build.mjs) on 127.0.0.1:<port>, run by this project's Node,
 * with the environment a production instance needs, and one way to wait until
 * it answers. Used by the Playwright server (e2e-server.mjs), the benchmarks,
 * the soak, the fault tests and the cluster test. Plain .mjs (typed by
 * app-server.d.mts) so that e2e-server.mjs, which runs without tsx, shares it.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

export const NEXT_BIN = path.join(process.cwd(), 'node_modules', 'next', 'dist', 'bin', 'next');

/**
 * V8 flags of every production instance: their one home (`npm start` runs scripts/start.mjs, which
 * starts `next start` with them). A young generation of at most 4 MB per
 * semi-space: under a steady allocation rate (a 470 MB CSV export streaming through) V8 grows it to
 * its 16 MB maximum and the socket buffers waiting for a scavenge with it; the fresh server then
 * gained 88 MB of RSS during the export, 15 MB with this flag, in the same time
 * (docs/benchmarks.md, issue 23 third pass, h-api).
 */
export const PRODUCTION_NODE_FLAGS = ['--max-semi-space-size=4'];

/** The arguments for `process.execPath`: node flags first (e.g. --trace-gc), then `next start` on the loopback port. */
export function nextStartArgs(port, nodeArgs = []) {
  return [...PRODUCTION_NODE_FLAGS, ...nodeArgs, NEXT_BIN, 'start', '-H', '127.0.0.1', '-p', String(port)];
}

/**
 * The environment of a production instance on `port`: production mode, no
 * telemetry, its database, its session secret, and its public URL (the
 * instance itself unless a balancer is in front).
 */
export function appEnv({ port, databaseUrl, authSecret, authUrl, base = process.env, extra = {} }) {
  return {
    ...base,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: String(port),
    ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
    ...(authSecret === undefined ? {} : { AUTH_SECRET: authSecret }),
    AUTH_URL: authUrl ?? `http://127.0.0.1:${port}`,
    AUTH_TRUST_HOST: 'true',
    ...extra,
  };
}

/** Spawns `next start` on `port`; the other options (env, stdio, detached) go to `spawn` as they are. */
export function startNext({ port, nodeArgs = [], ...spawnOptions }) {
  return spawn(process.execPath, nextStartArgs(port, nodeArgs), spawnOptions);
}

/**
 * Polls `url` until `ready(response)` holds. Resolves `{ ok: true }`, or
 * `{ ok: false, last }` (the last status or error) when `timeoutMs` passes or
 * `child` exits first — the caller decides what a failure says and stops.
 */
export async function waitUntilServing({
  url,
  timeoutMs,
  intervalMs = 250,
  requestTimeoutMs = 10_000,
  ready = (response) => response.ok,
  child,
}) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      return { ok: false, last: `exited (${child.exitCode ?? child.signalCode})` };
    }
    try {
      const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(requestTimeoutMs) });
      await response.body?.cancel();
      if (ready(response)) return { ok: true, last: `HTTP ${response.status}` };
      last = `HTTP ${response.status}`;
    } catch (error) {
      // Not listening yet.
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return { ok: false, last };
}
