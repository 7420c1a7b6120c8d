/**
 * What one save costs the server against the Next.js floor, side by side on one production server
 * (the build in .next as it is): CPU per request from /proc for `GET /api/health` (select 1), one
 * change per `POST /api/ratings/batch`, and batches of 5, in rounds that alternate so a change in
 * the machine's load hits all three alike. `--cpu-prof DIR` starts the server with V8's sampling
 * profiler (written when it stops), for docs/benchmarks.md's "what each step costs".
 *
 *   DATABASE_URL=… npx tsx scripts/bench/autosave-cpu.ts [--port 3340] [--seconds 15] [--rounds 2]
 *     [--connections 20] [--only health|save|batch] [--cpu-prof DIR]
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import postgres from 'postgres';
import { env } from '@/lib/env';
import { cpuMillisecondsOf, findBenchUsers } from './bench-users';
import { ratingBatchAcknowledges, ratingBatchRequest, runAutosaveLoad } from './autosave';
import { runReadLoad } from './read-load';
import { startServer } from './server';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

async function main(): Promise<void> {
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL: the benchmark database (bench:data)');
  const port = Number(option('--port', '3340'));
  const seconds = Number(option('--seconds', '15'));
  const rounds = Number(option('--rounds', '2'));
  const connections = Number(option('--connections', '20'));
  const only = option('--only', '');
  const profileDir = option('--cpu-prof', '');
  const load = () => loadavg()[0]!.toFixed(2);

  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const [org] = await sql<{ id: string }[]>`select id from organizations where slug = 'bench'`;
  await sql.end();
  if (!org) throw new Error('no organization "bench": run npm run bench:data');

  const server = await startServer({
    port,
    databaseUrl,
    log: console.log,
    nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  });
  try {
    const users = await findBenchUsers({
      databaseUrl,
      baseUrl: server.baseUrl,
      authSecret: server.authSecret,
      organizationId: org.id,
      count: connections,
    });
    const save = {
      label: 'save',
      url: server.baseUrl,
      users,
      organizationId: org.id,
      databaseUrl,
      connections,
      durationSeconds: seconds,
      request: ratingBatchRequest(server.baseUrl, `cpu-${randomBytes(6).toString('hex')}`),
      acknowledges: ratingBatchAcknowledges,
      serverPid: server.pid,
    };
    // Warm-up: JIT, prepared statements, the pool.
    await runAutosaveLoad({ ...save, durationSeconds: 3 });
    await runReadLoad({
      label: 'warm',
      baseUrl: server.baseUrl,
      connections,
      seconds: 3,
      targets: [{ path: '/api/health', cookie: '' }],
    });
    for (let round = 1; round <= rounds; round += 1) {
      if (!only || only === 'health') {
        const before = cpuMillisecondsOf(server.pid)!;
        const health = await runReadLoad({
          label: 'health',
          baseUrl: server.baseUrl,
          connections,
          seconds,
          targets: [{ path: '/api/health', cookie: '' }],
        });
        const cpu = (cpuMillisecondsOf(server.pid)! - before) / health.requests;
        console.log(
          `round ${round} health (load ${load()}): ${health.requests} requests, ${(health.requests / seconds).toFixed(0)} req/s, CPU per request ${cpu.toFixed(2)} ms, p50 ${health.p50} p99 ${health.p99}`,
        );
      }
      for (const [name, size] of [
        ['save', 1],
        ['batch', 5],
      ] as const) {
        if (only && only !== name) continue;
        const result = await runAutosaveLoad({ ...save, label: name, changesPerRequest: size });
        console.log(
          `round ${round} ${name} (load ${load()}): ${result.requests} requests, ${result.requestsPerSecond.toFixed(0)} req/s, ${result.changes} changes, acked ${result.acknowledged}, lost ${result.lost}, CPU per request ${result.cpuPerRequest?.toFixed(2)} ms, per change ${result.cpuPerChange?.toFixed(2)} ms, p50 ${result.p50} p99 ${result.p99}`,
        );
      }
    }
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
