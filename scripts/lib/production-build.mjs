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
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
 */
export function ensureProductionBuild({ cwd = process.cwd(), log = console.log } = {}) {
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
