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

// Sent as a parameter so the CR and LF reach the regular expression as the characters themselves.
const NEEDS_QUOTES = '[",\r\n]';

export function csvTextField(value: SQL): SQL {
  // Cast: a bound JavaScript string reaches the server untyped, and `~` needs to know it is text.
  const text = sql`(${value})::text`;
  const neutralised = sql`(case when left(${text}, 1) in ('=', '+', '-', '@', chr(9), chr(13)) then '''' || ${text} else ${text} end)`;
  // The prefix adds none of the characters that force quotes, so testing the raw value is the same test.
  return sql`(case when ${text} is null then ''
    when ${text} ~ ${NEEDS_QUOTES}::text then '"' || replace(${neutralised}, '"', '""') || '"'
    else ${neutralised} end)`;
}

export function csvNumberField(value: SQL): SQL {
  return sql`coalesce((${value})::text, '')`;
}

/** One CSV record without its line end. */
export function csvRecord(fields: SQL[]): SQL {
  return sql.join(fields, sql` || ',' || `);
}
