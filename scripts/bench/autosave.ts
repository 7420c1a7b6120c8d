/**
 * Autosave under load: N signed-in members (100; 5 in smoke) each keep one
 * connection busy saving a rating for D seconds (30; 3 in smoke) through the
 * real autosave path — a batch POSTed to /api/ratings/batch exactly as the
 * browser's queue sends it (components/assess/batch-sender.ts), with the
 * browser's client id and sequence numbers — and then the same load against a
 * bare Node `http` server doing an upsert through postgres.js on the same
 * database (bare-autosave-server.ts).
 *
 * Every request writes a distinguishable note (`bench:<run>:<user>:<seq>`);
 * a request counts as acknowledged only when the answer lists its change's
 * sequence number as applied. After the run every acknowledged note must be in rating_history:
 * "lost" is acknowledged minus stored.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { batchBody } from '@/components/assess/batch-sender';
import { cpuMillisecondsOf, findBenchUsers, pidListeningOn, type BenchUser } from './bench-users';
import { runReadLoad } from './read-load';
import type { BenchRow, BenchTarget } from './types';

export interface LoadResult {
  label: string;
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Connection errors and timeouts (autocannon counts a timeout as an error too). */
  errors: number;
  timeouts: number;
  non2xx: number;
  acknowledged: number;
  stored: number;
  lost: number;
  /** CPU the server process spent per request (ms), when its pid is known. */
  cpuPerRequest: number | null;
  /** Changes carried by the answered requests. */
  changes: number;
  /** CPU the server process spent per saved rating (ms): per request divided by the batch size. */
  cpuPerChange: number | null;
}

interface AutosaveLoad {
  label: string;
  url: string;
  users: readonly BenchUser[];
  organizationId: string;
  databaseUrl: string;
  connections: number;
  durationSeconds: number;
  /** How a batch of changes (one, unless `changesPerRequest`) becomes a request on this server. */
  request: (
    user: BenchUser,
    changes: readonly BenchChange[],
  ) => { path: string; headers: Record<string, string>; body: string };
  /** Whether the answer says this change was stored. */
  acknowledges: (body: string, change: BenchChange) => boolean;
  /** The server's pid, to measure its CPU per request. */
  serverPid?: number | null;
  /** Seconds before autocannon gives up on an answer (10). */
  timeoutSeconds?: number;
  /** At most this many requests per second per connection (a whole number, autocannon's limit); unset = back to back. */
  connectionRate?: number;
  /** Changes per request (1): more is a batch, as the browser's queue sends after a burst of edits. */
  changesPerRequest?: number;
}

export interface BenchChange {
  skillId: string;
  level: number;
  notApplicable: false;
  interest: boolean;
  note: string;
  changedAt: string;
  clientChangeId: string;
  /** Increasing over the run; with the run's client id, what the batch route orders by. */
  seq: number;
}

const USER_HEADER = 'x-bench-user';
const SLOT_HEADER = 'x-bench-slot';
const COUNT_HEADER = 'x-bench-count';

/**
 * The request the browser's save queue makes: one batch to /api/ratings/batch, the body built by the
 * page's own sender code. One client id per run: sequence numbers rise over the run, and a user's
 * connections save different skills, so no change of the run overtakes another.
 */
export function ratingBatchRequest(baseUrl: string, clientId: string) {
  const origin = new URL(baseUrl).origin;
  return (user: BenchUser, changes: readonly BenchChange[]) => ({
    path: '/api/ratings/batch',
    headers: { 'content-type': 'application/json', origin, cookie: user.cookie },
    body: JSON.stringify(batchBody(user.cycleId, clientId, changes)),
  });
}

export function ratingBatchAcknowledges(body: string, change: BenchChange): boolean {
  // The answer lists the applied sequence numbers ({"applied":[…],"stale":[…]}).
  const applied = /"applied":\[([^\]]*)\]/.exec(body)?.[1] ?? '';
  return applied.split(',').includes(String(change.seq));
}

