/**
 * `npm run bench [-- --smoke] [--port 3301] [--slug bench] [--only pages,finder,…]`: the benchmark
 * table of docs/benchmarks.md, against a production build on PostgreSQL.
 *
 * 1. The organization: `--slug` (default `bench`) as made by `npm run bench:data`;
 *    generated here with the defaults (10,000 × 200 × 4) when missing.
 *    `--smoke`: a tiny one (slug `bench-smoke`: 30 members, 2 teams, 1 cycle),
 *    regenerated every run, and few requests: the run inside `npm test`.
 * 2. `ensureProductionBuild()`, then two `next start` of that build with one
 *    AUTH_SECRET: on 127.0.0.1:<port> connected to PostgreSQL directly, as in
 *    production, and on <port + 1> through the statement counter
 *    (scripts/bench/statement-counter.ts, a wire-protocol proxy that counts
 *    each request's statements).
 * 3. Measurements, each returning table rows: every page (pages.ts), the
 *    team page against psql (team-page.ts) and the people finder
 *    (people-finder.ts), timed on the direct server and counted with requests
 *    of their own on the counted one (the proxy's hop is the bench's, not the
 *    product's: it added ~45 ms to each team page when one request was both
 *    timed and counted); then, on a fresh direct server, gap export, autosave
 *    and front end (gap-export.ts, autosave.ts, frontend.ts). The smoke run
 *    keeps the first direct server for everything (one start less; its timings
 *    are not judged).
 * 4. One table. The full run exits 1 when a bar is missed or a module broke;
 *    the smoke run when something broke or a *hard* bar is missed (statements
 *    per request and per row of a list: they do not depend on the machine's
 *    speed), never on a timing bar (those mean nothing on 30 people).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { env } from '@/lib/env';
import { generateOrganization } from './data';
import { measureGapExport } from './gap-export';
import { measurePages } from './pages';
import { measurePeopleFinder } from './people-finder';
import { havePsql } from './psql';
import { buildOnce, startServer, type RunningServer } from './server';
import { startStatementCounter } from './statement-counter';
import { measureTeamPage } from './team-page';
import { measureTrends } from './trends';
import type { BenchRow, BenchTarget } from './types';

interface RunOptions {
  smoke: boolean;
  /** Serve the build already in .next even if the sources changed since (when only the bench itself changed). */
  reuseBuild: boolean;
  port: number;
  slug: string;
  /** `--only pages,finder`: run only these measurements (working on one of them); null runs all. */
  only: Set<string> | null;
}

/** The names `--only` accepts, in the order the run takes them. */
const MEASUREMENTS = ['pages', 'team', 'finder', 'export', 'trends', 'autosave', 'frontend'] as const;

function parseArgs(args: string[]): RunOptions {
  const value = (flag: string) => {
    const index = args.indexOf(flag);
    return index >= 0 ? args[index + 1] : undefined;
  };
  const smoke = args.includes('--smoke');
  const port = Number.parseInt(value('--port') ?? process.env.BENCH_PORT ?? '3301', 10);
  if (!Number.isInteger(port) || port < 1024 || port > 65535) throw new Error('--port: 1024–65535');
  return {
    smoke,
    port,
    slug: value('--slug') ?? (smoke ? 'bench-smoke' : 'bench'),
    reuseBuild: args.includes('--reuse-build'),
    only: parseOnly(value('--only')),
  };
}

function parseOnly(list: string | undefined): Set<string> | null {
  if (list === undefined) return null;
  const names = list.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(MEASUREMENTS as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0)
    throw new Error(`--only: a comma-separated list of ${MEASUREMENTS.join(', ')} (not ${unknown.join(', ')})`);
  return new Set(names);
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Each measurement's `--only` name. */
const MEASUREMENT_OF: Record<string, (typeof MEASUREMENTS)[number]> = {
  'every page': 'pages',
  'team page': 'team',
  'people finder': 'finder',
  'gap CSV export': 'export',
  trends: 'trends',
  autosave: 'autosave',
  'front end': 'frontend',
};

type Measure = (target: BenchTarget) => Promise<BenchRow[]>;

/** A bench-client module, loaded only if its file exists: missing is a row, not a crash. */
async function optionalModule(file: string, exportName: string, label: string): Promise<Measure> {
  const full = path.join(process.cwd(), 'scripts', 'bench', `${file}.ts`);
  if (!existsSync(full)) {
    return async () => [
      {
        measure: label,
        skillgrid: 'not available',
        baseline: '—',
        ratio: null,
        bar: `scripts/bench/${file}.ts missing`,
        pass: null,
      },
    ];
  }
  const mod = (await import(full)) as Record<string, unknown>;
  const fn = mod[exportName];
  if (typeof fn !== 'function') throw new Error(`scripts/bench/${file}.ts does not export ${exportName}`);
  return fn as Measure;
}

export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['measure', 'Skillgrid', 'baseline', 'ratio', 'bar', 'result'];
  const cells = rows.map((row) => [
    row.measure,
    row.skillgrid,
    row.baseline,
    row.ratio === null ? '—' : `${row.ratio.toFixed(2)}×`,
    row.bar,
    row.pass === null ? '—' : row.pass ? 'pass' : 'FAIL',
  ]);
  const lines = [header, header.map(() => '---'), ...cells].map((line) => `| ${line.join(' | ')} |`);
  return lines.join('\n');
}

