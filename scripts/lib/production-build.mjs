/**
 * One production build shared by every suite that serves the app
 * (Playwright, fault tests, the cluster test, benchmarks).
 *
 * `npm test` runs several suites one after another against the same sources,
 * and a build costs from seconds (warm cache) to minutes on two cores. The
 * build is stamped with the git tree id of the working directory it was made
 * from (uncommitted and untracked files included); a later suite reuses it
 * while the stamp still matches and rebuilds as soon as anything changed.
 * Outside a git checkout it always rebuilds.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const STAMP_FILE = 'skillgrid-source-stamp';

/**
 * The git tree id of the working directory as it is (tracked and untracked
 * files, .gitignore respected), computed in a throwaway index so the real one
 * is untouched. Same content, same id — whatever was committed in between.
 * Null outside a git checkout.
 */
export function sourceStamp(cwd = process.cwd()) {
  const index = path.join(mkdtempSync(path.join(tmpdir(), 'skillgrid-stamp-')), 'index');
  const env = { ...process.env, GIT_INDEX_FILE: index };
  try {
    const added = spawnSync('git', ['add', '--all', '.'], { cwd, env, stdio: 'ignore' });
    if (added.status !== 0) return null;
    const tree = spawnSync('git', ['write-tree'], { cwd, env, encoding: 'utf8' });
    return tree.status === 0 ? tree.stdout.trim() : null;
  } finally {
    rmSync(path.dirname(index), { recursive: true, force: true });
  }
}

/**
 * Builds the app into `.next` unless a build of these exact sources is already
 * there. Returns true when it built. Throws when the build fails.
 *
 * `npm test` runs the fault, cluster and benchmark suites at the same time:
 * they take turns here (an exclusive lock across processes), so that when the
 * sources changed one of them builds and the others then reuse that build
 * instead of three `next build`s writing into one `.next`.
 */
export function ensureProductionBuild({ cwd = process.cwd(), log = console.log } = {}) {
  return withBuildLock(cwd, log, () => buildUnlessCurrent(cwd, log));
}

/** Outside the work tree's files (node_modules is ignored), so holding it does not change the source stamp. */
const LOCK_DIR = path.join('node_modules', '.cache', 'skillgrid-build.lock');

function withBuildLock(cwd, log, fn) {
  const lock = path.join(cwd, LOCK_DIR);
  const owner = path.join(lock, 'pid');
  mkdirSync(path.dirname(lock), { recursive: true });
  let waiting = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(owner, String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (lockIsStale(lock, owner)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!waiting) log('[build] another suite is building or checking the build; waiting for it');
      waiting = true;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Held by a process that is gone (killed mid-build), or never given an owner (killed between the two writes). */
function lockIsStale(lock, owner) {
  let pid = 0;
  try {
    pid = Number(readFileSync(owner, 'utf8'));
  } catch {
    // no owner written yet
  }
  if (!pid) {
    try {
      return Date.now() - statSync(lock).mtimeMs > 10_000;
    } catch {
      return false; // released meanwhile: try again
    }
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return error.code === 'ESRCH';
  }
}

function buildUnlessCurrent(cwd, log) {
  const distDir = path.join(cwd, '.next');
  const stampPath = path.join(distDir, STAMP_FILE);
  const stamp = sourceStamp(cwd);
  if (
    stamp &&
    existsSync(path.join(distDir, 'BUILD_ID')) &&
    existsSync(stampPath) &&
    readFileSync(stampPath, 'utf8') === stamp
  ) {
    log('[build] reusing the production build of these sources (.next)');
    return false;
  }
  log('[build] next build');
  const started = Date.now();
  const result = spawnSync('npx', ['next', 'build'], {
    cwd,
    stdio: 'inherit',
    // SKILLGRID_BUILD_FOR_TESTS: no type check inside the build (next.config.mjs); the test command runs tsc itself.
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', SKILLGRID_BUILD_FOR_TESTS: '1' },
  });
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status ?? result.signal})`);
  if (stamp) writeFileSync(stampPath, stamp);
  log(`[build] done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return true;
}