/**
 * Drives one autocannon run. autocannon clones the request per connection and
 * keeps its headers object between requests, so the user index stored in a
 * header on a connection's first request pins that connection to one user
 * (the context object would not: autocannon resets it every loop).
 */
export async function runAutosaveLoad(load: AutosaveLoad): Promise<LoadResult> {
  const run = randomBytes(4).toString('hex');
  const prefix = `bench:${run}:`;
  let nextConnection = 0;
  let sequence = 0;
  // Sequence numbers rise across runs too (warm-up, then the measured run, soak rounds) under one client id:
  // a run restarting at 1 would have every change answered as stale, rightly, and counted as unacknowledged.
  const seqBase = Date.now() * 1024;
  const sharers = Math.max(1, Math.ceil(load.connections / load.users.length));
  const acknowledged = new Set<string>();
  // Answers received: autocannon's own total also counts requests still in flight when the run stops.
  let answered = 0;
  // Changes in the answered requests: with batches, more than the requests.
  let sent = 0;
  const url = new URL(load.url);
  const cpuBefore = load.serverPid ? cpuMillisecondsOf(load.serverPid) : null;

  const result = await autocannon({
    url: url.origin,
    connections: load.connections,
    duration: load.durationSeconds,
    timeout: load.timeoutSeconds ?? 10,
    ...(load.connectionRate ? { connectionRate: load.connectionRate } : {}),
    requests: [
      {
        method: 'POST',
        setupRequest: (request, context) => {
          const headers = (request.headers ?? {}) as Record<string, string>;
          request.headers = headers;
          if (headers[USER_HEADER] === undefined) {
            const connection = nextConnection++;
            headers[USER_HEADER] = String(connection % load.users.length);
            headers[SLOT_HEADER] = String(Math.floor(connection / load.users.length));
            headers[COUNT_HEADER] = '0';
          }
          const index = Number(headers[USER_HEADER]);
          const user = load.users[index];
          if (!user) throw new Error('no bench user');
          // With more connections than users, a user's connections save side by side. Each takes its own
          // skills (its slot, then every `sharers`-th): two of them racing on one skill would have the older
          // change refused as stale (newest change wins), rightly, and counted here as unacknowledged.
          const perRequest = Math.max(1, load.changesPerRequest ?? 1);
          const perSlot = Math.max(1, Math.floor(user.skillIds.length / sharers));
          const changes: BenchChange[] = [];
          for (let k = 0; k < perRequest; k += 1) {
            const own = Number(headers[COUNT_HEADER]);
            headers[COUNT_HEADER] = String(own + 1);
            const skillIndex = (Number(headers[SLOT_HEADER]) + sharers * (own % perSlot)) % user.skillIds.length;
            const seq = sequence++;
            changes.push({
              skillId: user.skillIds[skillIndex] ?? '',
              level: seq % 4,
              notApplicable: false,
              interest: seq % 2 === 0,
              note: `${prefix}${index}:${seq}`,
              changedAt: new Date().toISOString(),
              clientChangeId: `${run}-${seq}`,
              seq: seqBase + seq,
            });
          }
          (context as { changes?: BenchChange[] }).changes = changes;
          const built = load.request(user, changes);
          Object.assign(headers, built.headers);
          request.path = built.path;
          request.body = built.body;
          return request;
        },
        onResponse: (status, body, context) => {
          answered += 1;
          const changes = (context as { changes?: BenchChange[] }).changes ?? [];
          sent += changes.length;
          for (const change of changes) {
            if (status === 200 && load.acknowledges(body, change)) acknowledged.add(change.note);
          }
        },
      },
    ],
  });

  const cpuAfter = load.serverPid ? cpuMillisecondsOf(load.serverPid) : null;
  const sql = postgres(load.databaseUrl, { max: 1, onnotice: () => {} });
  let storedNotes: Set<string>;
  try {
    const rows = await sql<{ note: string }[]>`
      select note from rating_history
      where organization_id = ${load.organizationId} and note like ${`${prefix}%`}`;
    storedNotes = new Set(rows.map((row) => row.note));
  } finally {
    await sql.end();
  }
  let lost = 0;
  for (const note of acknowledged) if (!storedNotes.has(note)) lost += 1;

  return {
    label: load.label,
    requests: answered,
    requestsPerSecond: answered / load.durationSeconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    acknowledged: acknowledged.size,
    stored: storedNotes.size,
    lost,
    cpuPerRequest: cpuBefore !== null && cpuAfter !== null && answered > 0 ? (cpuAfter - cpuBefore) / answered : null,
    changes: sent,
    cpuPerChange: cpuBefore !== null && cpuAfter !== null && sent > 0 ? (cpuAfter - cpuBefore) / sent : null,
  };
}

