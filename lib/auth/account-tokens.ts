import 'server-only';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { accountTokens, type AccountTokenPurpose } from '@/db/schema';
import { generateInvitationToken, hashInvitationToken, TOKEN_PATTERN } from '@/lib/invitations/token';

/**
 * Single-use links mailed to an account (verification, password reset). The
 * token has the same shape as an invitation's (32 random bytes, base64url) and,
 * like it, only its SHA-256 is stored.
 */
export const ACCOUNT_TOKEN_PATTERN = TOKEN_PATTERN;

export const accountTokenPaths: Record<AccountTokenPurpose, (token: string) => string> = {
  verify_email: (token) => `/verify-email/${token}`,
  reset_password: (token) => `/reset-password/${token}`,
};

export type AccountTokenRow = typeof accountTokens.$inferSelect;
export type TokenProblem = 'invalid' | 'used' | 'expired';

/** Issues a new link; the account's earlier unused links of the same purpose stop working (only the newest counts). */
export async function issueAccountToken(
  db: Db,
  input: {
    userId: string;
    purpose: AccountTokenPurpose;
    validForMs: number;
    pendingOrganization?: { name: string; slug: string } | null;
    now?: Date;
    /**
     * A token generated beforehand (`generateInvitationToken`) for a mail written before the link is stored:
     * the welcome mail stores it at its send's commit point (lib/members/welcome-mail-job.ts).
     */
    token?: string;
  },
): Promise<{ token: string; expiresAt: Date }> {
  const now = input.now ?? new Date();
  const expiresAt = new Date(now.getTime() + input.validForMs);
  const token = input.token ?? generateInvitationToken();
  await db
    .delete(accountTokens)
    .where(
      and(
        eq(accountTokens.userId, input.userId),
        eq(accountTokens.purpose, input.purpose),
        isNull(accountTokens.usedAt),
      ),
    );
  await db.insert(accountTokens).values({
    userId: input.userId,
    purpose: input.purpose,
    tokenHash: hashInvitationToken(token),
    expiresAt,
    pendingOrganizationName: input.pendingOrganization?.name ?? null,
    pendingOrganizationSlug: input.pendingOrganization?.slug ?? null,
  });
  return { token, expiresAt };
}

/** Looks a link up without using it (for the page that shows the form); anything that is not a token is `invalid`. */
export async function findAccountToken(
  db: Db,
  token: unknown,
  purpose: AccountTokenPurpose,
  now = new Date(),
): Promise<{ ok: true; row: AccountTokenRow } | { ok: false; problem: TokenProblem }> {
  if (typeof token !== 'string' || !ACCOUNT_TOKEN_PATTERN.test(token)) return { ok: false, problem: 'invalid' };
  const [row] = await db
    .select()
    .from(accountTokens)
    .where(and(eq(accountTokens.tokenHash, hashInvitationToken(token)), eq(accountTokens.purpose, purpose)))
    .limit(1);
  if (!row) return { ok: false, problem: 'invalid' };
  if (row.usedAt) return { ok: false, problem: 'used' };
  if (row.expiresAt.getTime() <= now.getTime()) return { ok: false, problem: 'expired' };
  return { ok: true, row };
}

/**
 * Uses a link exactly once, even under concurrency: the UPDATE only matches an
 * unused, unexpired token, and a second transaction waiting on the row lock
 * re-checks that after the first commits and matches nothing.
 */
export async function consumeAccountToken(
  db: Db,
  token: unknown,
  purpose: AccountTokenPurpose,
): Promise<{ ok: true; row: AccountTokenRow } | { ok: false; problem: TokenProblem }> {
  if (typeof token !== 'string' || !ACCOUNT_TOKEN_PATTERN.test(token)) return { ok: false, problem: 'invalid' };
  const [row] = await db
    .update(accountTokens)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(accountTokens.tokenHash, hashInvitationToken(token)),
        eq(accountTokens.purpose, purpose),
        isNull(accountTokens.usedAt),
        gt(accountTokens.expiresAt, sql`now()`),
      ),
    )
    .returning();
  if (row) return { ok: true, row };
  const found = await findAccountToken(db, token, purpose);
  return { ok: false, problem: found.ok ? 'used' : found.problem };
}

/** Every unused link of the account stops working (its password was replaced, or the account changed hands). */
export async function revokeAccountTokens(db: Db, userId: string): Promise<void> {
  await db.delete(accountTokens).where(and(eq(accountTokens.userId, userId), isNull(accountTokens.usedAt)));
}
