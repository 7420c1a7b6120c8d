import { and, count, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '@/db';
import { signInAttempts } from '@/db/schema';

/** At most this many failed sign-ins per account and per IP address in the window. */
export const SIGN_IN_FAILURE_LIMIT = 10;
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
/** Attempts older than this no longer matter to any limit and are deleted. */
export const SIGN_IN_ATTEMPT_RETENTION_MS = 24 * 60 * 60 * 1000;
/** Share of recorded attempts that also prune old ones: cheap on average, no scheduler needed. */
const PRUNE_PROBABILITY = 0.01;

// The counts live in the database so that the limit holds across restarts and app instances.
export async function isSignInBlocked(db: Db, email: string, ip: string, now = new Date()): Promise<boolean> {
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
  const failuresWhere = (column: typeof signInAttempts.email | typeof signInAttempts.ip, value: string) =>
    and(eq(column, value), eq(signInAttempts.succeeded, false), gt(signInAttempts.createdAt, since));
  const [byEmail] = await db
    .select({ n: count() })
    .from(signInAttempts)
    .where(failuresWhere(signInAttempts.email, email));
  if ((byEmail?.n ?? 0) >= SIGN_IN_FAILURE_LIMIT) return true;
  const [byIp] = await db.select({ n: count() }).from(signInAttempts).where(failuresWhere(signInAttempts.ip, ip));
  return (byIp?.n ?? 0) >= SIGN_IN_FAILURE_LIMIT;
}

export async function recordSignInAttempt(
  db: Db,
  email: string,
  ip: string,
  succeeded: boolean,
  random: () => number = Math.random,
): Promise<void> {
  await db.insert(signInAttempts).values({ email, ip, succeeded });
  if (random() < PRUNE_PROBABILITY) await pruneSignInAttempts(db);
}

/** Deletes attempts older than a day so the table stays small; returns how many went. */
export async function pruneSignInAttempts(db: Db, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - SIGN_IN_ATTEMPT_RETENTION_MS);
  const deleted = await db
    .delete(signInAttempts)
    .where(lt(signInAttempts.createdAt, cutoff))
    .returning({ id: signInAttempts.id });
  return deleted.length;
}