/** Starts the bare baseline server on a free port; resolves once it listens. */
export async function startBareAutosaveServer(databaseUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const script = path.join(__dirname, 'bare-autosave-server.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = /listening (\d+)/.exec(seen);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`bare autosave server exited (${code})`)));
    setTimeout(() => reject(new Error('bare autosave server did not start in 20 s')), 20_000).unref();
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function bareRequest(organizationId: string) {
  // The bare server's runs send one change per request (they never set changesPerRequest).
  return (user: BenchUser, changes: readonly BenchChange[]) => ({
    path: '/autosave',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ organizationId, membershipId: user.membershipId, cycleId: user.cycleId, changes }),
  });
}

function bareAcknowledges(body: string, change: BenchChange): boolean {
  return body.includes(`"applied":["${change.clientChangeId}"]`);
}

/** A few requests before measuring: the first ones open pools and warm the JIT on both servers. */
async function warmUp(load: AutosaveLoad): Promise<void> {
  await runAutosaveLoad({ ...load, connections: Math.min(4, load.connections), durationSeconds: 1 });
}

const ms = (value: number) => `${value.toFixed(0)} ms`;

/**
 * autocannon's latency percentiles cover the answered requests only: a request it gave up on (its
 * timeout) is not in them. With more than 1% of the requests unanswered the true p99 is at least the
 * timeout — a run where nothing was answered showed "p99 0 ms" and passed the bar. Null: not known
 * better than "at least the timeout".
 */
export function p99WithTimeouts(result: LoadResult): number | null {
  const sent = result.requests + result.timeouts;
  if (sent === 0) return null;
  return result.timeouts / sent > 0.01 ? null : result.p99;
}

function p99Text(result: LoadResult, timeoutSeconds: number): string {
  const p99 = p99WithTimeouts(result);
  return p99 === null
    ? `≥ ${timeoutSeconds * 1000} ms (${result.timeouts} of ${result.requests + result.timeouts} requests unanswered at ${timeoutSeconds} s)`
    : ms(p99);
}

/** Issue 23's autosave bars. */
export const CPU_PER_RATING_BAR_MS = 0.5;
export const FLOOR_RATIO_BAR = 0.8;
export const OPEN_LOOP_P99_BAR_MS = 150;
const BATCH_SIZE = 5;

/**
 * Open loop: many people, each changing one rating a second (autocannon's `connectionRate` 1 per
 * connection, one connection per person), for 60 s — 1,000 people in the full run, 20 for 3 s in smoke.
 * Unlike the closed loop, requests do not wait for each other: a slow server meets the same arrival rate and
 * its latency shows it. Bars: p99 < 150 ms (full run), every change acknowledged and stored (both).
 */
