import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { memberships, users } from '@/db/schema';

/** Whether someone already has an account under this (lower-cased) email: they sign in instead of signing up. */
export async function accountExists(db: Db, email: string): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, email.toLowerCase())).limit(1);
  return Boolean(row);
}

/** The user's membership status in one organization, or null when they have none. */
export async function membershipStatus(
  db: Db,
  organizationId: string,
  userId: string,
): Promise<'active' | 'deactivated' | null> {
  const [row] = await db
    .select({ status: memberships.status })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)))
    .limit(1);
  return row?.status ?? null;
}
