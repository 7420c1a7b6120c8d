/**
 * EXPLAIN (ANALYZE, BUFFERS) of every statement the organization-wide gap report (`/reports/gaps`) runs,
 * as the admin of a generated benchmark organization (`npm run bench:data`), on the PostgreSQL server of
 * DATABASE_URL (issue 23: the page took ~37 s at 1,000 members). Prints each statement's time and the plan's
 * slowest nodes; `--full` prints whole plans.
 *
 *   DATABASE_URL=… npx tsx --conditions=react-server scripts/explain-gaps.ts [--slug bench] [--by skill|person] [--full]
 *     [--team <team id>]   (one team's report, as /teams/<id>/gaps runs it)
 *     [--work-mem 64MB]   (the EXPLAIN connection's work_mem: what the report's sorts would cost with more)
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { openConnection } from '@/db';
import { column, queryRows } from '@/db/rows';
import { env } from '@/lib/env';
import { parseGapPageParams } from '@/lib/reports/filters';
import { loadGapReport } from '@/lib/reports/load-report';
import { organizationAdminActor } from './lib/admin-actor';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      slug: { type: 'string', default: 'bench' },
      by: { type: 'string', default: 'skill' },
      full: { type: 'boolean' },
      'work-mem': { type: 'string' },
      team: { type: 'string' },
    },
  });
  if (!env.DATABASE_URL) throw new Error('explain-gaps: set DATABASE_URL (a PostgreSQL server with bench:data)');
  const statements: { query: string; params: unknown[] }[] = [];
  const connection = await openConnection(
    { url: env.DATABASE_URL },
    { logger: { logQuery: (query, params) => statements.push({ query, params }) } },
  );
  try {
    const db = connection.db;
    const [org] = await queryRows(
      db,
      sql`select id from organizations where slug = ${values.slug}`,
      z.object({ id: column.text }),
    );
    if (!org) throw new Error(`explain-gaps: no organization ${values.slug}`);
    statements.length = 0;
    const started = performance.now();
    await loadGapReport(
      db,
      organizationAdminActor(org.id),
      parseGapPageParams({ by: values.by, ...(values.team ? { team: values.team } : {}) }),
    );
    console.log(`loadGapReport: ${statements.length} statements, ${(performance.now() - started).toFixed(0)} ms\n`);
    const ran = [...statements];
    for (const [index, statement] of ran.entries()) {
      if (process.env.ONLY && String(index + 1) !== process.env.ONLY) continue;
      if (!/^\s*(with|select)/i.test(statement.query)) continue;
      const { default: postgres } = await import('postgres');
      // JIT off, as the app's own connections have it (db/index.ts): otherwise compiling dominates the timings.
      const client = postgres(env.DATABASE_URL, {
        max: 1,
        onnotice: () => {},
        connection: { jit: 'off', ...(values['work-mem'] ? { work_mem: values['work-mem'] } : {}) },
      });
      try {
        const rows = await client.unsafe(`explain (analyze, buffers) ${statement.query}`, statement.params as never[]);
        const plan = rows.map((row) => String(Object.values(row)[0]));
        const total = plan.find((line) => line.startsWith('Execution Time')) ?? '';
        console.log(`#${index + 1} ${statement.query.replace(/\s+/g, ' ').slice(0, 140)}…\n   ${total}`);
        const timed = plan
          .map((line) => ({
            line,
            ms:
              Number(/actual time=[\d.]+\.\.([\d.]+) rows=\d+ loops=(\d+)/.exec(line)?.[1] ?? 0) *
              Number(/loops=(\d+)/.exec(line)?.[1] ?? 1),
          }))
          .sort((a, b) => b.ms - a.ms)
          .slice(0, 6);
        for (const node of values.full ? plan.map((line) => ({ line, ms: 0 })) : timed)
          console.log(`   ${node.line.trim().slice(0, 220)}`);
        console.log('');
      } finally {
        await client.end();
      }
    }
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
