/**
 * `npm run test:cluster`: Skillgrid scaled out on one machine, loopback only.
 *
 *   Chromium / autocannon
 *        │
 *     HAProxy :3600 (round robin, X-Served-By)
 *     ┌──┴─────────┬──────────┐
 *   next :3601  next :3602  next :3603     same build, same AUTH_SECRET
 *     │  writes + own reads  │  heavy reads (DATABASE_READ_URL)
 *   PgBouncer :5492 (transaction pooling)  │
 *     │                                    │
 *   PostgreSQL primary :5490 ──WAL──▶ streaming replica :5491
 *
 * Then Playwright (scripts/cluster/playwright.config.ts) runs the e2e suite's
 * own /assess flow and scripts/cluster/cluster.spec.ts through the balancer,
 * the replica is stopped to show that reports fall back to the primary
 * (scripts/cluster/replica-outage.ts), and this prints what they measured. Everything started is stopped again,
 * on success, failure or Ctrl-C. Skips (exit 0, with a message) only when
 * PostgreSQL, PgBouncer or HAProxy is not installed.
 *
 * Last, each instance's job worker (JOBS_WORKER=in-process) sends a batch of
 * due reminders to an SMTP server in this process (scripts/cluster/reminders.ts):
 * counted per instance, none twice, none lost.
 *
 * CLUSTER_REUSE_BUILD=1 serves whatever build is in .next (for iterating on
 * this script, whose own edits would otherwise trigger a rebuild).
 * CLUSTER_ONLY=reminders skips Playwright and the replica outage.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { appEnv, nextStartArgs, waitUntilServing } from '../lib/app-server.mjs';
import { ensureProductionBuild } from '../lib/production-build.mjs';
import { APP_DATABASE, APP_PASSWORD, APP_USER, Stack, killGroup, missingBinaries, portOpen } from './infrastructure';
import { checkReminders, startReminderSink, type RemindersResult } from './reminders';
import { checkReplicaOutage, type ReplicaOutageResult } from './replica-outage';
import type { ClusterResults } from './results';

const BALANCER_PORT = 3600;
const STATS_PORT = 3609;
const APP_PORTS = [3601, 3602, 3603];
const DB_PORTS = { primary: 5490, replica: 5491, pgbouncer: 5492 };
// Shared by every instance: a session signed by one is accepted by the others.
const AUTH_SECRET = 'skillgrid-cluster-test-only-secret-0123456789abcdef';

const log = (line: string) => console.log(line);
const started = Date.now();
const timings: [string, number][] = [];
let phaseStart = Date.now();
function phase(name: string): void {
  timings.push([name, Date.now() - phaseStart]);
  phaseStart = Date.now();
}

function runStep(label: string, command: string, args: string[], env: NodeJS.ProcessEnv): void {
  log(`[cluster] ${label}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env, cwd: process.cwd() });
  if (result.status !== 0) throw new Error(`${label} failed (exit ${result.status ?? result.signal})`);
}

async function waitForHealth(url: string, label: string, timeoutMs: number): Promise<void> {
  const served = await waitUntilServing({ url, timeoutMs, intervalMs: 500 });
  if (!served.ok) throw new Error(`${label} not healthy within ${timeoutMs / 1000} s (${served.last})`);
}

interface ServerStats {
  name: string;
  sessions: number;
  responses2xx: number;
  responses3xx: number;
  responses4xx: number;
  responses5xx: number;
}

/** Per-instance totals from HAProxy's CSV stats. */
async function haproxyStats(): Promise<ServerStats[]> {
  const text = await (await fetch(`http://127.0.0.1:${STATS_PORT}/stats;csv`)).text();
  const [header, ...lines] = text.trim().split('\n');
  const columns = (header ?? '').replace(/^# /, '').split(',');
  const at = (row: string[], name: string) => Number(row[columns.indexOf(name)] || 0);
  return lines
    .map((line) => line.split(','))
    .filter((row) => row[0] === 'app' && row[1] !== 'BACKEND')
    .map((row) => ({
      name: row[1] ?? '?',
      sessions: at(row, 'stot'),
      responses2xx: at(row, 'hrsp_2xx'),
      responses3xx: at(row, 'hrsp_3xx'),
      responses4xx: at(row, 'hrsp_4xx'),
      responses5xx: at(row, 'hrsp_5xx'),
    }));
}

async function main(): Promise<number> {
  const missing = missingBinaries();
  if (missing.length > 0) {
    log(`test:cluster SKIPPED: not installed here: ${missing.join('; ')}. (.ci/run installs them.)`);
    return 0;
  }
  const stack = new Stack(DB_PORTS, log);
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      interrupted = true;
      log(`[cluster] ${signal}: stopping everything`);
      void stack.stop().then(() => process.exit(130));
    });
  }
  const instanceNames = APP_PORTS.map((_, index) => `app${index + 1}`);
  try {
    stack.startPrimary();
    stack.startReplica();
    await stack.startPgBouncer();
    phase('databases');

    const viaPgBouncer = `postgres://${APP_USER}:${APP_PASSWORD}@127.0.0.1:${DB_PORTS.pgbouncer}/${APP_DATABASE}?pgbouncer=true`;
    const replicaUrl = `postgres://${APP_USER}:${APP_PASSWORD}@127.0.0.1:${DB_PORTS.replica}/${APP_DATABASE}`;
    const baseEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', DATABASE_READ_URL: '', PGLITE_DIR: '' };
    const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');
    // Three migrations at once on the empty database, through PgBouncer: the
    // transaction-scoped advisory lock must serialise them behind transaction pooling.
    log('[cluster] 3 concurrent migrations through PgBouncer');
    const migrations = await Promise.all(
      [1, 2, 3].map(
        () =>
          new Promise<number>((resolve) => {
            const child = spawn(tsx, ['scripts/db-migrate.ts'], {
              cwd: process.cwd(),
              env: { ...baseEnv, DATABASE_URL: viaPgBouncer },
              stdio: 'inherit',
              detached: true,
            });
            stack.onStop('db:migrate', () => killGroup(child));
            child.on('exit', (code) => resolve(code ?? 1));
          }),
      ),
    );
    if (migrations.some((code) => code !== 0))
      throw new Error(`concurrent migrations failed: exit codes ${migrations.join(', ')}`);
    const applied = stack.psql(`select count(*) from drizzle.__drizzle_migrations`, APP_DATABASE).trim();
    const files = readdirSync(path.join(process.cwd(), 'db', 'migrations')).filter((name) =>
      name.endsWith('.sql'),
    ).length;
    if (Number(applied) !== files)
      throw new Error(`${applied} migrations recorded for ${files} files after concurrent runs`);
    log(`[cluster] migrations applied once each (${applied} of ${files})`);
    runStep('seed through PgBouncer', tsx, ['scripts/db-seed.ts'], { ...baseEnv, DATABASE_URL: viaPgBouncer });
    phase('migrate + seed');

    if (process.env.CLUSTER_REUSE_BUILD === '1' && existsSync(path.join(process.cwd(), '.next', 'BUILD_ID'))) {
      log('[cluster] CLUSTER_REUSE_BUILD=1: serving the build in .next as it is');
    } else {
      ensureProductionBuild({ log });
    }
    phase('build');

    const balancerUrl = `http://127.0.0.1:${BALANCER_PORT}`;
    const mailSink = await startReminderSink();
    stack.onStop('SMTP sink', () => mailSink.close());
    APP_PORTS.forEach((port, index) => {
      stack.spawnTracked(`next start ${instanceNames[index]}`, process.execPath, nextStartArgs(port), {
        env: appEnv({
          port,
          base: baseEnv,
          databaseUrl: viaPgBouncer,
          authSecret: AUTH_SECRET,
          // Users only ever see the balancer's address.
          authUrl: balancerUrl,
          // HAProxy (one hop) sets X-Forwarded-For and X-Forwarded-Proto: believe it, and only it.
          // Each instance runs a job worker too, mailing through the sink under its own name (EHLO).
          extra: {
            DATABASE_READ_URL: replicaUrl,
            TRUSTED_PROXY_HOPS: '1',
            JOBS_WORKER: 'in-process',
            SMTP_URL: mailSink.urlFor(instanceNames[index] ?? `app${index}`),
          },
        }),
      });
    });
    // Started together: all three migrate at once at their first query (the lock serialises them).
    await Promise.all(
      APP_PORTS.map((port, index) =>
        waitForHealth(`http://127.0.0.1:${port}/api/health`, instanceNames[index] ?? '', 180_000),
      ),
    );
    await stack.startHaproxy(
      BALANCER_PORT,
      STATS_PORT,
      APP_PORTS.map((port, index) => ({ name: instanceNames[index] ?? `app${index}`, port })),
    );
    await waitForHealth(`${balancerUrl}/api/health`, 'the balancer', 30_000);
    phase('instances + balancer');

    const onlyReminders = process.env.CLUSTER_ONLY === 'reminders';
    const resultsFile = path.join(stack.root, 'results.json');
    const runPlaywright = async (): Promise<number> => {
      const playwright = spawn(
        process.execPath,
        [
          path.join(process.cwd(), 'node_modules', '@playwright', 'test', 'cli.js'),
          'test',
          '--config',
          'scripts/cluster/playwright.config.ts',
        ],
        {
          cwd: process.cwd(),
          stdio: 'inherit',
          detached: true,
          env: {
            ...baseEnv,
            CLUSTER_BASE_URL: balancerUrl,
            CLUSTER_RESULTS: resultsFile,
            CLUSTER_INSTANCES: instanceNames.join(','),
            // The bootstrap superuser, direct (no PgBouncer): the spec checks what was stored and where reads ran.
            CLUSTER_PRIMARY_URL: `postgres://postgres@127.0.0.1:${DB_PORTS.primary}/${APP_DATABASE}`,
            CLUSTER_REPLICA_URL: `postgres://postgres@127.0.0.1:${DB_PORTS.replica}/${APP_DATABASE}`,
          },
        },
      );
      stack.onStop('Playwright', () => killGroup(playwright));
      return new Promise<number>((resolve) => playwright.on('exit', (code) => resolve(code ?? 1)));
    };
    const playwrightStatus = onlyReminders ? 0 : await runPlaywright();
    phase('playwright');

    const stats = await haproxyStats();
    const results: Partial<ClusterResults> = existsSync(resultsFile)
      ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as Partial<ClusterResults>)
      : {};
    const failures: string[] = [];
    let outage: ReplicaOutageResult | undefined;
    try {
      if (!onlyReminders)
        outage = await checkReplicaOutage({
          stack,
          instancePorts: APP_PORTS,
          balancerUrl,
          authSecret: AUTH_SECRET,
          log,
        });
      if (outage && !outage.csvSameAsFromReplica)
        failures.push('the gap CSV from the primary differs from the one the replica served');
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
    phase('replica outage');
    let reminders: RemindersResult | undefined;
    try {
      reminders = await checkReminders(`postgres://postgres@127.0.0.1:${DB_PORTS.primary}/${APP_DATABASE}`, mailSink);
      if (reminders.duplicates > 0 || reminders.lost > 0)
        failures.push(`reminders: ${reminders.duplicates} duplicates, ${reminders.lost} lost`);
    } catch (error) {
      failures.push(`reminders: ${error instanceof Error ? error.message : String(error)}`);
    }
    phase('reminders');
    if (playwrightStatus !== 0) failures.push(`Playwright exited with ${playwrightStatus}`);
    const serverErrors = stats.reduce((sum, server) => sum + server.responses5xx, 0);
    if (serverErrors > 0) failures.push(`${serverErrors} responses with status 5xx`);
    const idle = onlyReminders ? [] : stats.filter((server) => server.responses2xx === 0).map((server) => server.name);
    if (idle.length > 0) failures.push(`instances that served nothing: ${idle.join(', ')}`);

    const burst = results.burst;
    const replica = results.replica;
    log('');
    log('=== test:cluster ===');
    log(`instances: ${stats.length} behind HAProxy round robin; PgBouncer transaction pooling; 1 streaming replica`);
    log(
      `requests through the balancer: ${stats.reduce((sum, s) => sum + s.sessions, 0)} (` +
        stats
          .map(
            (s) =>
              `${s.name} ${s.sessions}: 2xx ${s.responses2xx}, 3xx ${s.responses3xx}, 4xx ${s.responses4xx}, 5xx ${s.responses5xx}`,
          )
          .join('; ') +
        ')',
    );
    if (results.session) {
      log(
        `one signed-in browser user, pages served by: ${Object.entries(results.session.documentsByInstance)
          .map(([name, n]) => `${name} ${n}`)
          .join(', ')}`,
      );
    }
    if (burst) {
      log(
        `autosave burst: ${burst.requests} requests, ${burst.errors} errors, ${burst.non2xx} non-2xx; ` +
          `saves acknowledged ${burst.acknowledged}, stored ${burst.stored}, lost ${burst.lost}; ` +
          `by instance ${Object.entries(burst.byInstance)
            .map(([name, n]) => `${name} ${n}`)
            .join(', ')}; ` +
          `${burst.ratingsPerSecond.toFixed(0)} ratings/s in ${(burst.durationMs / 1000).toFixed(1)} s`,
      );
    } else if (!onlyReminders) failures.push('no autosave burst results');
    if (results.rateLimit) {
      log(
        `rate limit: ${results.rateLimit.failures} failed sign-ins over ${Object.keys(results.rateLimit.byInstance).length} instances ` +
          `(${Object.entries(results.rateLimit.byInstance)
            .map(([name, n]) => `${name} ${n}`)
            .join(', ')}), next correct sign-in refused: ${results.rateLimit.blocked}`,
      );
    } else if (!onlyReminders) failures.push('no rate-limit results');
    if (replica) {
      log(
        `reads served by the replica: ${replica.statements} statements in ${replica.transactions} transactions during the report + CSV ` +
          `(primary ran ${replica.primaryReportStatements} report statements); CSV ${replica.csvRows} rows from the replica in ` +
          `${(replica.csvMs / 1000).toFixed(2)} s = ${replica.csvRowsPerSecond.toFixed(0)} rows/s (first download ${(replica.csvColdMs / 1000).toFixed(2)} s)`,
      );
    } else if (!onlyReminders) failures.push('no replica results');
    if (reminders) {
      log(
        `reminders: ${reminders.due} due, sent ${reminders.sent} (${Object.entries(reminders.byInstance)
          .map(([name, n]) => `${name} ${n}`)
          .join(
            ', ',
          )}), duplicates ${reminders.duplicates}, lost ${reminders.lost}, in ${reminders.seconds.toFixed(1)} s ` +
          `by the instances' own job workers`,
      );
    }
    if (outage) {
      log(
        `replica stopped: every instance served the gap report, a team page and the gap CSV from the primary ` +
          `${outage.recoveredAfterSeconds.toFixed(1)} s later (${outage.failedBeforeRecovery} failed requests before that), same CSV rows: ${outage.csvSameAsFromReplica}`,
      );
    }
    phase('report');
    log(
      `timings: ${timings.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join(', ')}; total ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    if (failures.length > 0) {
      log(`test:cluster FAILED: ${failures.join('; ')}`);
      return 1;
    }
    log('test:cluster passed');
    return 0;
  } catch (error) {
    if (!interrupted)
      log(`test:cluster FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  } finally {
    await stack.stop();
    // Best effort: nothing of ours may still listen.
    for (const port of [BALANCER_PORT, ...APP_PORTS, ...Object.values(DB_PORTS)]) {
      if (await portOpen(port)) log(`[cluster] warning: something still listens on ${port}`);
    }
  }
}

main().then(
  (status) => process.exit(status),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
