/**
 * `npm run soak [-- --smoke] [--port N] [--org slug] [--seconds N] [--warmup N] [--users N] [--no-think]`
 *
 * A load soak of a production server on real PostgreSQL, loopback only:
 * 200 concurrent signed-in users for 60 s (smoke: 20 users for 10 s), each on
 * its own connection, mixing
 *   - autosave (batches to /api/ratings/batch, as /assess sends them; 80 % of the users),
 *   - team pages (/teams/<id> as the team's manager; 15 %),
 *   - gap CSV exports (/api/reports/gaps.csv as an admin; 5 %),
 * three autocannon instances side by side. Each user sends at most one request
 * a second (autocannon's `connectionRate`, its smallest think time, which keeps
 * every connection open — `overallRate` would close connections instead);
 * `--no-think` sends back to back (a stress test: on two shared cores that
 * measures the queue in front of the server, not a soak). Then:
 *   - errors: non-2xx answers, connection errors and timeouts (60 s) over all
 *     three — must be 0;
 *   - lost writes: every autosave the server acknowledged must be in
 *     rating_history (each request writes a distinguishable note) — must be 0;
 *   - memory: after a warm-up of the same mix (`--warmup`, 30 s), the
 *     server's RSS at the start, its peak and at the end — the end within
 *     1.2 × the start — and, from the server's `--trace-gc` lines, the heap
 *     each full collection leaves (what the process still references): its
 *     median in the last third of the run within 1.1 × the first third. RSS
 *     alone cannot tell a leak from V8 keeping pages it grew into. Besides
 *     the collections V8 chooses, the soak forces three in each of those
 *     thirds through the server's loopback inspector (heap-probe.ts; only
 *     the soak's own server is started with it), so that a run whose
 *     young generation never let V8 choose one is still judged.
 *
 * Needs DATABASE_URL (PostgreSQL). Migrates it, seeds the demo organization
 * when `--org` (default `demo`) is missing, builds the app if the sources
 * changed (scripts/lib/production-build.mjs) and serves it with `next start`
 * on 127.0.0.1:<port> (default 3360, SOAK_PORT) with a throwaway AUTH_SECRET.
 * Exits non-zero when a bar is missed.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import postgres from 'postgres';
import { z } from 'zod';
import { appEnv, startNext, waitUntilServing } from '../lib/app-server.mjs';
import { ensureProductionBuild } from '../lib/production-build.mjs';
import { ratingBatchAcknowledges, ratingBatchRequest, runAutosaveLoad, stopChild } from './autosave';
import { findBenchUsers, mintSessionCookie } from './bench-users';
import { heapTrend, parseMajorCollection, type MajorCollection } from './gc-trace';
import { heapAfterFullCollection, inspectorUrlOf } from './heap-probe';
import { runReadLoad } from './read-load';

interface Options {
  smoke: boolean;
  port: number;
  org: string;
  seconds: number;
  warmupSeconds: number;
  users: number;
  think: boolean;
}

function parseArgs(args: string[]): Options {
  const value = (flag: string) => {
    const index = args.indexOf(flag);
    return index >= 0 ? args[index + 1] : undefined;
  };
  const smoke = args.includes('--smoke');
  const int = (flag: string, fallback: number) => {
    const raw = value(flag);
    const parsed = raw === undefined ? fallback : Number.parseInt(raw, 10);
    if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${flag} must be a positive whole number`);
    return parsed;
  };
  return {
    smoke,
    port: int('--port', Number(process.env.SOAK_PORT ?? 3360)),
    org: value('--org') ?? 'demo',
    seconds: int('--seconds', smoke ? 10 : 60),
    warmupSeconds: int('--warmup', smoke ? 5 : 30),
    users: int('--users', smoke ? 20 : 200),
    think: !args.includes('--no-think'),
  };
}

/** Resident memory of a process in bytes (Linux /proc). */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function prepareDatabase(databaseUrl: string, slug: string): Promise<string> {
  const { openConnection, migrateConnection } = await import('@/db');
  const connection = await openConnection({ url: databaseUrl });
  try {
    await migrateConnection(connection);
    const { sql } = await import('drizzle-orm');
    const { column, queryRows } = await import('@/db/rows');
    const find = async () =>
      (
        await queryRows(
          connection.db,
          sql`select id from organizations where slug = ${slug}`,
          z.object({ id: column.text }),
        )
      )[0]?.id;
    let id = await find();
    if (!id && slug === 'demo') {
      console.log('[soak] seeding the demo organization');
      const { refreshPlannerStatistics, seedDemoOrganization } = await import('@/lib/demo/seed-demo');
      await seedDemoOrganization(connection.db);
      await refreshPlannerStatistics(connection.db);
      id = await find();
    }
    if (!id) throw new Error(`no organization with slug ${slug}`);
    return id;
  } finally {
    await connection.close();
  }
}

