/**
 * One production build shared by every suite that serves the app
 * (Playwright, fault tests, the cluster test, benchmarks).
 *
 * `next build` takes minutes on two cores, and `npm test` runs several suites
 * one after another against the same sources. The build is stamped with a hash
 * of the sources it was made from (git HEAD plus any uncommitted or untracked
 * change); a later suite reuses it while the stamp still matches, and rebuilds
 * as soon as anything changed. Outside a git checkout it always rebuilds.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const STAMP_FILE = 'skillgrid-source-stamp';

function git(cwd, args) {
  const result = spawnSync('git', args, { cwd, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 });
  return result.status === 0 ? result.stdout : null;
}

/** A hash of the sources the build would be made from, or null when it cannot be known. */
export function sourceStamp(cwd = process.cwd()) {
  const head = git(cwd, ['rev-parse', 'HEAD']);
  const diff = git(cwd, ['diff', 'HEAD', '--binary']);
  const untracked = git(cwd, ['ls-files', '--others', '--exclude-standard', '-z']);
  if (!head || !diff || !untracked) return null;
  const hash = createHash('sha256').update(head).update(diff);
  for (const file of untracked.toString().split('\0').filter(Boolean)) {
    hash.update(file);
    try {
      hash.update(readFileSync(path.join(cwd, file)));
    } catch {
      // A file removed while hashing changes nothing the build would see.
    }
  }
  return hash.digest('hex');
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
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status ?? result.signal})`);
  if (stamp) writeFileSync(stampPath, stamp);
  log(`[build] done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return true;
}
