/**
 * Cursor pagination for every list of the API: a stable order that ends in
 * the row's id, and an opaque cursor holding the last row's sort key
 * (base64url JSON). A page is fetched with one row more than asked for, so
 * `nextCursor` is null exactly on the last page. A cursor that this API did
 * not make is a 400, never a 500.
 */
import { z } from 'zod';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
const MAX_CURSOR_LENGTH = 1024;

export function encodeCursor(key: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The `cursor` query parameter: decoded into the list's key, or an issue for the 400 problem. */
export function cursorParam<Key extends z.ZodType>(key: Key) {
  return z
    .string()
    .max(MAX_CURSOR_LENGTH, 'cursor: not a cursor this API returned.')
    .transform((value, context) => {
      let decoded: unknown;
      try {
        if (!/^[A-Za-z0-9_-]+$/.test(value)) throw new Error('not base64url');
        decoded = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
      } catch {
        decoded = undefined;
      }
      const parsed = key.safeParse(decoded);
      if (!parsed.success) {
        context.addIssue({
          code: 'custom',
          message: 'cursor: not a cursor this API returned. Start again without it.',
        });
        return z.NEVER;
      }
      return parsed.data as z.output<Key>;
    })
    .optional()
    .describe('Opaque: the `nextCursor` of the previous page. Leave it out for the first page.');
}

export function limitParam(max = MAX_PAGE_SIZE, fallback = DEFAULT_PAGE_SIZE, what = 'items') {
  return z.coerce
    .number({ error: 'limit: a whole number.' })
    .int('limit: a whole number.')
    .min(1, 'limit: at least 1.')
    .max(max, `limit: at most ${max}.`)
    .default(fallback)
    .describe(`How many ${what} per page (1–${max}, default ${fallback}).`);
}

/** A page's answer: `data` and the cursor of the next page (null on the last). */
export function pageSchema<Item extends z.ZodType>(item: Item) {
  return z.strictObject({
    data: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page.'),
  });
}

/** Cuts the `limit + 1` rows fetched to a page and makes the next cursor from the last row kept. */
export function pageOf<Row, Item>(
  rows: Row[],
  limit: number,
  keyOf: (row: Row) => readonly unknown[],
  toItem: (row: Row) => Item,
): { data: Item[]; nextCursor: string | null } {
  const kept = rows.slice(0, limit);
  const last = kept[kept.length - 1];
  return {
    data: kept.map(toItem),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}

/** ISO 8601 for a timestamp column, as both database drivers hand it over. */
export const isoTime = (value: Date | string): string => new Date(value).toISOString();
export const isoTimeOrNull = (value: Date | string | null): string | null => (value === null ? null : isoTime(value));

/** A query flag: `true`/`false` (also `1`/`0`). */
export const flagParam = (description: string) =>
  z
    .enum(['true', 'false', '1', '0'], { error: 'Use true or false.' })
    .optional()
    .transform((value) => value === 'true' || value === '1')
    .describe(description);
