import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { users } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write-audit';
import { allowMailRequest, MAIL_LIMIT_MESSAGE } from '@/lib/mail/mail-limits';
import { afterAnswer } from '@/lib/mail/after-answer';
import { sendMail } from '@/lib/mail/send-mail';
import { passwordResetMail } from '@/lib/mail/templates';
import type { Outcome } from '@/lib/organizations/outcome';
import { emailSchema, newPasswordSchema } from '@/lib/organizations/sign-up';
import {
  accountTokenPaths,
  consumeAccountToken,
  findAccountToken,
  issueAccountToken,
  type TokenProblem,
} from './account-tokens';
import { accountTokenSchema } from './email-verification';
import { hashPassword } from './password';
import { endAllSessions } from './revoke-sessions';

export const RESET_VALID_MS = 30 * 60 * 1000;

export const requestPasswordResetSchema = z.object({ email: emailSchema });
export const resetPasswordSchema = z.object({ token: accountTokenSchema, password: newPasswordSchema });

export function resetProblemMessage(problem: TokenProblem): string {
  switch (problem) {
    case 'used':
      return 'This reset link has already been used. Ask for a new one if you still need it.';
    case 'expired':
      // The same page opens the 7-day link of a welcome mail (lib/members/welcome-mail-job.ts), so the
      // message names both lifetimes rather than promising 30 minutes to someone who waited a week.
      return 'This link has expired (a password-reset link lasts 30 minutes, a welcome link 7 days). Ask for a new one.';
    default:
      return 'This reset link is not valid. Check that you copied the whole link, or ask for a new one.';
  }
}

/** The same answer for every address, so the form does not tell which ones have accounts. */
export function resetRequestedMessage(email: string): string {
  return `If ${email} has a Skillgrid account, a link to choose a new password is on its way. It works for 30 minutes.`;
}

export async function requestPasswordReset(
  db: Db,
  email: string,
  options: { ip: string | null; origin: string },
): Promise<Outcome<undefined>> {
  if (!(await allowMailRequest(db, { kind: 'password-reset', email, ip: options.ip }))) {
    return { ok: false, error: MAIL_LIMIT_MESSAGE };
  }
  const answer = { ok: true as const, data: undefined, message: resetRequestedMessage(email) };
  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  if (!user) return answer;
  const { token, expiresAt } = await issueAccountToken(db, {
    userId: user.id,
    purpose: 'reset_password',
    validForMs: RESET_VALID_MS,
  });
  // After the answer: its timing must not tell a known address from an unknown one.
  await afterAnswer(async () => {
    await sendMail(db, {
      to: user.email,
      ...passwordResetMail({
        name: user.name,
        link: `${options.origin}${accountTokenPaths.reset_password(token)}`,
        expiresAt,
      }),
      kind: 'password-reset',
    });
    await writeAudit(db, {
      organizationId: null,
      actorUserId: user.id,
      action: 'auth.password_reset_requested',
      targetType: 'user',
      targetId: user.id,
      ip: options.ip,
    });
  });
  return answer;
}

/**
 * Sets the new password and ends every session of the account: whoever held
 * the old password (or a stolen cookie) is out. Following the link also proves
 * the address, so the account counts as verified from here on.
 */
export async function resetPassword(
  db: Db,
  input: z.output<typeof resetPasswordSchema>,
  ip: string | null,
): Promise<Outcome<{ email: string }>> {
  // Hashed before the transaction so no row lock is held meanwhile.
  const passwordHash = await hashPassword(input.password);
  const outcome = await db.transaction(async (tx) => {
    const used = await consumeAccountToken(tx, input.token, 'reset_password');
    if (!used.ok) return { ok: false as const, error: resetProblemMessage(used.problem) };
    const [user] = await tx
      .update(users)
      .set({ passwordHash, emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` })
      .where(eq(users.id, used.row.userId))
      .returning({ id: users.id, email: users.email });
    if (!user) return { ok: false as const, error: resetProblemMessage('invalid') };
    // Every session of the account ends with the change, in the same transaction.
    await endAllSessions(tx, user.id);
    await writeAudit(tx, {
      organizationId: null,
      actorUserId: user.id,
      action: 'auth.password_reset',
      targetType: 'user',
      targetId: user.id,
      ip,
    });
    return { ok: true as const, data: { email: user.email, userId: user.id } };
  });
  if (!outcome.ok) return outcome;
  return { ok: true, data: { email: outcome.data.email } };
}

/** For the link's page: whose password it resets, or why it cannot be used. Uses nothing up. */
export async function describeResetLink(
  db: Db,
  token: string,
): Promise<{ ok: true; email: string } | { ok: false; message: string }> {
  const found = await findAccountToken(db, token, 'reset_password');
  if (!found.ok) return { ok: false, message: resetProblemMessage(found.problem) };
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, found.row.userId)).limit(1);
  if (!user) return { ok: false, message: resetProblemMessage('invalid') };
  return { ok: true, email: user.email };
}
