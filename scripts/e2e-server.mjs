/**
 * The server Playwright tests against (`npm run e2e:server`, started by
 * playwright.config.ts): a fresh embedded database, migrated and seeded, then a
 * production build (reused when the sources have not changed since it was
 * made) served by `next start` on 127.0.0.1:$PORT (3100 unless E2E_PORT says otherwise).
 *
 * The database is prepared while the build runs: `next build` never opens the
 * database (it is opened lazily, at the first request, never at import time;
 * checked: a build with PGLITE_DIR pointing at a new directory leaves none
 * behind), and the two together take the build's time instead of the sum
 * (~10 s of migrate + seed on a slow machine). `next start` waits for both.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import { nextStartArgs } from './lib/app-server.mjs';
import { ensureProductionBuild } from './lib/production-build.mjs';

const port = process.env.PORT || '3100';
const pgliteDir = path.resolve(process.env.PGLITE_DIR || '.data/e2e');

let child;
let stopping = false;

/** The shell convention for "killed by signal": 128 + its number. */
const signalStatus = (signal) => 128 + (constants.signals[signal] ?? 1);

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    stopping = true;
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
    } else {
      process.exit(signalStatus(signal));
    }
  });
}

/** Runs one step with inherited stdio; resolves with its exit code (128 + n for a signal). */
function run(label, command, args) {
  console.log(`[e2e-server] ${label}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  return new Promise((resolve) => {
    child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, PGLITE_DIR: pgliteDir } });
    child.on('error', (error) => {
      console.error(`[e2e-server] ${label} could not start: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      const status = code ?? (signal ? signalStatus(signal) : 1);
      console.log(
        `[e2e-server] ${label} exited with ${signal ?? code} after ${((Date.now() - started) / 1000).toFixed(1)}s`,
      );
      resolve(status);
    });
  });
}

async function main() {
  rmSync(pgliteDir, { recursive: true, force: true });
  console.log(`[e2e-server] fresh embedded database at ${pgliteDir}`);

  const preparing = run('prepare', 'npx', ['tsx', 'scripts/prepare-dev.ts']);
  let built = true;
  try {
    // spawnSync blocks this process's event loop (and signal handling) for the length of a build; the
    // prepare step runs in its own process meanwhile, and its exit is handled once the build returns.
    ensureProductionBuild();
  } catch (error) {
    console.error(`[e2e-server] ${error instanceof Error ? error.message : error}`);
    built = false;
  }
  const prepared = await preparing;
  if (stopping || prepared !== 0) return prepared;
  if (!built) return 1;
  const started = await run('start', process.execPath, nextStartArgs(port));
  if (stopping) return started;
  // `next start` only returns on its own when something went wrong.
  console.error('[e2e-server] next start exited unexpectedly');
  return 1;
}

main().then(
  (status) => process.exit(status),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
