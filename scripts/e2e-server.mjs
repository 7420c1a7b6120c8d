/**
 * The server Playwright tests against (`npm run e2e:server`, started by
 * playwright.config.ts): a fresh embedded database, migrated and seeded, then a
 * production build (reused when the sources have not changed since it was
 * made) served by `next start` on 127.0.0.1:$PORT (3100 unless E2E_PORT says otherwise).
 *
 * Steps run one after another because only one process at a time may open the
 * PGlite directory: prepare-dev closes it before `next build` opens it.
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

  const prepared = await run('prepare', 'npx', ['tsx', 'scripts/prepare-dev.ts']);
  if (stopping || prepared !== 0) return prepared;
  try {
    // spawnSync blocks signal handling for the length of a build; Playwright waits for it anyway.
    ensureProductionBuild();
  } catch (error) {
    console.error(`[e2e-server] ${error instanceof Error ? error.message : error}`);
    return 1;
  }
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