export async function main(args: string[]): Promise<void> {
  const options = parseArgs(args);
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    if (options.smoke) {
      console.log('bench smoke: skipped (DATABASE_URL is not set; the benchmarks need a PostgreSQL server)');
      return;
    }
    throw new Error('npm run bench needs DATABASE_URL (a PostgreSQL server)');
  }
  if (!(await havePsql()))
    throw new Error('npm run bench needs the psql client on PATH (the raw baselines run through it)');
  const started = performance.now();

  const org = await generateOrganization(
    databaseUrl,
    options.smoke
      ? // Regenerated every run — unless another organization was named: a smoke pass over existing data.
        { members: 30, teams: 2, cycles: 1, slug: options.slug, fresh: options.slug === 'bench-smoke', quiet: true }
      : { members: 10_000, teams: 200, cycles: 4, slug: options.slug, fresh: false },
  );
  log(
    `[bench] organization ${org.slug} (${org.organizationId}): ${org.counts.memberships} members, ${(org.counts.ratings ?? 0).toLocaleString('en-US')} ratings`,
  );

  if (options.reuseBuild && existsSync(path.join(process.cwd(), '.next', 'BUILD_ID'))) {
    log('[build] --reuse-build: serving the build in .next as it is');
  } else {
    await buildOnce(log);
  }
  const counter = await startStatementCounter(databaseUrl);
  // One secret for both servers of the first three measurements: a session cookie minted once works on either.
  const authSecret = randomBytes(32).toString('base64url');
  let server = await startServer({ port: options.port, databaseUrl, log, authSecret });
  let countedServer: RunningServer | null = await startServer({
    port: options.port + 1,
    databaseUrl: counter.url,
    log,
    authSecret,
  });
  const pg = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  const target = (): BenchTarget => ({
    baseUrl: server.baseUrl,
    databaseUrl,
    authSecret: server.authSecret,
    organizationId: org.organizationId,
    smoke: options.smoke,
  });
  const rows: BenchRow[] = [];
  const failures: string[] = [];
  const run = async (name: string, measure: Measure, on: BenchTarget) => {
    const key = MEASUREMENT_OF[name];
    if (options.only && key && !options.only.has(key)) return;
    const at = performance.now();
    try {
      rows.push(...(await measure(on)));
    } catch (error) {
      failures.push(name);
      log(`[bench] ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      rows.push({ measure: name, skillgrid: 'ERROR', baseline: '—', ratio: null, bar: '—', pass: false });
    }
    log(`[bench] ${name}: ${((performance.now() - at) / 1000).toFixed(1)} s`);
  };
  try {
    const counted = { ...target(), counted: { baseUrl: countedServer.baseUrl, statements: counter } };
    await run('every page', (t) => measurePages(t, pg, log), counted);
    await run('team page', (t) => measureTeamPage(t, pg, log), counted);
    await run('people finder', (t) => measurePeopleFinder(t, pg, log), counted);
    await countedServer.stop();
    countedServer = null;
    if (!options.smoke) {
      await server.stop();
      server = await startServer({ port: options.port, databaseUrl, log });
    }
    const direct = target();
    await run('gap CSV export', (t) => measureGapExport(t, pg, server.pid, log), direct);
    await run('trends', (t) => measureTrends(t, log), direct);
    await run('autosave', await optionalModule('autosave', 'measureAutosave', 'autosave (bench-client)'), direct);
    await run(
      'front end',
      await optionalModule('frontend', 'measureFrontend', 'assessment page JS / Lighthouse (bench-client)'),
      direct,
    );
  } finally {
    await pg.end();
    await countedServer?.stop();
    await server.stop();
    await counter.close();
  }

  const minutes = ((performance.now() - started) / 60_000).toFixed(1);
  console.log(
    `\nSkillgrid benchmark — ${options.smoke ? 'SMOKE (tiny data; bars not judged)' : 'full'} — organization ${org.slug}, ${(org.counts.ratings ?? 0).toLocaleString('en-US')} ratings, ${minutes} min\n`,
  );
  console.log(formatTable(rows));
  const missed = rows.filter((row) => row.pass === false && row.skillgrid !== 'ERROR');
  const hardMissed = missed.filter((row) => row.hard);
  if (failures.length > 0) {
    console.log(`\nBroken: ${failures.join(', ')}`);
    process.exitCode = 1;
  } else if (options.smoke && hardMissed.length > 0) {
    console.log(`\nMissed bars that do not depend on the machine: ${hardMissed.map((row) => row.measure).join('; ')}`);
    process.exitCode = 1;
  } else if (!options.smoke && missed.length > 0) {
    console.log(`\nMissed bars: ${missed.map((row) => row.measure).join('; ')}`);
    process.exitCode = 1;
  } else {
    console.log(options.smoke ? '\nbench smoke: every measurement ran, statement bars hold' : '\nAll bars hold.');
  }
}
