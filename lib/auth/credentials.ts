import { randomBytes } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { memberships, organizations, users, type User } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write-audit';
import { hashPassword, verifyPassword } from './password';
import { isSignInBlocked, recordSignInAttempt } from './rate-limit';

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email('Enter a valid email address.').max(254),
  password: z.string().min(1, 'Enter your password.').max(256, 'Password is too long.'),
});

export type CredentialsResult =
  | {
      ok: true;
      user: Pick<User, 'id' | 'email' | 'name'>;
      /** The organization the session opens in (the first active one by name, as the session does). */
      organizationId: string;
    }
  | { ok: false; reason: 'invalid' | 'rate-limited' | 'unverified' };

// Verifying against a throwaway hash when the email is unknown keeps the
// response time the same, so timing does not reveal which emails have accounts.
let unknownUserHash: Promise<string> | undefined;
function hashForUnknownUser(): Promise<string> {
  unknownUserHash ??= hashPassword(randomBytes(16).toString('hex'));
  return unknownUserHash;
}

async function membershipsOf(db: Db, userId: string) {
  return db
    .select({ organizationId: memberships.organizationId, status: memberships.status })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organizations.name));
}

/**
 * A failed or blocked sign-in is logged once outside any organization and once
 * in each organization the account belongs to, so that those organizations'
 * admins see attacks on their members in their own audit log.
 */
async function auditFailure(
  db: Db,
  action: 'auth.sign_in_failed' | 'auth.sign_in_blocked',
  user: { id: string } | undefined,
  organizationIds: string[],
  details: Record<string, unknown>,
  ip: string,
): Promise<void> {
  const actorUserId = user?.id ?? null;
  await writeAudit(db, { organizationId: null, actorUserId, action, details, ip });
  for (const organizationId of organizationIds) {
    await writeAudit(db, { organizationId, actorUserId, action, targetType: 'user', targetId: user?.id, details, ip });
  }
}

export async function authenticateWithPassword(db: Db, input: unknown, ip: string): Promise<CredentialsResult> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: 'invalid' };
  const { email, password } = parsed.data;

  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  const userMemberships = user ? await membershipsOf(db, user.id) : [];
  const organizationIds = userMemberships.map((row) => row.organizationId);

  if (await isSignInBlocked(db, email, ip)) {
    await auditFailure(db, 'auth.sign_in_blocked', user, organizationIds, { email }, ip);
    return { ok: false, reason: 'rate-limited' };
  }

  const passwordOk = await verifyPassword(user?.passwordHash ?? (await hashForUnknownUser()), password);
  // A deactivated member keeps their account and ratings but may no longer sign in.
  const activeOrganizationId = userMemberships.find((row) => row.status === 'active')?.organizationId;

  // An address nobody has proved yet opens nothing, whatever the account holds (issue 17):
  // the right password is told so, to go and follow the mailed link.
  if (user && passwordOk && !user.emailVerifiedAt) {
    await auditFailure(db, 'auth.sign_in_failed', user, organizationIds, { email, reason: 'unverified' }, ip);
    return { ok: false, reason: 'unverified' };
  }

  const succeeded = Boolean(user && passwordOk && activeOrganizationId);
  await recordSignInAttempt(db, email, ip, succeeded);
  if (!succeeded || !user || !activeOrganizationId) {
    const reason = user && passwordOk ? 'deactivated' : 'bad-credentials';
    await auditFailure(db, 'auth.sign_in_failed', user, organizationIds, { email, reason }, ip);
    return { ok: false, reason: 'invalid' };
  }
  await writeAudit(db, {
    organizationId: activeOrganizationId,
    actorUserId: user.id,
    action: 'auth.sign_in',
    details: { method: 'password' },
    ip,
  });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name }, organizationId: activeOrganizationId };
}
