/**
 * Raw SQL rows are parsed where they enter the code: a statement whose SQL
 * names a column differently from what the code reads fails at once, with a
 * message naming the column — not later as an `undefined`.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { column, parseRows, queryRows, RowShapeError } from '@/db/rows';
import { carryOverRatings } from '@/lib/cycles/manage-cycles';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const memberRow = z.object({ id: column.text, name: column.text, ratings: column.number });

describe('queryRows', () => {
  it('parses rows, turning counts into numbers on either driver', async () => {
    const rows = await queryRows(
      database.db,
      sql`select 'm1' as id, 'Ada' as name, count(*) as ratings from (values (1), (2)) v(x)`,
      memberRow,
    );
    expect(rows).toEqual([{ id: 'm1', name: 'Ada', ratings: 2 }]);
  });

  it('fails on a renamed column, naming it and the columns the row has', async () => {
    const renamed = queryRows(database.db, sql`select 'm1' as id, 'Ada' as member_name, 3 as ratings`, memberRow);
    await expect(renamed).rejects.toBeInstanceOf(RowShapeError);
    await expect(renamed).rejects.toThrow(/column “name”.*the row has: id, member_name, ratings/);
  });

  it('fails on a column of another type', async () => {
    await expect(
      queryRows(database.db, sql`select 'm1' as id, 'Ada' as name, 'many' as ratings`, memberRow),
    ).rejects.toThrow(/column “ratings”/);
  });

  it('a null is not a number, and only a nullable column takes it', async () => {
    await expect(
      queryRows(database.db, sql`select 'm1' as id, 'Ada' as name, null::int as ratings`, memberRow),
    ).rejects.toThrow(/column “ratings”/);
    const nullable = z.object({ level: column.nullableNumber });
    expect(await queryRows(database.db, sql`select null::int as level`, nullable)).toEqual([{ level: null }]);
  });

  it('checks only the first row when asked, for large result sets', () => {
    const result = { rows: [{ id: 'a', name: 'A', ratings: 1 }, { id: 'b' }] };
    expect(parseRows(result, memberRow, { check: 'first' })).toHaveLength(2);
    expect(() => parseRows({ rows: [{ id: 'a' }] }, memberRow, { check: 'first' })).toThrow(RowShapeError);
    expect(() => parseRows(result, memberRow)).toThrow(/Row 1 .*column “name”/);
  });

  it('a query of the product reads its rows through it (a cycle with nobody to carry over carries 0)', async () => {
    // carryOverRatings selects `count(*)::int as carried`: renaming that alias makes this throw, not return 0.
    const carried = await carryOverRatings(
      database.db,
      crypto.randomUUID(),
      crypto.randomUUID(),
      crypto.randomUUID(),
      null,
    );
    expect(carried).toBe(0);
  });
});
