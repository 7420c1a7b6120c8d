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
}

interface AutosaveLoad {
  label: string;
  url: string;
  users: readonly BenchUser[];
  organizationId: string;
  databaseUrl: string;
  connections: number;
  durationSeconds: number;
  /** How one change becomes a request on this server. */
  request: (user: BenchUser, change: BenchChange) => { path: string; headers: Record<string, string>; body: string };
  /** Whether the answer says this change was stored. */
  acknowledges: (body: string, change: BenchChange) => boolean;
  /** The server's pid, to measure its CPU per request. */
  serverPid?: number | null;
  /** Seconds before autocannon gives up on an answer (10). */
  timeoutSeconds?: number;
  /** At most this many requests per second per connection (a whole number, autocannon's limit); unset = back to back. */
  connectionRate?: number;
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
  return (user: BenchUser, change: BenchChange) => ({
    path: '/api/ratings/batch',
    headers: { 'content-type': 'application/json', origin, cookie: user.cookie },
    body: JSON.stringify(batchBody(user.cycleId, clientId, [change])),
  });
}

export function ratingBatchAcknowledges(body: string, change: BenchChange): boolean {
  return body.includes(`"applied":[${change.seq}]`);
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
          const own = Number(headers[COUNT_HEADER]);
          headers[COUNT_HEADER] = String(own + 1);
          const perSlot = Math.max(1, Math.floor(user.skillIds.length / sharers));
          const skillIndex = (Number(headers[SLOT_HEADER]) + sharers * (own % perSlot)) % user.skillIds.length;
          const seq = sequence++;
          const change: BenchChange = {
            skillId: user.skillIds[skillIndex] ?? '',
            level: seq % 4,
            notApplicable: false,
            interest: seq % 2 === 0,
            note: `${prefix}${index}:${seq}`,
            changedAt: new Date().toISOString(),
            clientChangeId: `${run}-${seq}`,
            seq: seqBase + seq,
          };
          (context as { change?: BenchChange }).change = change;
          const built = load.request(user, change);
          Object.assign(headers, built.headers);
          request.path = built.path;
          request.body = built.body;
          return request;
        },
        onResponse: (status, body, context) => {
          answered += 1;
          const change = (context as { change?: BenchChange }).change;
          if (status === 200 && change && load.acknowledges(body, change)) acknowledged.add(change.note);
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
  return (user: BenchUser, change: BenchChange) => ({
    path: '/autosave',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ organizationId, membershipId: user.membershipId, cycleId: user.cycleId, changes: [change] }),
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

  const ratio = baseline.requestsPerSecond > 0 ? app.requestsPerSecond / baseline.requestsPerSecond : null;
  const users_ = `${connections} users, ${durationSeconds} s`;
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
      measure: 'autosave server CPU per request (independent of other load)',
      skillgrid: app.cpuPerRequest === null ? '—' : `${app.cpuPerRequest.toFixed(2)} ms`,
      baseline: baseline.cpuPerRequest === null ? '—' : `${baseline.cpuPerRequest.toFixed(2)} ms`,
      ratio: app.cpuPerRequest && baseline.cpuPerRequest ? baseline.cpuPerRequest / app.cpuPerRequest : null,
      bar: '—',
      pass: null,
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
      skillgrid: `${ms(app.p50)} / ${ms(app.p99)}`,
      baseline: `${ms(baseline.p50)} / ${ms(baseline.p99)}`,
      ratio: baseline.p99 > 0 ? app.p99 / baseline.p99 : null,
      bar: 'p99 < 100 ms',
      pass: app.p99 < 100,
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
  ];
}
