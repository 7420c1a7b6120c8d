/**
 * The export's CSV lines are rendered by the database (lib/reports/csv.ts)
 * and must be byte for byte what `csvLines` renders in JavaScript: formula
 * triggers neutralised, commas, quotes and line breaks quoted, NULL empty.
 */
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '@/db';
import { csvLines } from '@/lib/reports/csv';
import { csvPlainField, csvRecord, csvTextField } from '@/lib/reports/csv';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.close();
});

async function renderedBySql(texts: (string | null)[], numbers: (number | null)[]): Promise<string> {
  const fields = [
    ...texts.map((text) => csvTextField(sql`${text}`)),
    ...numbers.map((n) => csvPlainField(sql`${n}::int`)),
  ];
  const [row] = rowsOf<{ line: string }>(await database.db.execute(sql`select ${csvRecord(fields)} as line`));
  return `${row?.line}\r\n`;
}

describe('CSV lines rendered by the database', () => {
  it.each([
    ['plain', ['Zoë', 'a b', '']],
    ['formula triggers', ['=HYPERLINK("http://x")', '+1', '-2', '@SUM(A1)', '\t=1', '\r=1']],
    ['quotes and separators', ['a,b', 'say "hi"', 'line\nbreak', 'cr\ronly', '"', ',']],
    ['already quoted and lookalikes', ["'=x", ' =1', 'a=b', '1+1', '\n=1']],
    ['nulls', [null, 'x', null]],
  ] as const)('%s', async (_name, texts) => {
    const numbers = [-3, 0, 4, null];
    expect(await renderedBySql([...texts], numbers)).toBe(csvLines([[...texts, ...numbers]]));
  });

  it('any text, any small number (property)', async () => {
    // Whole code points: a lone surrogate half is not text anyone can store.
    const unit = fc.constantFrom(...Array.from('=+-@\t\r\n",\' aZé🙂;'), 'x', '\u00a0');
    const cell = fc.option(fc.string({ unit, maxLength: 8 }), { nil: null });
    await fc.assert(
      fc.asyncProperty(
        fc.array(cell, { minLength: 1, maxLength: 4 }),
        fc.option(fc.integer({ min: -4, max: 4 }), { nil: null }),
        async (texts, number) => {
          expect(await renderedBySql(texts, [number])).toBe(csvLines([[...texts, number]]));
        },
      ),
      { numRuns: 200, seed: 20261206 },
    );
  });
});
