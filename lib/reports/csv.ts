/**
 * The product's CSV, defined once and rendered two ways from the same rules:
 * a text cell starting with a formula trigger gets a leading `'`
 * (csv-safety.ts); a cell holding a comma, a double quote, CR or LF is quoted
 * with its quotes doubled; null is empty; numbers are written as they are;
 * records end in CRLF (RFC 4180).
 *
 * - `csvLines` renders in JavaScript: headers, the wide gap CSV, the finder's
 *   export — anything of a few thousand rows.
 * - `csvTextField` / `csvPlainField` / `csvRecord` render in SQL, from the
 *   same trigger list and quote characters: the long gap export of a
 *   10,000-person organization is ~1.9 M rows of 18 cells, and turning each
 *   row into JavaScript values and then a line was most of the export's CPU
 *   and garbage (docs/decisions/0005-sql-rendered-csv.md, docs/benchmarks.md);
 *   a line that arrives ready is one string per row.
 *
 * `tests/integration/reports/csv-sql.test.ts` holds the two renderings byte
 * for byte equal, hostile strings included.
 */
import { sql, type SQL } from 'drizzle-orm';
import { FORMULA_TRIGGERS, neutraliseCell, type CsvCell } from './csv-safety';

export const CRLF = '\r\n';

/** The characters that force a field into quotes: as a regular expression for both JavaScript and PostgreSQL. */
const NEEDS_QUOTES = '[",\r\n]';
const needsQuotes = new RegExp(NEEDS_QUOTES);

/** One cell: null empty, numbers as they are, text neutralised and quoted when it must be. */
export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const neutralised = neutraliseCell(value);
  // The prefix adds none of the characters that force quotes, so testing the raw value is the same test.
  return needsQuotes.test(value) ? `"${neutralised.replaceAll('"', '""')}"` : neutralised;
}

/** Records as CSV text, each ending in CRLF. Every cell, header included, goes through the formula guard. */
export function csvLines(records: readonly (readonly CsvCell[])[]): string {
  let text = '';
  for (const record of records) text += record.map(csvField).join(',') + CRLF;
  return text;
}

// Sent as parameters so the CR, LF and tab reach the server as the characters themselves.
const TRIGGERS = sql.join(
  [...FORMULA_TRIGGERS].map((trigger) => sql`${trigger}::text`),
  sql`, `,
);

/** `csvField` of a text value, computed by PostgreSQL. */
export function csvTextField(value: SQL): SQL {
  // Cast: a bound JavaScript string reaches the server untyped, and `~` needs to know it is text.
  const text = sql`(${value})::text`;
  const neutralised = sql`(case when left(${text}, 1) in (${TRIGGERS}) then '''' || ${text} else ${text} end)`;
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
