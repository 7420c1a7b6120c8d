import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { memberships, users, type User } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write-audit';
import { hashPassword, verifyPassword } from './password';
import { isSignInBlocked, recordSignInAttempt } from './rate-limit';

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email('Enter a valid email address.').max(254),
  password: z.string().min(1, 'Enter your password.').max(256, 'Password is too long.'),
});

export type CredentialsResult =
  | { ok: true; user: Pick<User, 'id' | 'email' | 'name'> }
  | { ok: false; reason: 'invalid' | 'rate-limited' };

// Verifying against a throwaway hash when the email is unknown keeps the
// response time the same, so timing does not reveal which emails have accounts.
let unknownUserHash: Promise<string> | undefined;
function hashForUnknownUser(): Promise<string> {
  unknownUserHash ??= hashPassword(randomBytes(16).toString('hex'));
  return unknownUserHash;
}

export async function authenticateWithPassword(db: Db, input: unknown, ip: string): Promise<CredentialsResult> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: 'invalid' };
  const { email, password } = parsed.data;

  if (await isSignInBlocked(db, email, ip)) {
    await writeAudit(db, { organizationId: null, action: 'auth.sign_in_blocked', details: { email }, ip });
    return { ok: false, reason: 'rate-limited' };
  }

  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await hashForUnknownUser()), password);
  // A deactivated member keeps their account and ratings but may no longer sign in.
  const hasActiveMembership =
    user && passwordOk
      ? (await db.select({ status: memberships.status }).from(memberships).where(eq(memberships.userId, user.id))).some(
          (row) => row.status === 'active',
        )
      : false;

  const succeeded = Boolean(user && passwordOk && hasActiveMembership);
  await recordSignInAttempt(db, email, ip, succeeded);
  if (!succeeded || !user) {
    await writeAudit(db, {
      organizationId: null,
      actorUserId: user?.id ?? null,
      action: 'auth.sign_in_failed',
      details: { email, reason: user && passwordOk ? 'deactivated' : 'bad-credentials' },
      ip,
    });
    return { ok: false, reason: 'invalid' };
  }
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}
