import 'server-only';
import type { Db } from '@/db';
import { NOTIFICATION_LABELS, type NotificationKind } from './kinds';
import { setPreference } from './preferences';
import { readUnsubscribeToken, type UnsubscribeSubject } from './unsubscribe-token';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { column, parseRows } from '@/db/rows';

/** What a valid token unsubscribes, with the organization's name for the page; null for an invalid one. */
export async function describeUnsubscribe(
  db: Db,
  token: string,
): Promise<(UnsubscribeSubject & { organizationName: string; label: string; optedOut: boolean }) | null> {
  const subject = readUnsubscribeToken(token);
  if (!subject) return null;
  const [row] = parseRows(
    await db.execute(sql`
      select o.name,
             exists (select 1 from notification_opt_outs x
                     where x.organization_id = m.organization_id and x.user_id = m.user_id and x.kind = ${subject.kind})
               as opted_out
      from memberships m join organizations o on o.id = m.organization_id
      where m.organization_id = ${subject.organizationId} and m.user_id = ${subject.userId}`),
    z.object({ name: column.text, opted_out: column.boolean }),
  );
  if (!row) return null;
  return {
    ...subject,
    organizationName: row.name,
    label: NOTIFICATION_LABELS[subject.kind].label,
    optedOut: row.opted_out,
  };
}

/** Turns off the token's kind for the token's person: nothing else, whoever calls. Null for an invalid token. */
export async function unsubscribeWithToken(db: Db, token: string): Promise<{ kind: NotificationKind } | null> {
  const described = await describeUnsubscribe(db, token);
  if (!described) return null;
  await setPreference(db, described, false);
  return { kind: described.kind };
}
