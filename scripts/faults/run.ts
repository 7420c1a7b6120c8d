/**
 * `npm run test:faults`: what Skillgrid does when things break.
 *
 *   (a) PostgreSQL restarts while 50 people autosave (real Chromium pages plus
 *       HTTP clients driving the same server action through the same queue):
 *       nothing acknowledged or queued is lost, /api/health says 503 during
 *       the outage, and the app answers within 5 s of the database coming back.
 *   (b) The app server is SIGKILLed in the middle of a CSV export: the client
 *       sees a broken download, no success is audited, the next export works.
 *   (c) The browser loses the server during an assessment (the e2e scenario
 *       from tests/e2e/assess.spec.ts, here against PostgreSQL).
 *   (d) 1,000 reminders are due: two job workers send them, one is killed
 *       mid-batch, PostgreSQL restarts; each arrives once (scripts/faults/notify-kill.ts, printed as
 *       `sent N, duplicates 0, lost 0`).
 *
 * Everything runs on its own throwaway PostgreSQL cluster and production
 * server, which are stopped whatever happens. Without PostgreSQL server
 * binaries the suite is skipped with a message.
 *
 * FAULTS_ONLY=a,b,c,d picks scenarios; FAULTS_BROWSERS sets how many of the 50
 * users are real browser pages; FAULTS_SKIP_BUILD=1 serves whatever is in .next.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { ensureProductionBuild } from '../lib/production-build.mjs';
import { startApp, type AppServer } from './app-server';
import { runAutosaveRestart } from './autosave-restart';
import { runExportKill } from './export-kill';
import { runNotifyKill } from './notify-kill';
import { runOfflineAssessment } from './offline-assessment';
import { postgresBinDir } from '../lib/postgres-bin';
import { createCluster } from './postgres';
import { cleanupAll, freePort, installSignalHandlers, onCleanup, runOrThrow } from './processes';
import type { Harness } from './harness';
import { buildFaultWorld } from './world';

const USERS = 50;

const elapsed = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

async function main(): Promise<number> {
  const started = Date.now();
  const bindir = postgresBinDir();
  if (!bindir) {
    console.log(
      '[faults] SKIPPED: no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (install the postgresql package to run the fault tests)',
    );
    return 0;
  }
  const only = new Set((process.env.FAULTS_ONLY ?? 'a,b,c,d').split(',').map((part) => part.trim()));
  installSignalHandlers();

  const logDir = path.resolve('.data/faults');
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });

  const pgPort = await freePort(5460, 5469);
  const cluster = await createCluster(bindir, pgPort);
  console.log(`[faults] PostgreSQL on 127.0.0.1:${pgPort} (${cluster.root}) in ${elapsed(started)}`);
  const env = { ...process.env, DATABASE_URL: cluster.url };
  await runOrThrow('npm run db:migrate', 'npm', ['run', 'db:migrate'], { env });
  await runOrThrow('npm run db:seed', 'npm', ['run', 'db:seed'], { env });
  console.log(`[faults] migrated and seeded in ${elapsed(started)}`);

  // The suite's own connection, to check what is really in the database.
  const sql = postgres(cluster.url, { max: 2, onnotice: () => {} });
  onCleanup('checker connection', () => sql.end({ timeout: 2 }));
  const world = await buildFaultWorld(sql, USERS);

  // Scenario (d) needs no web server: with FAULTS_ONLY=d neither the build nor `next start` is waited for.
  const needsApp = ['a', 'b', 'c'].some((key) => only.has(key)) || process.env.FAULTS_HOLD === '1';
  if (needsApp && process.env.FAULTS_SKIP_BUILD !== '1') {
    ensureProductionBuild({ log: (line) => console.log(`[faults] ${line}`) });
  }

  const appPort = await freePort(3400, 3449);
  let app: AppServer | undefined = needsApp
    ? await startApp({ port: appPort, databaseUrl: cluster.url, logFile: path.join(logDir, 'app.log') })
    : undefined;
  if (app) console.log(`[faults] app on ${app.baseUrl} in ${elapsed(started)}`);
  const harness: Harness = {
    cluster,
    sql,
    world,
    logDir,
    app: () => {
      if (!app) throw new Error('no app server in this run');
      return app;
    },
    restartApp: async () => {
      await app?.kill('SIGTERM');
      app = await startApp({ port: appPort, databaseUrl: cluster.url, logFile: path.join(logDir, 'app.log') });
      return app;
    },
  };

  if (process.env.FAULTS_HOLD === '1') {
    console.log(`[faults] holding: DATABASE_URL=${cluster.url} app=${app?.baseUrl} (Ctrl-C stops everything)`);
    await new Promise(() => {});
  }

  const failures: string[] = [];
  const scenario = async (key: string, label: string, body: () => Promise<void>) => {
    if (!only.has(key)) return;
    const at = Date.now();
    console.log(`\n[faults] (${key}) ${label}`);
    try {
      await body();
      console.log(`[faults] (${key}) passed in ${elapsed(at)}`);
    } catch (error) {
      failures.push(key);
      console.error(
        `[faults] (${key}) FAILED after ${elapsed(at)}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
  };

  await scenario('a', 'PostgreSQL restarts while 50 users autosave', () => runAutosaveRestart(harness));
  await scenario('b', 'the app server is killed in the middle of a CSV export', () => runExportKill(harness));
  await scenario('c', 'the browser loses the server during an assessment', () => runOfflineAssessment(harness));
  await scenario('d', 'two workers send 1,000 due reminders; one is killed, PostgreSQL restarts', () =>
    runNotifyKill(harness),
  );

  console.log(
    `\n[faults] ${failures.length === 0 ? 'all scenarios passed' : `FAILED: ${failures.join(', ')}`} in ${elapsed(started)}`,
  );
  return failures.length === 0 ? 0 : 1;
}

main()
  .then(async (code) => {
    await cleanupAll();
    process.exit(code);
  })
  .catch(async (error: unknown) => {
    console.error(error);
    await cleanupAll();
    process.exit(1);
  });