async function measureOpenLoop(appLoad: AutosaveLoad, target: BenchTarget): Promise<BenchRow[]> {
  const people = target.smoke ? 20 : 1000;
  const seconds = target.smoke ? 3 : 60;
  const users = await findBenchUsers({
    databaseUrl: target.databaseUrl,
    baseUrl: target.baseUrl,
    authSecret: target.authSecret,
    organizationId: target.organizationId,
    count: people,
  });
  const result = await runAutosaveLoad({
    ...appLoad,
    label: 'skillgrid, open loop',
    users,
    connections: people,
    durationSeconds: seconds,
    connectionRate: 1,
  });
  const label = `autosave open loop: ${people} people × 1 change/s, ${seconds} s (${users.length} distinct members)`;
  return [
    {
      measure: `${label}: p50 / p99`,
      skillgrid: `${ms(result.p50)} / ${p99Text(result, appLoad.timeoutSeconds ?? 10)} (${result.requestsPerSecond.toFixed(0)} req/s)`,
      baseline: '—',
      ratio: null,
      bar: `p99 < ${OPEN_LOOP_P99_BAR_MS} ms`,
      pass: target.smoke ? null : (p99WithTimeouts(result) ?? Infinity) < OPEN_LOOP_P99_BAR_MS,
    },
    {
      measure: `${label}: acknowledged = stored`,
      // What an error was: autocannon gave up waiting (its timeout; the server may still store the change,
      // so stored > acknowledged), a connection failed, or the server answered non-2xx.
      skillgrid: `${result.acknowledged} of ${result.changes} = ${result.stored} stored (${result.lost} lost, ${result.errors + result.non2xx} errors: ${result.timeouts} timeouts at ${appLoad.timeoutSeconds ?? 10} s, ${result.errors - result.timeouts} connection errors, ${result.non2xx} non-2xx)`,
      baseline: '—',
      ratio: null,
      bar: '0 lost, every change acknowledged',
      pass:
        result.lost === 0 &&
        result.acknowledged > 0 &&
        result.acknowledged === result.changes &&
        result.errors + result.non2xx === 0,
    },
  ];
}

