/**
 * Rows of raw SQL (`db.execute(sql…)`), parsed where they enter the code.
 *
 * A query builder types its rows from the schema; a raw statement's rows are
 * whatever its SQL selects, so a renamed alias or column would still compile
 * and only fail later as an `undefined` somewhere else. Every raw statement
 * declares the row it expects as a zod object of columns (below) and goes
 * through `queryRows` / `parseRows`: a missing or mistyped column fails here,
 * naming the column and the columns the row really has.
 *
 * The two drivers return some types differently (postgres.js gives `bigint`
 * and `numeric` as strings, PGlite `bigint` as a JS bigint), so `column.number`
 * accepts a number, a bigint or a numeric string and yields a number.
 */
import type { Query, SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from './index';

const numeric = z
  .union([z.number(), z.bigint(), z.string().trim().min(1)])
  .transform((value) => Number(value))
  .pipe(z.number('a number'));

/** Column types of a raw row. */
export const column = {
  text: z.string(),
  nullableText: z.string().nullable(),
  /** A count, level, gap…: a number on either driver. */
  number: numeric,
  nullableNumber: numeric.nullable(),
  boolean: z.boolean(),
  nullableBoolean: z.boolean().nullable(),
  /** A timestamp: a Date from the driver, or its text (a `::text` cast). */
  date: z.union([z.date(), z.string().transform((value) => new Date(value))]).pipe(z.date()),
  nullableDate: z
    .union([z.date(), z.string().transform((value) => new Date(value))])
    .pipe(z.date())
    .nullable(),
  /** A value the caller treats as opaque (json, arrays): present, whatever it holds. */
  json: z.unknown(),
} as const;

/** A raw row that does not have the shape its statement declared: a column renamed, missing or of another type. */
export class RowShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RowShapeError';
  }
}

export interface ParseRowsOptions {
  /**
   * `first`: only the first row is parsed, the others are passed on as they
   * are — for result sets large enough that parsing each row would cost more
   * than the query (a CSV export's batches). One statement's rows all have
   * the same columns and types, so the first row proves the shape; its
   * schema must then not transform values (the rest would stay untransformed).
   */
  check?: 'every' | 'first';
}

/** The rows of a `db.execute` result: PGlite returns `{ rows }`, postgres.js the array itself. */
function rawRows(result: unknown): unknown[] {
  if (Array.isArray(result)) return result;
  return (result as { rows?: unknown[] }).rows ?? [];
}

function describe(error: z.ZodError, index: number, row: unknown): string {
  const present = row && typeof row === 'object' ? Object.keys(row).join(', ') : typeof row;
  const problems = error.issues
    .map((issue) => `column “${issue.path.join('.') || '(row)'}”: ${issue.message}`)
    .join('; ');
  return `Row ${index} of a raw query does not have the declared shape — ${problems} (the row has: ${present})`;
}

/** Parses each row of a `db.execute` result with `row`; throws `RowShapeError` naming the column that is off. */
export function parseRows<Row extends z.ZodType>(
  result: unknown,
  row: Row,
  options: ParseRowsOptions = {},
): z.output<Row>[] {
  const rows = rawRows(result);
  if (options.check === 'first') {
    if (rows.length > 0) {
      const parsed = row.safeParse(rows[0]);
      if (!parsed.success) throw new RowShapeError(describe(parsed.error, 0, rows[0]));
    }
    // Checked by the first row (see ParseRowsOptions): the statement's rows share one shape.
    return rows as z.output<Row>[];
  }
  return rows.map((raw, index) => {
    const parsed = row.safeParse(raw);
    if (!parsed.success) throw new RowShapeError(describe(parsed.error, index, raw));
    return parsed.data;
  });
}

/** Runs a raw statement and parses its rows (see `parseRows`). */
export async function queryRows<Row extends z.ZodType>(
  db: Db,
  statement: SQL,
  row: Row,
  options?: ParseRowsOptions,
): Promise<z.output<Row>[]> {
  return parseRows(await db.execute(statement), row, options);
}

/**
 * A raw statement whose SQL text is built once, with `sql.placeholder(name)` where its values go,
 * and then run with the values of each call: `db.execute` walks the whole template into text on
 * every call, which for the autosave statement (a hundred lines of nested fragments) cost more of
 * the server's CPU than the round trip it replaced (docs/benchmarks.md, "Issue 23, fifth pass").
 * The text does not depend on the connection (one dialect), so it is built on first use by any.
 * The result is what `db.execute` returns (parse it with `parseRows`).
 */
export function builtOnce(build: () => SQL): (db: Db, values: Record<string, unknown>) => Promise<unknown> {
  let query: Query | undefined;
  return (db, values) => {
    // `db.execute` is lazy: `getQuery()` renders the text and its parameter list without running it.
    query ??= db.execute(build()).getQuery();
    return db._.session.prepareQuery(query, undefined, undefined, false).execute(values);
  };
}
