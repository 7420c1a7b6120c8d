/**
 * `npm run audit:deps [-- --strict]`: `npm audit --omit=dev` over the packages
 * the production server loads.
 *
 *   exit 0  no high or critical advisories
 *   exit 1  high or critical advisories found (listed): fix before release
 *   exit 0  "audit endpoint unreachable": nothing was checked, said plainly;
 *           exit 3 with --strict. CI runs it without --strict, so a registry
 *           without the advisory endpoint does not fail the build. It then
 *           lists the direct production dependencies behind the newest
 *           release their range allows (`npm outdated`, plain GETs that
 *           such a registry still serves): information, not a verdict.
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { classifyAudit, summariseOutdated } from './lib/audit-report';

const { values } = parseArgs({ options: { strict: { type: 'boolean', default: false } } });

const audit = spawnSync('npm', ['audit', '--omit=dev', '--json'], {
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
  timeout: 120_000,
});
const outcome = classifyAudit({
  stdout: audit.stdout ?? '',
  stderr: audit.stderr ?? '',
  status: audit.status,
  spawnError: audit.error?.message,
});
for (const line of outcome.lines) console.log(`audit:deps: ${line}`);
if (outcome.kind === 'unreachable') {
  const outdated = spawnSync('npm', ['outdated', '--json'], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    timeout: 120_000,
  });
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies?: Record<string, string> };
  for (const line of summariseOutdated(outdated.stdout ?? '', Object.keys(manifest.dependencies ?? {})))
    console.log(`audit:deps: ${line}`);
}
process.exitCode = outcome.kind === 'vulnerable' ? 1 : outcome.kind === 'unreachable' && values.strict ? 3 : 0;
