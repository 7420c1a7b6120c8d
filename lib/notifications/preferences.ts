/**
 * Which notification kinds a person turned off in an organization. Absent
 * rows mean "on": a new kind reaches everyone until they say otherwise.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { notificationOptOuts } from '@/db/schema';
import { isNotificationKind, type NotificationKind } from './kinds';

export async function optedOutKinds(db: Db, organizationId: string, userId: string): Promise<Set<NotificationKind>> {
  const rows = await db
    .select({ kind: notificationOptOuts.kind })
    .from(notificationOptOuts)
    .where(and(eq(notificationOptOuts.organizationId, organizationId), eq(notificationOptOuts.userId, userId)));
  return new Set(rows.map((row) => row.kind).filter(isNotificationKind));
}

/** Turns one kind on or off for one person in one organization; idempotent. */
export async function setPreference(
  db: Db,
  subject: { organizationId: string; userId: string; kind: NotificationKind },
  enabled: boolean,
): Promise<void> {
  if (enabled) {
    await db
      .delete(notificationOptOuts)
      .where(
        and(
          eq(notificationOptOuts.organizationId, subject.organizationId),
          eq(notificationOptOuts.userId, subject.userId),
          eq(notificationOptOuts.kind, subject.kind),
        ),
      );
    return;
  }
  await db.insert(notificationOptOuts).values(subject).onConflictDoNothing();
}
