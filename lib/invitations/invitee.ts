import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { memberships, users } from '@/db/schema';

/**
 * Whether someone already has an account under this (lower-cased) email that
 * they sign in with to accept. An unconfirmed sign-up holding nothing does not
 * count: the invitation link proves the address, so its holder creates the
 * account from the link and the unconfirmed one is replaced.
 */
export async function accountExists(db: Db, email: string): Promise<boolean> {
  const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase())).limit(1);
  if (!row) return false;
  return Boolean(row.emailVerifiedAt) || (await hasAnyMembership(db, row.id));
}

export async function hasAnyMembership(db: Db, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(eq(memberships.userId, userId))
    .limit(1);
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