interface SoakServer {
  child: ChildProcess;
  /** Full collections the server has done so far (appended as its --trace-gc lines arrive). */
  majorCollections: MajorCollection[];
  /** The server's inspector (loopback, random port): where the soak forces full collections. */
  inspectorUrl: string;
}

async function startServer(port: number, databaseUrl: string, authSecret: string): Promise<SoakServer> {
  const baseUrl = `http://127.0.0.1:${port}`;
  // --trace-gc (refused in NODE_OPTIONS) prints one line per collection on stdout: the heap each full
  // collection leaves is the leak test.
  // --inspect on loopback, port 0 (the kernel picks one): the soak forces full collections through it.
  const child = startNext({
    port,
    nodeArgs: ['--trace-gc', '--inspect=127.0.0.1:0'],
    env: appEnv({ port, databaseUrl, authSecret }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const majorCollections: MajorCollection[] = [];
  if (child.stdout) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const collection = parseMajorCollection(line, Date.now());
      if (collection && collection.pid === child.pid) majorCollections.push(collection);
    });
  }
  let inspectorUrl: string | undefined;
  if (child.stderr) {
    createInterface({ input: child.stderr }).on('line', (line) => {
      inspectorUrl ??= inspectorUrlOf(line);
      // The server's own errors stay visible, as with stderr inherited; the inspector's notices do not.
      if (!INSPECTOR_NOTICE.test(line)) console.error(line);
    });
  }
  const served = await waitUntilServing({ url: `${baseUrl}/api/health`, timeoutMs: 60_000, intervalMs: 500, child });
  if (served.ok && inspectorUrl) return { child, majorCollections, inspectorUrl };
  if (served.ok) {
    await stopChild(child);
    throw new Error('the server printed no inspector address (--inspect=127.0.0.1:0)');
  }
  if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
  await stopChild(child);
  throw new Error(`the server did not answer ${baseUrl}/api/health within 60 s`);
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl || !/^postgres(ql)?:/.test(databaseUrl))
    throw new Error('npm run soak needs DATABASE_URL=postgres://… (a real PostgreSQL)');
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const authSecret = randomBytes(32).toString('base64url');

  const organizationId = await prepareDatabase(databaseUrl, options.org);
  ensureProductionBuild({ log: (line) => console.log(`[soak] ${line}`) });

  const autosaveUsers = Math.max(1, Math.round(options.users * 0.8));
  const teamUsers = Math.max(1, Math.round(options.users * 0.15));
  const exportUsers = Math.max(1, options.users - autosaveUsers - teamUsers);

  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  let teamTargets: { path: string; cookie: string }[] = [];
  let exportTargets: { path: string; cookie: string }[] = [];
  try {
    // Each team's page as one of its managers; the organization-wide export as an admin.
    const managers = await sql<{ teamId: string; userId: string; email: string }[]>`
      select t.id as "teamId", u.id as "userId", u.email
      from teams t
      join team_managers tm on tm.organization_id = t.organization_id and tm.team_id = t.id
      join memberships m on m.organization_id = t.organization_id and m.id = tm.membership_id and m.status = 'active'
      join users u on u.id = m.user_id
      where t.organization_id = ${organizationId}
      order by t.id
      limit 50`;
    const admins = await sql<{ userId: string; email: string }[]>`
      select u.id as "userId", u.email from memberships m join users u on u.id = m.user_id
      where m.organization_id = ${organizationId} and m.role = 'admin' and m.status = 'active'
      order by m.id limit 5`;
    const cookie = (user: { userId: string; email: string }) =>
      mintSessionCookie({ baseUrl, authSecret, organizationId, ...user });
    teamTargets = await Promise.all(
      managers.map(async (row) => ({ path: `/teams/${row.teamId}`, cookie: await cookie(row) })),
    );
    exportTargets = await Promise.all(
      admins.map(async (row) => ({ path: '/api/reports/gaps.csv', cookie: await cookie(row) })),
    );
  } finally {
    await sql.end();
  }
  if (teamTargets.length === 0 || exportTargets.length === 0)
    throw new Error('the organization needs teams with managers and an admin');
  const users = await findBenchUsers({ databaseUrl, baseUrl, authSecret, organizationId, count: autosaveUsers });
  if (users.length === 0) throw new Error('no member with an open cycle');

  const server = await startServer(options.port, databaseUrl, authSecret);
  const pid = server.child.pid;
  if (pid === undefined) throw new Error('no server pid');
  try {
    const autosave = {
      label: 'autosave',
      url: baseUrl,
      users,
      organizationId,
      databaseUrl,
      request: ratingBatchRequest(baseUrl, `soak-${randomBytes(6).toString('hex')}`),
      acknowledges: ratingBatchAcknowledges,
    };
    const connectionRate = options.think ? 1 : undefined;
    const runMix = (seconds: number) =>
      Promise.all([
        // A browser's save queue waits for its answer: a slow answer on a busy machine is not an error, a failed one is.
        runAutosaveLoad({
          ...autosave,
          connections: autosaveUsers,
          durationSeconds: seconds,
          timeoutSeconds: 60,
          connectionRate,
        }),
        runReadLoad({
          label: 'team pages',
          baseUrl,
          connections: teamUsers,
          seconds,
          targets: teamTargets,
          connectionRate,
        }),
        runReadLoad({
          label: 'CSV exports',
          baseUrl,
          connections: exportUsers,
          seconds,
          targets: exportTargets,
          connectionRate,
        }),
      ]);
    const mix =
      `${options.users} users: ${autosaveUsers} autosaving, ${teamUsers} on team pages, ${exportUsers} exporting CSV` +
      (options.think ? ' (each at most one request a second)' : ' (back to back)');

    // The same mix first, so "start" is a server that has loaded its routes, filled its pools and grown its
    // heap to this load: from there on, flat means it stops growing.
    console.log(`[soak] warm-up, ${options.warmupSeconds} s: ${mix}`);
    const warmup = await runMix(options.warmupSeconds);
    const rssStart = rssOf(pid);
    let rssPeak = rssStart;
    const samples: number[] = [];
    const sampler = setInterval(() => {
      const rss = rssOf(pid);
      samples.push(rss);
      rssPeak = Math.max(rssPeak, rss);
    }, 1000);

    console.log(`[soak] ${options.seconds} s: ${mix}`);
    const loadStarted = Date.now();
    // Full collections forced under load, three in the first third and three in the last (heap-probe.ts).
    const forced: Promise<void>[] = [];
    const forcedFailures: unknown[] = [];
    const forcers = FORCED_COLLECTIONS_AT.map((fraction) =>
      setTimeout(
        () => {
          // Placed at the moment it was asked for, inside its third, however long the collection takes.
          const at = Date.now();
          forced.push(
            heapAfterFullCollection(server.inspectorUrl).then(
              (bytes) => {
                server.majorCollections.push({ pid, at, beforeMb: Number.NaN, afterMb: bytes / 1024 / 1024 });
              },
              (error: unknown) => {
                forcedFailures.push(error);
              },
            ),
          );
        },
        fraction * options.seconds * 1000,
      ),
    );
    let measured: Awaited<ReturnType<typeof runMix>>;
    try {
      measured = await runMix(options.seconds);
      await Promise.all(forced);
      if (forcedFailures.length > 0) throw new Error('forcing a full collection failed', { cause: forcedFailures[0] });
    } finally {
      clearInterval(sampler);
      for (const timer of forcers) clearTimeout(timer);
    }
    const loadEnded = Date.now();
    const rssEnd = rssOf(pid);
    const [saved, team, exported] = measured;

    const failures = (result: { errors: number; non2xx: number }) => result.errors + result.non2xx;
    const errors = [...warmup, ...measured].reduce((sum, result) => sum + failures(result), 0);
    const lost = warmup[0].lost + saved.lost;
    const unacknowledged = warmup[0].requests - warmup[0].acknowledged + saved.requests - saved.acknowledged;
    const row = (
      load: string,
      result: { requests: number; p50: number; p99: number; errors: number; timeouts: number; non2xx: number },
    ) => ({
      load,
      requests: result.requests,
      'req/s': (result.requests / options.seconds).toFixed(1),
      p50: `${result.p50} ms`,
      p99: `${result.p99} ms`,
      'non-2xx': result.non2xx,
      'conn. errors': result.errors - result.timeouts,
      timeouts: result.timeouts,
    });
    console.table([row('autosave', saved), row('team pages', team), row('CSV exports', exported)]);
    console.log(
      `[soak] warm-up: ${warmup.map((result) => failures(result)).reduce((a, b) => a + b, 0)} errors, ${warmup[0].acknowledged} saves acknowledged, ${warmup[0].lost} lost`,
    );
    console.log(
      `[soak] autosave: ${saved.acknowledged} acknowledged, ${saved.stored} stored, ${saved.lost} lost, ${saved.requests - saved.acknowledged} not acknowledged`,
    );
    console.log(
      `[soak] server RSS: start ${mb(rssStart)}, peak ${mb(rssPeak)}, end ${mb(rssEnd)} (every ${Math.max(1, Math.round(samples.length / 60))} s: ${everyNth(
        samples,
        Math.max(1, Math.round(samples.length / 60)),
      )
        .map((rss) => (rss / 1024 / 1024).toFixed(0))
        .join(' ')})`,
    );
    const trend = heapTrend(server.majorCollections, loadStarted, loadEnded);
    // The forced ones are the entries without a "before" figure (the inspector reports only what is left).
    const forcedCount = server.majorCollections.filter((gc) => Number.isNaN(gc.beforeMb)).length;
    if (trend) {
      console.log(
        `[soak] V8 heap left by full collections: ${trend.firstThirdMb.toFixed(0)} MB (median, first third) → ${trend.lastThirdMb.toFixed(0)} MB (last third), ${trend.collections} full collections (${forcedCount} of them forced by the soak)`,
      );
    }
    // Flat: under the same load after the warm-up, neither the process (RSS) nor what it still references
    // (the heap after a full collection) keeps growing. A leak shows in the second even when V8 hides it in
    // the first; without a full collection in both thirds the run is too short to judge.
    const rssFlat = rssEnd <= rssStart * RSS_GROWTH_LIMIT;
    const heapFlat = trend !== undefined && trend.lastThirdMb <= trend.firstThirdMb * HEAP_GROWTH_LIMIT;
    const pass = errors === 0 && lost === 0 && unacknowledged === 0 && rssFlat && (heapFlat || options.smoke);
    console.log(
      `[soak] ${pass ? 'PASS' : 'FAIL'}: ${errors} errors, ${lost} lost writes, ${unacknowledged} unacknowledged saves; ` +
        `RSS ${rssFlat ? 'flat' : 'grew'} (end ≤ ${RSS_GROWTH_LIMIT} × start); ` +
        `heap ${trend === undefined ? 'not judged (no full collection in the first or last third)' : heapFlat ? 'flat' : 'grew'} (last third ≤ ${HEAP_GROWTH_LIMIT} × first)`,
    );
    if (!pass) process.exitCode = 1;
  } finally {
    await stopChild(server.child);
  }
}

const RSS_GROWTH_LIMIT = 1.2;
const INSPECTOR_NOTICE =
  /^(Debugger (listening|ending) on |Debugger attached\.|For help, see: https:\/\/nodejs\.org\/)/;
/** When, as fractions of the measured run, the soak forces a full collection: inside the first and the last third. */
const FORCED_COLLECTIONS_AT = [0.1, 0.2, 0.3, 0.7, 0.8, 0.9] as const;
const HEAP_GROWTH_LIMIT = 1.1;

function everyNth<T>(values: T[], step: number): T[] {
  return values.filter((_, index) => index % step === 0 || index === values.length - 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
