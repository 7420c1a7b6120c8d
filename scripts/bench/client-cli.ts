/**
 * Runs the browser-side measurements on their own, against a server you
 * started yourself (`npm run bench` runs them as part of the full table):
 *
 *   BENCH_BASE_URL=http://127.0.0.1:3350 DATABASE_URL=postgres://… AUTH_SECRET=… \
 *     npx tsx scripts/bench/client-cli.ts autosave|frontend|export [--smoke] [--org <slug or id>]
 *
 * `export` (the gap CSV with the server's memory probe) finds the server's pid
 * from the port it listens on.
 *
 * AUTH_SECRET must be the one the server was started with; the organization
 * defaults to the demo seed's (`demo`).
 */
import postgres from 'postgres';
import { measureAutosave } from './autosave';
import { pidListeningOn } from './bench-users';
import { measureFrontend } from './frontend';
import { measureGapExport } from './gap-export';
import type { BenchRow, BenchTarget } from './types';

const measures: Record<string, (target: BenchTarget) => Promise<BenchRow[]>> = {
  autosave: measureAutosave,
  frontend: measureFrontend,
  export: async (target) => {
    const pid = pidListeningOn(Number(new URL(target.baseUrl).port));
    if (pid === null) throw new Error(`export: no process of ours listens on ${target.baseUrl}`);
    const pg = postgres(target.databaseUrl, { max: 2, onnotice: () => {} });
    try {
      return await measureGapExport(target, pg, pid, (line) => process.stderr.write(`${line}\n`));
    } finally {
      await pg.end();
    }
  },
};

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

async function organizationId(databaseUrl: string, slugOrId: string): Promise<string> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ id: string }[]>`
      select id from organizations where slug = ${slugOrId} or id::text = ${slugOrId} limit 1`;
    if (!row) throw new Error(`no organization ${slugOrId}`);
    return row.id;
  } finally {
    await sql.end();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const names = args.filter((arg) => arg in measures);
  if (names.length === 0)
    throw new Error(`Usage: client-cli.ts <${Object.keys(measures).join('|')}> [--smoke] [--org slug]`);
  const orgIndex = args.indexOf('--org');
  const databaseUrl = required('DATABASE_URL');
  const target: BenchTarget = {
    baseUrl: required('BENCH_BASE_URL'),
    databaseUrl,
    authSecret: required('AUTH_SECRET'),
    organizationId: await organizationId(databaseUrl, (orgIndex >= 0 ? args[orgIndex + 1] : undefined) ?? 'demo'),
    smoke: args.includes('--smoke'),
  };
  const rows: BenchRow[] = [];
  for (const name of names) {
    const measure = measures[name];
    if (measure) rows.push(...(await measure(target)));
  }
  console.table(
    rows.map((row) => ({
      measure: row.measure,
      skillgrid: row.skillgrid,
      baseline: row.baseline,
      ratio: row.ratio === null ? '—' : `${row.ratio.toFixed(2)}×`,
      bar: row.bar,
      pass: row.pass === null ? '—' : row.pass ? 'yes' : 'NO',
    })),
  );
  if (rows.some((row) => row.pass === false)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
