import 'server-only';
import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { memberships, organizations, users } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write-audit';
import { hashPassword } from '@/lib/auth/password';
import { NO_NUL, NO_NUL_MESSAGE } from '@/lib/validation/text';
import type { Failure, Outcome } from './outcome';
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from './slug';
import { uniqueViolation } from '@/db/unique-violation';

export const PASSWORD_MIN_LENGTH = 12;

export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(256, 'Use at most 256 characters.');

export const personNameSchema = z
  .string()
  .trim()
  .min(1, 'Enter your name.')
  .max(100, 'Use at most 100 characters.')
  .regex(NO_NUL, NO_NUL_MESSAGE);

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'That email address is too long.')
  .email('Enter a valid email address.');

export const signUpSchema = z.object({
  name: personNameSchema,
  email: emailSchema,
  password: newPasswordSchema,
  organizationName: z
    .string()
    .trim()
    .min(2, 'Enter the organization’s name.')
    .max(100, 'Use at most 100 characters.')
    .regex(NO_NUL, NO_NUL_MESSAGE),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .max(SLUG_MAX_LENGTH, `Use at most ${SLUG_MAX_LENGTH} characters.`)
    .regex(SLUG_PATTERN, 'Use 3–40 lower-case letters, digits and dashes, starting and ending with a letter or digit.'),
});

export type SignUpInput = z.output<typeof signUpSchema>;

export const EMAIL_TAKEN_MESSAGE = 'An account with this email already exists. Sign in instead.';

async function slugTakenMessage(db: Db, slug: string): Promise<string> {
  // Offer the first free variant so the user is not left guessing.
  const candidates = Array.from({ length: 8 }, (_, index) => `${slug.slice(0, SLUG_MAX_LENGTH - 2)}-${index + 2}`);
  const taken = new Set(
    (
      await db.select({ slug: organizations.slug }).from(organizations).where(inArray(organizations.slug, candidates))
    ).map((row) => row.slug),
  );
  const free = candidates.find((candidate) => !taken.has(candidate));
  return free ? `That address is already taken. How about “${free}”?` : 'That address is already taken.';
}

async function conflicts(db: Db, input: SignUpInput): Promise<Failure | null> {
  const [existingUser] = await db.select({ id: users.id }).from(users).where(eq(users.email, input.email)).limit(1);
  const [existingOrg] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.slug, input.slug))
    .limit(1);
  if (!existingUser && !existingOrg) return null;
  const fieldErrors: Record<string, string[]> = {};
  if (existingUser) fieldErrors.email = [EMAIL_TAKEN_MESSAGE];
  if (existingOrg) fieldErrors.slug = [await slugTakenMessage(db, input.slug)];
  return {
    ok: false,
    error: existingUser ? EMAIL_TAKEN_MESSAGE : 'Please correct the highlighted fields.',
    fieldErrors,
  };
}

/**
 * The database half of sign-up: a new user, a new organization and the user's
 * admin membership, committed together or not at all. Signing in is the
 * caller's job (it needs next-auth and a request).
 */
export async function signUpWithOrganization(
  db: Db,
  input: SignUpInput,
  ip: string | null,
): Promise<Outcome<{ userId: string; organizationId: string; slug: string }>> {
  const conflict = await conflicts(db, input);
  if (conflict) return conflict;

  // Hashing is slow on purpose; do it before the transaction so no locks are held meanwhile.
  const passwordHash = await hashPassword(input.password);
  try {
    const created = await db.transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({ email: input.email, name: input.name, passwordHash })
        .returning({ id: users.id });
      const [organization] = await tx
        .insert(organizations)
        .values({ name: input.organizationName, slug: input.slug })
        .returning({ id: organizations.id });
      if (!user || !organization) throw new Error('Sign-up insert returned no row');
      const [membership] = await tx
        .insert(memberships)
        .values({ organizationId: organization.id, userId: user.id, role: 'admin' })
        .returning({ id: memberships.id });
      await writeAudit(tx, {
        organizationId: organization.id,
        actorUserId: user.id,
        action: 'organization.created',
        targetType: 'organization',
        targetId: organization.id,
        details: { name: input.organizationName, slug: input.slug, adminMembershipId: membership?.id },
        ip,
      });
      return { userId: user.id, organizationId: organization.id, slug: input.slug };
    });
    return { ok: true, data: created };
  } catch (error) {
    // Someone else took the email or slug between the check and the insert.
    const constraint = uniqueViolation(error);
    if (constraint === null) throw error;
    return (await conflicts(db, input)) ?? { ok: false, error: 'That organization could not be created. Try again.' };
  }
}
