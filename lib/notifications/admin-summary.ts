import 'server-only';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { column, parseRows } from '@/db/rows';

/** Messages of the organization by kind and state over the last 30 days: what the admin page counts. */
export async function notificationCounts(
  db: Db,
  organizationId: string,
): Promise<{ kind: string; state: string; n: number }[]> {
  return parseRows(
    await db.execute(sql`
      select kind, state, count(*)::int as n from notification_sends
      where organization_id = ${organizationId} and created_at > now() - interval '30 days'
      group by kind, state order by kind, state`),
    z.object({ kind: column.text, state: column.text, n: column.number }),
  ).map((row) => ({ ...row, n: Number(row.n) }));
}

export async function reminderDaysOf(db: Db, organizationId: string): Promise<number[]> {
  const [row] = parseRows(
    await db.execute(
      sql`select array_to_string(reminder_days, ',') as days from organizations where id = ${organizationId}`,
    ),
    z.object({ days: column.nullableText }),
  );
  return (row?.days ?? '').split(',').filter(Boolean).map(Number);
}
