/**
 * A fingerprint of every rating and every rating-history row, computed in SQL.
 *
 * A backup is only worth something if it brings every rating back, so backup
 * and restore both print this and the tests compare it: the same counts and
 * the same md5 mean the same (organization, cycle, member, skill, source,
 * level, n/a, interest) for every row. Rows are ordered by their primary key
 * (organization_id, id), which pg_dump and a PGlite data-directory copy both
 * preserve. NULLs are spelled out because concat_ws would skip them and make
 * `level null` indistinguishable from a shifted column.
 */
import { z } from 'zod';
import { column, parseRows } from '@/db/rows';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db';

export interface RatingChecksum {
  ratings: number;
  history: number;
  checksum: string;
}

export async function ratingChecksum(db: Db): Promise<RatingChecksum> {
  const result = await db.execute(sql`
    select
      (select count(*) from ratings)::int as ratings,
      (select count(*) from rating_history)::int as history,
      md5(
        coalesce((
          select string_agg(
            concat_ws('|', organization_id, cycle_id, membership_id, skill_id, source,
              coalesce(level::text, '-'), not_applicable, interest),
            ';' order by organization_id, id)
          from ratings), '')
        || '#' ||
        coalesce((
          select string_agg(
            concat_ws('|', organization_id, cycle_id, membership_id, skill_id, source,
              coalesce(level::text, '-'), not_applicable, interest),
            ';' order by organization_id, id)
          from rating_history), '')
      ) as checksum
  `);
  const [row] = parseRows(result, z.object({ ratings: column.number, history: column.number, checksum: column.text }));
  if (!row) throw new Error('the checksum query returned no row');
  return { ratings: Number(row.ratings), history: Number(row.history), checksum: row.checksum };
}

export function describeChecksum(sum: RatingChecksum): string {
  return `${sum.ratings.toLocaleString('en-US')} ratings, ${sum.history.toLocaleString('en-US')} history rows, checksum ${sum.checksum}`;
}