export async function measureAutosave(target: BenchTarget): Promise<BenchRow[]> {
  const connections = target.smoke ? 5 : 100;
  const durationSeconds = target.smoke ? 3 : 30;
  const users = await findBenchUsers({
    databaseUrl: target.databaseUrl,
    baseUrl: target.baseUrl,
    authSecret: target.authSecret,
    organizationId: target.organizationId,
    count: connections,
  });
  if (users.length === 0)
    throw new Error('autosave: no active member with an open cycle in the benchmark organization');
  const common = {
    users,
    organizationId: target.organizationId,
    databaseUrl: target.databaseUrl,
    connections,
    durationSeconds,
  };
  const appLoad: AutosaveLoad = {
    ...common,
    label: 'skillgrid',
    url: target.baseUrl,
    request: ratingBatchRequest(target.baseUrl, `bench-${randomBytes(6).toString('hex')}`),
    acknowledges: ratingBatchAcknowledges,
    serverPid: pidListeningOn(Number(new URL(target.baseUrl).port || 80)),
  };
  await warmUp(appLoad);
  const app = await runAutosaveLoad(appLoad);
  // The framework's own floor on this machine at this moment: the same load on a route handler that only runs `select 1`.
  const floor = await runReadLoad({
    label: 'next floor',
    baseUrl: target.baseUrl,
    connections,
    seconds: Math.min(durationSeconds, 10),
    targets: [{ path: '/api/health', cookie: '' }],
  });
  const floorPerSecond = floor.requests / Math.min(durationSeconds, 10);

  const bare = await startBareAutosaveServer(target.databaseUrl);
  let baseline: LoadResult;
  try {
    const bareLoad: AutosaveLoad = {
      ...common,
      label: 'bare node',
      url: bare.url,
      request: bareRequest(target.organizationId),
      acknowledges: bareAcknowledges,
      serverPid: bare.child.pid ?? null,
    };
    await warmUp(bareLoad);
    baseline = await runAutosaveLoad(bareLoad);
  } finally {
    await stopChild(bare.child);
  }

  // Issue 23's bars, in the same run: the open loop of many people each changing one rating a second, and
  // batches (the browser's queue coalesces a burst of edits into one request).
  const openLoop = await measureOpenLoop(appLoad, target);
  const batched = await runAutosaveLoad({
    ...appLoad,
    label: 'skillgrid, batches of 5',
    connections: target.smoke ? 3 : 50,
    durationSeconds: target.smoke ? 2 : 20,
    changesPerRequest: BATCH_SIZE,
  });

  const ratio = baseline.requestsPerSecond > 0 ? app.requestsPerSecond / baseline.requestsPerSecond : null;
  const floorRatio = floorPerSecond > 0 ? app.requestsPerSecond / floorPerSecond : null;
  const users_ = `${connections} users, ${durationSeconds} s`;
  const timed = (pass: boolean) => (target.smoke ? null : pass);
  const cpu = (value: number | null) => (value === null ? '—' : `${value.toFixed(2)} ms`);
  return [
    {
      measure: `autosave req/s (${users_})`,
      skillgrid: app.requestsPerSecond.toFixed(0),
      baseline: baseline.requestsPerSecond.toFixed(0),
      ratio,
      bar: '≥ 0.5×',
      pass: ratio !== null && ratio >= 0.5,
    },
    {
      measure: `autosave req/s (closed loop) against the Next.js floor, GET /api/health, same run`,
      skillgrid: app.requestsPerSecond.toFixed(0),
      baseline: `${floorPerSecond.toFixed(0)} (floor)`,
      ratio: floorRatio,
      bar: `≥ ${FLOOR_RATIO_BAR}× floor`,
      pass: timed(floorRatio !== null && floorRatio >= FLOOR_RATIO_BAR),
    },
    {
      measure: 'autosave server CPU per saved rating (one change per request)',
      skillgrid: cpu(app.cpuPerChange),
      baseline: cpu(baseline.cpuPerChange),
      ratio: app.cpuPerChange && baseline.cpuPerChange ? baseline.cpuPerChange / app.cpuPerChange : null,
      bar: `≤ ${CPU_PER_RATING_BAR_MS} ms`,
      pass: timed(app.cpuPerChange !== null && app.cpuPerChange <= CPU_PER_RATING_BAR_MS),
    },
    {
      measure: `autosave batches of ${BATCH_SIZE}: server CPU per saved rating, acknowledged = stored`,
      skillgrid: `${cpu(batched.cpuPerChange)}; ${batched.acknowledged} of ${batched.changes} changes = ${batched.stored} stored (${batched.lost} lost)`,
      baseline: '—',
      ratio: null,
      bar: `≤ ${CPU_PER_RATING_BAR_MS} ms, 0 lost`,
      pass:
        batched.lost === 0 &&
        batched.acknowledged > 0 &&
        batched.acknowledged === batched.changes &&
        batched.errors + batched.non2xx === 0 &&
        (target.smoke || (batched.cpuPerChange !== null && batched.cpuPerChange <= CPU_PER_RATING_BAR_MS)),
    },
    {
      measure: 'Next.js floor: GET /api/health (select 1), same load',
      skillgrid: `${floorPerSecond.toFixed(0)} req/s, p99 ${ms(floor.p99)}`,
      baseline: baseline.requestsPerSecond.toFixed(0),
      ratio: baseline.requestsPerSecond > 0 ? floorPerSecond / baseline.requestsPerSecond : null,
      bar: '— (what no Next.js route beats here)',
      pass: null,
    },
    {
      measure: 'autosave latency p50 / p99',
      skillgrid: `${ms(app.p50)} / ${p99Text(app, appLoad.timeoutSeconds ?? 10)}`,
      baseline: `${ms(baseline.p50)} / ${ms(baseline.p99)}`,
      ratio: baseline.p99 > 0 ? app.p99 / baseline.p99 : null,
      bar: 'p99 < 100 ms',
      pass: (p99WithTimeouts(app) ?? Infinity) < 100,
    },
    {
      measure: 'autosave acknowledged = stored (lost)',
      skillgrid: `${app.acknowledged} of ${app.requests} answers = ${app.stored} stored (${app.lost} lost, ${app.errors + app.non2xx} errors)`,
      baseline: `${baseline.acknowledged} of ${baseline.requests} = ${baseline.stored} stored (${baseline.lost} lost)`,
      ratio: null,
      bar: '0 lost, every request acknowledged',
      pass:
        app.lost === 0 && app.acknowledged > 0 && app.errors + app.non2xx === 0 && app.acknowledged === app.requests,
    },
    ...openLoop,
  ];
}
