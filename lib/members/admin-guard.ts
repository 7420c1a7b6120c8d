import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { memberships, type Membership } from '@/db/schema';
import { notFoundError } from '@/lib/auth/errors';

/**
 * Locks the organization's active admin memberships, then the target
 * membership, and returns both. Every change that could remove an admin takes
 * the admin locks first and in id order, so two concurrent demotions queue up
 * (no deadlock) and the second one sees the first one's result. `no key
 * update` is enough to serialise these changes without blocking the foreign
 * key checks of unrelated inserts (ratings, team rows) that reference members.
 */
export async function lockAdminsAndTarget(
  tx: Db,
  organizationId: string,
  membershipId: string,
): Promise<{ activeAdminIds: string[]; target: Membership }> {
  const admins = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(
      and(
        eq(memberships.organizationId, organizationId),
        eq(memberships.role, 'admin'),
        eq(memberships.status, 'active'),
      ),
    )
    .orderBy(asc(memberships.id))
    .for('no key update');
  const [target] = await tx
    .select()
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, membershipId)))
    .for('no key update');
  if (!target) throw notFoundError('Member');
  return { activeAdminIds: admins.map((row) => row.id), target };
}

/** Whether taking `target` out of the active admins would leave the organization without one. */
export function isLastActiveAdmin(target: Membership, activeAdminIds: string[]): boolean {
  return (
    target.role === 'admin' &&
    target.status === 'active' &&
    activeAdminIds.filter((id) => id !== target.id).length === 0
  );
}
