import { and, eq, gt, lt, or, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { signInAttempts } from '@/db/schema';

/**
 * Failed sign-ins, counted in the database so that the limits hold across
 * restarts and app instances. Three limits, each over the last 15 minutes
 * (docs/security.md, "Sign-in limits"):
 *
 * - per account and address: 10 failures block that account from that
 *   address, the right password included — one attacker guessing one password;
 * - per address: 30 failures across any accounts block the address —
 *   one attacker trying many accounts (an office behind one NAT has room);
 * - per account, from everywhere: 50 failures block the account only from
 *   addresses it has never signed in from successfully in the last 30 days —
 *   a distributed guess is capped, and yet it cannot lock the owner out of the
 *   places they use (only their own address's 10 could, and that takes their
 *   address).
 */
export const SIGN_IN_FAILURE_LIMIT = 10;
export const SIGN_IN_IP_FAILURE_LIMIT = 30;
export const SIGN_IN_ACCOUNT_FAILURE_LIMIT = 50;
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
/** A successful sign-in makes its address a known place for the account for this long. */
export const KNOWN_PLACE_MS = 30 * 24 * 60 * 60 * 1000;
/** Failures older than this no longer matter to any limit and are deleted; successes are kept as known places. */
export const SIGN_IN_ATTEMPT_RETENTION_MS = 24 * 60 * 60 * 1000;
/** Share of recorded attempts that also prune old ones: cheap on average, no scheduler needed. */
const PRUNE_PROBABILITY = 0.01;

export interface SignInCounts {
  /** Failures of this account from this address. */
  pair: number;
  /** Failures from this address, any account. */
  byIp: number;
  /** Failures of this account, any address. */
  byAccount: number;
  /** This account signed in successfully from this address recently. */
  knownPlace: boolean;
}

export async function signInCounts(db: Db, email: string, ip: string, now = new Date()): Promise<SignInCounts> {
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
  const knownSince = new Date(now.getTime() - KNOWN_PLACE_MS);
  const a = signInAttempts;
  const recentFailure = sql`not ${a.succeeded} and ${a.createdAt} > ${since.toISOString()}::timestamptz`;
  // One statement; each side of the `or` uses its own (email|ip, created_at) index.
  const [row] = await db
    .select({
      pair: sql<number>`count(*) filter (where ${recentFailure} and ${a.email} = ${email} and ${a.ip} = ${ip})`.mapWith(
        Number,
      ),
      byIp: sql<number>`count(*) filter (where ${recentFailure} and ${a.ip} = ${ip})`.mapWith(Number),
      byAccount: sql<number>`count(*) filter (where ${recentFailure} and ${a.email} = ${email})`.mapWith(Number),
      knownPlace: sql<boolean>`coalesce(bool_or(${a.succeeded} and ${a.email} = ${email} and ${a.ip} = ${ip}), false)`,
    })
    .from(a)
    .where(or(and(eq(a.email, email), gt(a.createdAt, knownSince)), and(eq(a.ip, ip), gt(a.createdAt, since))));
  return {
    pair: row?.pair ?? 0,
    byIp: row?.byIp ?? 0,
    byAccount: row?.byAccount ?? 0,
    knownPlace: row?.knownPlace === true,
  };
}

/** The rule above, on counts already read. */
export function isBlockedBy(counts: SignInCounts): boolean {
  if (counts.pair >= SIGN_IN_FAILURE_LIMIT) return true;
  if (counts.byIp >= SIGN_IN_IP_FAILURE_LIMIT) return true;
  return counts.byAccount >= SIGN_IN_ACCOUNT_FAILURE_LIMIT && !counts.knownPlace;
}

export async function isSignInBlocked(db: Db, email: string, ip: string, now = new Date()): Promise<boolean> {
  return isBlockedBy(await signInCounts(db, email, ip, now));
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

/** Deletes failures older than a day and successes older than the known-place period; returns how many went. */
export async function pruneSignInAttempts(db: Db, now = new Date()): Promise<number> {
  const failureCutoff = new Date(now.getTime() - SIGN_IN_ATTEMPT_RETENTION_MS);
  const successCutoff = new Date(now.getTime() - KNOWN_PLACE_MS);
  const deleted = await db
    .delete(signInAttempts)
    .where(
      or(
        and(eq(signInAttempts.succeeded, false), lt(signInAttempts.createdAt, failureCutoff)),
        lt(signInAttempts.createdAt, successCutoff),
      ),
    )
    .returning({ id: signInAttempts.id });
  return deleted.length;
}
