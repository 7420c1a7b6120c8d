import { and, count, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '@/db';
import { mailRequests } from '@/db/schema';

/**
 * Requests that send mail to an address someone types (sign-up, password
 * reset, a new verification link) are limited per address — so nobody can
 * flood a mailbox — and per IP address — so nobody can flood many. Counted
 * in the database, like sign-in attempts, so the limit holds across restarts
 * and instances.
 */
export type MailRequestKind = 'sign-up' | 'password-reset' | 'verify-resend';

export const MAIL_LIMIT_WINDOW_MS = 60 * 60 * 1000;
export const MAIL_LIMIT_PER_EMAIL = 5;
export const MAIL_LIMIT_PER_IP = 30;
const RETENTION_MS = 24 * 60 * 60 * 1000;
const PRUNE_PROBABILITY = 0.01;

export const MAIL_LIMIT_MESSAGE = 'Too many requests for this address. Wait an hour, then try again.';

/**
 * Counts this request and says whether it may go ahead. A refused request is
 * not counted, so a flood cannot keep the address blocked past the window.
 */
export async function allowMailRequest(
  db: Db,
  request: { kind: MailRequestKind; email: string; ip: string | null },
  options: { now?: Date; random?: () => number } = {},
): Promise<boolean> {
  const now = options.now ?? new Date();
  const since = new Date(now.getTime() - MAIL_LIMIT_WINDOW_MS);
  const ip = request.ip ?? 'unknown';
  const [byEmail] = await db
    .select({ n: count() })
    .from(mailRequests)
    .where(
      and(
        eq(mailRequests.kind, request.kind),
        eq(mailRequests.email, request.email),
        gt(mailRequests.createdAt, since),
      ),
    );
  if ((byEmail?.n ?? 0) >= MAIL_LIMIT_PER_EMAIL) return false;
  const [byIp] = await db
    .select({ n: count() })
    .from(mailRequests)
    .where(and(eq(mailRequests.kind, request.kind), eq(mailRequests.ip, ip), gt(mailRequests.createdAt, since)));
  if ((byIp?.n ?? 0) >= MAIL_LIMIT_PER_IP) return false;
  await db.insert(mailRequests).values({ kind: request.kind, email: request.email, ip, createdAt: now });
  if ((options.random ?? Math.random)() < PRUNE_PROBABILITY) {
    await db.delete(mailRequests).where(lt(mailRequests.createdAt, new Date(now.getTime() - RETENTION_MS)));
  }
  return true;
}
