import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { memberships } from '@/db/schema';

/** The user's active membership in that organization, or null — the check behind switching organizations. */
export async function findActiveMembership(
  db: Db,
  userId: string,
  organizationId: string,
): Promise<{ id: string; organizationId: string } | null> {
  const [row] = await db
    .select({ id: memberships.id, organizationId: memberships.organizationId })
    .from(memberships)
    .where(
      and(
        eq(memberships.organizationId, organizationId),
        eq(memberships.userId, userId),
        eq(memberships.status, 'active'),
      ),
    )
    .limit(1);
  return row ?? null;
}
