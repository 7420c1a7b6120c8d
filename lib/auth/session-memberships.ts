import { and, asc, eq, notExists, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { memberships, organizations, revokedSessions, users } from '@/db/schema';
import type { SessionClaims } from './session-token';

/**
 * The active memberships a session cookie still stands for — none when the
 * user is deactivated everywhere, the user's sessions were all ended since the
 * cookie was issued (a raised `users.session_generation`), or this session was
 * signed out (a row in `revoked_sessions`). One query, one round trip: the
 * generation is compared on the users row already joined, and the revocation
 * is a primary-key probe in the same statement. Every page, action, route and
 * next-auth's own `/api/auth/session` go through here.
 */
export async function activeSessionMemberships(db: Db, claims: SessionClaims) {
  return db
    .select({
      userId: users.id,
      email: users.email,
      userName: users.name,
      membershipId: memberships.id,
      role: memberships.role,
      organizationId: organizations.id,
      slug: organizations.slug,
      organizationName: organizations.name,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(
      and(
        eq(memberships.userId, claims.userId),
        eq(memberships.status, 'active'),
        eq(users.sessionGeneration, claims.generation),
        notExists(
          db
            .select({ one: sql`1` })
            .from(revokedSessions)
            .where(eq(revokedSessions.sessionId, claims.sessionId)),
        ),
      ),
    )
    .orderBy(asc(organizations.name));
}
