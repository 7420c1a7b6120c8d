/**
 * Several independent SELECTs sent as one statement (issue 23: a page runs at most ten statements).
 *
 * A page that needs five unrelated lists used to send five statements, each a round trip and, through the
 * pool, often its own connection. Here each query becomes a subquery whose rows come back as one JSON array
 * column: the database runs exactly the queries it ran before, one after the other in one backend, and the
 * page pays one round trip. Each part's rows are then parsed with the same zod row its own loader declares
 * (`parseRows`): JSON gives numbers as numbers and timestamps as ISO text, which `column.*` accepts.
 *
 * Row order: each part keeps its `order by`, and `json_agg` reads the sorted subquery's rows as they come —
 * nothing (no join, no grouping) sits between the sort and the aggregate. PostgreSQL's documentation says
 * this "usually works" rather than promising it for every plan; for this shape (an aggregate directly over
 * a subquery scan) the executor has no other order to produce, and the tests compare every part sent
 * together with its loader run alone, order included.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from './index';

/** Each part's rows (as the driver parsed the JSON), under the part's name. */
export type RowsByPart<K extends string> = Record<K, unknown[]>;

/** The one statement for `parts` (exported for tests and EXPLAIN). */
export function togetherSql(parts: Readonly<Record<string, SQL>>): SQL {
  const names = Object.keys(parts);
  if (names.length === 0) throw new Error('selectTogether: no parts');
  return sql`select ${sql.join(
    names.map(
      (name) =>
        sql`(select coalesce(json_agg(part_rows), '[]'::json) from (${parts[name]}) as part_rows) as ${sql.identifier(name)}`,
    ),
    sql`, `,
  )}`;
}

/** Runs `parts` (each a complete SELECT, `with` clauses allowed) as one statement. */
export async function selectTogether<K extends string>(
  db: Db,
  parts: Readonly<Record<K, SQL>>,
): Promise<RowsByPart<K>> {
  const result: unknown = await db.execute(togetherSql(parts));
  // PGlite returns `{ rows }`, postgres.js the array itself (as db/rows.ts reads them).
  const rows = Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? []);
  const row = (rows[0] ?? {}) as Record<string, unknown>;
  const out = {} as RowsByPart<K>;
  for (const name of Object.keys(parts) as K[]) {
    const value = row[name];
    // A driver that leaves json as text (none of ours today) is parsed here rather than failing later.
    const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
    if (!Array.isArray(parsed)) throw new Error(`selectTogether: part “${name}” did not come back as a JSON array`);
    out[name] = parsed;
  }
  return out;
}
