/**
 * EXPLAIN (ANALYZE, BUFFERS) of the people finder's one statement, exactly as
 * the page builds it (lib/people/finder.ts `findPeopleAcrossSkills`), for one
 * search as an admin or a manager. Prints one JSON line: the plan's lines and
 * its execution time.
 *
 *   npx tsx --conditions=react-server scripts/bench/people-finder-plan.ts <json>
 *   json: { databaseUrl, organizationId, actor, cycleId, terms, match, grow, endorsed }
 *
 * A child process of the finder benchmark (people-finder.ts): the finder is a
 * server module (`server-only`), importable only under the react-server
 * condition, which the benchmark runner itself does not run with.
 */
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { openConnection, type Db } from '@/db';
import { column, queryRows } from '@/db/rows';
import type { Actor } from '@/lib/auth/authorize';
import { findPeopleAcrossSkills } from '@/lib/people/finder';

const inputSchema = z.object({
  databaseUrl: z.string(),
  actor: z.object({
    user: z.object({ id: z.string() }),
    membership: z.object({ id: z.string(), role: z.enum(['admin', 'manager', 'member']), organizationId: z.string() }),
  }),
  cycleId: z.string(),
  terms: z.array(z.object({ skillId: z.string(), minLevel: z.number() })),
  match: z.enum(['all', 'any']),
  grow: z.boolean(),
  endorsed: z.boolean(),
});

async function main(): Promise<void> {
  const input = inputSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
  const connection = await openConnection({ url: input.databaseUrl });
  try {
    const db = connection.db;
    const plans: string[][] = [];
    // The finder runs one statement through db.execute: explain it first, then answer it as usual.
    const explaining = new Proxy(db, {
      get(target, property, receiver) {
        if (property !== 'execute') return Reflect.get(target, property, receiver) as unknown;
        return async (query: SQL) => {
          const rows = await queryRows(
            db,
            sql`explain (analyze, buffers) ${query}`,
            z.object({ 'QUERY PLAN': column.text }),
          );
          plans.push(rows.map((row) => row['QUERY PLAN']));
          return db.execute(query);
        };
      },
    }) as Db;
    const actor: Actor = input.actor;
    const result = await findPeopleAcrossSkills(explaining, actor, {
      cycleId: input.cycleId,
      terms: input.terms,
      match: input.match,
      grow: input.grow,
      endorsed: input.endorsed,
      view: 'self',
    });
    const plan = plans[0] ?? [];
    const execution = plan.find((line) => line.startsWith('Execution Time'));
    console.log(
      JSON.stringify({
        plan,
        statements: plans.length,
        executionMs: execution ? Number(/([\d.]+) ms/.exec(execution)?.[1]) : null,
        total: result.total,
      }),
    );
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
