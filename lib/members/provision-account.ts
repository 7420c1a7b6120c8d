import 'server-only';
import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '@/db';
import { memberships, users, type Membership } from '@/db/schema';
import { revokeAccountTokens } from '@/lib/auth/account-tokens';
import { endAllSessions } from '@/lib/auth/revoke-sessions';

/** Whether the account has a membership in another organization (whose name and email it then keeps). */
export async function belongsElsewhere(tx: Db, userId: string, organizationId: string): Promise<boolean> {
  const [other] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), ne(memberships.organizationId, organizationId)))
    .limit(1);
  return Boolean(other);
}

/**
 * The account a membership created without an invitation attaches to (SCIM
 * provisioning, `POST /api/v1/members`), with the organization's membership of
 * it if one exists (the caller decides whether that is a conflict or a
 * return). Locks the account row for the caller's transaction.
 *
 * - No account with the email: one is created without a password — the person
 *   signs in with single sign-on, or sets one with "Forgot password?" (which
 *   proves the address).
 * - An account whose password was never proved by its address loses that
 *   password, its pending links and sessions: the organization's word beats an
 *   unproven sign-up, as verified single sign-on does (docs/security.md).
 * - The name is set only on an account that belongs to no other organization:
 *   one organization cannot rename a person in another.
 */
export async function accountForNewMembership(
  tx: Db,
  organizationId: string,
  email: string,
  name: string,
): Promise<{ userId: string; membership: Membership | null }> {
  const [account] = await tx.select().from(users).where(eq(users.email, email)).for('update');
  if (!account) {
    const [created] = await tx
      .insert(users)
      .values({ email, name, passwordHash: null, emailVerifiedAt: null })
      .returning({ id: users.id });
    if (!created) throw new Error('User insert returned no row');
    return { userId: created.id, membership: null };
  }
  const [membership] = await tx
    .select()
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, account.id)))
    .limit(1);
  if (!account.emailVerifiedAt && account.passwordHash) {
    await tx.update(users).set({ passwordHash: null }).where(eq(users.id, account.id));
    await revokeAccountTokens(tx, account.id);
    await endAllSessions(tx, account.id);
  }
  if (!(await belongsElsewhere(tx, account.id, organizationId))) {
    await tx.update(users).set({ name }).where(eq(users.id, account.id));
  }
  return { userId: account.id, membership: membership ?? null };
}
