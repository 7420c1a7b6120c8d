import 'server-only';
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { accountTokens, users } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write-audit';
import { allowMailRequest, MAIL_LIMIT_MESSAGE } from '@/lib/mail/mail-limits';
import { afterAnswer } from '@/lib/mail/after-answer';
import { sendMail } from '@/lib/mail/send-mail';
import { verificationMail } from '@/lib/mail/templates';
import type { Outcome } from '@/lib/organizations/outcome';
import { createOrganizationForVerifiedUser, emailSchema, VERIFICATION_VALID_MS } from '@/lib/organizations/sign-up';
import {
  accountTokenPaths,
  consumeAccountToken,
  findAccountToken,
  issueAccountToken,
  type TokenProblem,
} from './account-tokens';
import { verifyPassword } from './password';
import { isSignInBlocked, recordSignInAttempt } from './rate-limit';

export const accountTokenSchema = z
  .string()
  .trim()
  .min(1, 'The link is missing its code.')
  .max(100, 'That link is not valid.');

export const verifyEmailSchema = z.object({
  token: accountTokenSchema,
  password: z.string().min(1, 'Enter the password you chose when you signed up.').max(256, 'Password is too long.'),
});

export const resendVerificationSchema = z.object({ email: emailSchema });

export function verificationProblemMessage(problem: TokenProblem): string {
  switch (problem) {
    case 'used':
      return 'This link has already been used. If your address is confirmed, sign in.';
    case 'expired':
      return 'This link has expired. Ask for a new one below.';
    default:
      return 'This link is not valid. Check that you copied the whole link, or ask for a new one below.';
  }
}

export const WRONG_SIGN_UP_PASSWORD =
  'That is not the password chosen when this address was signed up. If you did not sign up, ignore the mail: nothing is created.';

/**
 * Following the link proves the mailbox; typing the sign-up password proves
 * the person is the one who signed up. Both are needed: without the password,
 * someone who signed up under another person's address would own the account
 * the moment its real owner clicked the link ("pre-hijacking").
 */
export async function verifyEmail(
  db: Db,
  input: z.output<typeof verifyEmailSchema>,
  ip: string | null,
): Promise<Outcome<{ email: string; organizationId: string | null }>> {
  const found = await findAccountToken(db, input.token, 'verify_email');
  if (!found.ok) return { ok: false, error: verificationProblemMessage(found.problem) };
  const [user] = await db.select().from(users).where(eq(users.id, found.row.userId)).limit(1);
  if (!user?.passwordHash) return { ok: false, error: verificationProblemMessage('invalid') };
  const address = ip ?? 'unknown';
  if (await isSignInBlocked(db, user.email, address)) {
    return { ok: false, error: 'Too many failed attempts. Wait 15 minutes and try again.' };
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    await recordSignInAttempt(db, user.email, address, false);
    return { ok: false, error: WRONG_SIGN_UP_PASSWORD, fieldErrors: { password: [WRONG_SIGN_UP_PASSWORD] } };
  }

  const outcome = await db
    .transaction(async (tx) => {
      const used = await consumeAccountToken(tx, input.token, 'verify_email');
      if (!used.ok) return { ok: false as const, error: verificationProblemMessage(used.problem) };
      await tx
        .update(users)
        .set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` })
        .where(eq(users.id, user.id));
      let organizationId: string | null = null;
      const { pendingOrganizationName: name, pendingOrganizationSlug: slug } = used.row;
      if (name && slug) {
        const created = await createOrganizationForVerifiedUser(tx, { userId: user.id, name, slug, ip });
        if (!created) throw new SlugsExhausted();
        organizationId = created.organizationId;
      }
      await writeAudit(tx, {
        organizationId,
        actorUserId: user.id,
        action: 'auth.email_verified',
        targetType: 'user',
        targetId: user.id,
        details: { email: user.email },
        ip,
      });
      return { ok: true as const, data: { email: user.email, organizationId } };
    })
    .catch((error: unknown) => {
      if (error instanceof SlugsExhausted) {
        return {
          ok: false as const,
          error:
            'Your organization’s address and its variants were taken meanwhile. Sign up again with another address.',
        };
      }
      throw error;
    });
  return outcome;
}

class SlugsExhausted extends Error {}

/**
 * A new link for an unconfirmed password account (the first mail was lost, or
 * the link expired). The answer is the same for every address.
 */
export async function resendVerification(
  db: Db,
  email: string,
  options: { ip: string | null; origin: string },
): Promise<Outcome<undefined>> {
  if (!(await allowMailRequest(db, { kind: 'verify-resend', email, ip: options.ip }))) {
    return { ok: false, error: MAIL_LIMIT_MESSAGE };
  }
  const answer = {
    ok: true as const,
    data: undefined,
    message: `If ${email} has an account waiting for confirmation, a new link is on its way. Check your inbox.`,
  };
  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  if (!user || user.emailVerifiedAt || !user.passwordHash) return answer;
  // The organization the sign-up asked for travels to the new link.
  const [latest] = await db
    .select()
    .from(accountTokens)
    .where(and(eq(accountTokens.userId, user.id), eq(accountTokens.purpose, 'verify_email')))
    .orderBy(desc(accountTokens.createdAt))
    .limit(1);
  const pendingOrganization =
    latest?.pendingOrganizationName && latest.pendingOrganizationSlug
      ? { name: latest.pendingOrganizationName, slug: latest.pendingOrganizationSlug }
      : null;
  const { token, expiresAt } = await issueAccountToken(db, {
    userId: user.id,
    purpose: 'verify_email',
    validForMs: VERIFICATION_VALID_MS,
    pendingOrganization,
  });
  // After the answer: its timing must not tell a waiting account from any other address.
  await afterAnswer(() =>
    sendMail(db, {
      to: user.email,
      ...verificationMail({
        name: user.name,
        link: `${options.origin}${accountTokenPaths.verify_email(token)}`,
        expiresAt,
        organizationName: pendingOrganization?.name,
      }),
      kind: 'verify-email',
    }),
  );
  return answer;
}

/** For the link's page: whose address it confirms (and what it creates), or why it cannot be used. Uses nothing up. */
export async function describeVerificationLink(
  db: Db,
  token: string,
): Promise<{ ok: true; email: string; organizationName: string | null } | { ok: false; message: string }> {
  const found = await findAccountToken(db, token, 'verify_email');
  if (!found.ok) return { ok: false, message: verificationProblemMessage(found.problem) };
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, found.row.userId)).limit(1);
  if (!user) return { ok: false, message: verificationProblemMessage('invalid') };
  return { ok: true, email: user.email, organizationName: found.row.pendingOrganizationName };
}
