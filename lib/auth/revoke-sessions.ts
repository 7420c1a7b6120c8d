import { lt, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { revokedSessions, users } from '@/db/schema';
import { env } from '@/lib/env';

/**
 * Ends every session of one user at once, on every device: the cookies carry
 * the generation they were issued under (lib/auth/session-memberships.ts), and
 * no cookie of an older generation is accepted again. This is the only thing a
 * caller needs to do — deactivation, role change, password change or reset,
 * "sign out everywhere". Pass the caller's transaction so it commits with the change.
 */
export async function endAllSessions(db: Db, userId: string): Promise<void> {
  await db
    .update(users)
    .set({ sessionGeneration: sql`${users.sessionGeneration} + 1` })
    .where(eq(users.id, userId));
}

/** Share of revocations that also prune expired ones: cheap on average, no scheduler needed. */
const PRUNE_PROBABILITY = 0.05;

/**
 * Ends one session (sign-out on this device), leaving the user's other devices
 * signed in. The session id stays the same for the cookie's whole life, even
 * when next-auth re-issues the cookie, so every copy of it stops working. The
 * row is kept for one session lifetime from now: no copy of the cookie can
 * outlive that, since none was issued later than now.
 */
export async function endSession(
  db: Db,
  session: { sessionId: string; userId: string },
  now = new Date(),
  random: () => number = Math.random,
): Promise<void> {
  const expiresAt = new Date(now.getTime() + env.SESSION_MAX_AGE_SECONDS * 1000);
  await db
    .insert(revokedSessions)
    .values({ sessionId: session.sessionId, userId: session.userId, expiresAt })
    .onConflictDoNothing();
  if (random() < PRUNE_PROBABILITY) await pruneRevokedSessions(db, now);
}

/** Deletes revocations no cookie can need any more; returns how many went. */
export async function pruneRevokedSessions(db: Db, now = new Date()): Promise<number> {
  const deleted = await db
    .delete(revokedSessions)
    .where(lt(revokedSessions.expiresAt, now))
    .returning({ sessionId: revokedSessions.sessionId });
  return deleted.length;
}
