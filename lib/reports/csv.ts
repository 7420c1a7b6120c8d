/**
 * CSV fields rendered by PostgreSQL, byte for byte as `csvLines`
 * (csv-safety + csv-stringify) renders the same values in JavaScript: a text
 * cell starting with a formula trigger gets a leading `'`; a cell holding a
 * comma, a double quote, CR or LF is quoted with its quotes doubled; NULL is
 * empty; numbers are written as they are.
 *
 * Why in SQL: the long gap export of a 10,000-person organization is ~1.9 M
 * rows of 18 cells. Turning each row into 18 JavaScript values, an array and
 * then a formatted line was most of the export's CPU and garbage; a line that
 * arrives ready is one string per row. `tests/integration/reports/csv-sql.test.ts`
 * holds the two renderings equal, hostile strings included.
 */
import { sql, type SQL } from 'drizzle-orm';
import { FORMULA_TRIGGERS } from './csv-safety';

// Sent as parameters so the CR, LF and tab reach the server as the characters themselves.
const NEEDS_QUOTES = '[",\r\n]';
const TRIGGERS = sql.join(
  [...FORMULA_TRIGGERS].map((trigger) => sql`${trigger}::text`),
  sql`, `,
);

export function csvTextField(value: SQL): SQL {
  // Cast: a bound JavaScript string reaches the server untyped, and `~` needs to know it is text.
  const text = sql`(${value})::text`;
  const neutralised = sql`(case when left(${text}, 1) in (${TRIGGERS}) then '''' || ${text} else ${text} end)`;
  // The prefix adds none of the characters that force quotes, so testing the raw value is the same test.
  return sql`(case when ${text} is null then ''
    when ${text} ~ ${NEEDS_QUOTES}::text then '"' || replace(${neutralised}, '"', '""') || '"'
    else ${neutralised} end)`;
}

/**
 * A value the export makes itself and that can never need quotes or the
 * formula guard: numbers, and ISO timestamps (which also saves computing
 * them once per test of the text rendering).
 */
export function csvPlainField(value: SQL): SQL {
  return sql`coalesce((${value})::text, '')`;
}

/** One CSV record without its line end. */
export function csvRecord(fields: SQL[]): SQL {
  return sql.join(fields, sql` || ',' || `);
}
