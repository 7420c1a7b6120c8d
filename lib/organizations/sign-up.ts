import 'server-only';
import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { memberships, organizations, users } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write-audit';
import { hashPassword } from '@/lib/auth/password';
import { NO_NUL, NO_NUL_MESSAGE } from '@/lib/validation/text';
import { accountTokenPaths, issueAccountToken } from '@/lib/auth/account-tokens';
import { allowMailRequest, MAIL_LIMIT_MESSAGE } from '@/lib/mail/mail-limits';
import { sendMail } from '@/lib/mail/send-mail';
import { signUpAttemptMail, verificationMail } from '@/lib/mail/templates';
import type { Outcome } from './outcome';
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from './slug';

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

async function slugTaken(db: Db, slug: string): Promise<boolean> {
  const [row] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, slug));
  return Boolean(row);
}

/** The first free `<slug>-2` … `<slug>-9`, or null. */
async function freeSlugVariant(db: Db, slug: string): Promise<string | null> {
  const candidates = Array.from({ length: 8 }, (_, index) => `${slug.slice(0, SLUG_MAX_LENGTH - 2)}-${index + 2}`);
  const taken = new Set(
    (
      await db.select({ slug: organizations.slug }).from(organizations).where(inArray(organizations.slug, candidates))
    ).map((row) => row.slug),
  );
  return candidates.find((candidate) => !taken.has(candidate)) ?? null;
}

async function slugTakenMessage(db: Db, slug: string): Promise<string> {
  // Offer the first free variant so the user is not left guessing.
  const free = await freeSlugVariant(db, slug);
  return free ? `That address is already taken. How about “${free}”?` : 'That address is already taken.';
}

async function hasMemberships(db: Db, userId: string): Promise<boolean> {
  const [row] = await db.select({ id: memberships.id }).from(memberships).where(eq(memberships.userId, userId));
  return Boolean(row);
}

export const VERIFICATION_VALID_MS = 24 * 60 * 60 * 1000;

/** What sign-up answers, whether or not the address already has an account (the mail tells its owner). */
export function signUpSentMessage(email: string): string {
  return `Check your inbox: we sent a message to ${email}. Follow its link within 24 hours to confirm the address and create your organization.`;
}

/**
 * Sign-up proves nothing about the email yet, so nothing is created that
 * could be used: the account stays unverified — it cannot sign in, accept an
 * invitation or be linked to single sign-on — and the organization is only
 * created when the owner follows the link mailed to the address and types the
 * password chosen here (`lib/auth/email-verification.ts`). The answer is the
 * same whether or not the address already has an account; the owner of an
 * existing account gets a mail saying someone tried.
 */
export async function signUp(
  db: Db,
  input: SignUpInput,
  options: { ip: string | null; origin: string },
): Promise<Outcome<{ email: string }>> {
  if (await slugTaken(db, input.slug)) {
    const message = await slugTakenMessage(db, input.slug);
    return { ok: false, error: 'Please correct the highlighted fields.', fieldErrors: { slug: [message] } };
  }
  if (!(await allowMailRequest(db, { kind: 'sign-up', email: input.email, ip: options.ip }))) {
    return { ok: false, error: MAIL_LIMIT_MESSAGE };
  }
  // Hashed on every path, so the time taken does not tell an existing address from a new one.
  const passwordHash = await hashPassword(input.password);
  const sent: Outcome<{ email: string }> = {
    ok: true,
    data: { email: input.email },
    message: signUpSentMessage(input.email),
  };

  const [existing] = await db.select().from(users).where(eq(users.email, input.email)).limit(1);
  if (existing && (existing.emailVerifiedAt || (await hasMemberships(db, existing.id)))) {
    // The address has an account (or, from before verification existed, one with data): tell its owner.
    await sendMail(db, {
      to: input.email,
      ...signUpAttemptMail({ signInUrl: `${options.origin}/sign-in`, resetUrl: `${options.origin}/forgot-password` }),
      kind: 'sign-up-attempt',
    });
    return sent;
  }

  let userId = existing?.id;
  if (existing) {
    // A sign-up that was never confirmed holds nothing: the newest one replaces it. The link asks
    // for the password chosen here, so following it proves both the mailbox and the sign-up.
    await db.update(users).set({ name: input.name, passwordHash }).where(eq(users.id, existing.id));
  } else {
    const [created] = await db
      .insert(users)
      .values({ email: input.email, name: input.name, passwordHash, emailVerifiedAt: null })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id });
    // Two sign-ups with the same address at once: the first one's mail is on its way.
    if (!created) return sent;
    userId = created.id;
  }
  if (!userId) throw new Error('Sign-up lost its user');
  const { token, expiresAt } = await issueAccountToken(db, {
    userId,
    purpose: 'verify_email',
    validForMs: VERIFICATION_VALID_MS,
    pendingOrganization: { name: input.organizationName, slug: input.slug },
  });
  await sendMail(db, {
    to: input.email,
    ...verificationMail({
      name: input.name,
      link: `${options.origin}${accountTokenPaths.verify_email(token)}`,
      expiresAt,
      organizationName: input.organizationName,
    }),
    kind: 'verify-email',
  });
  return sent;
}

/**
 * The organization a confirmed sign-up asked for, with its creator as admin.
 * Addresses are not reserved until then: if another organization took the
 * slug meanwhile, the first free variant is used.
 */
export async function createOrganizationForVerifiedUser(
  db: Db,
  input: { userId: string; name: string; slug: string; ip: string | null },
): Promise<{ organizationId: string; slug: string } | null> {
  const slug = (await slugTaken(db, input.slug)) ? await freeSlugVariant(db, input.slug) : input.slug;
  if (!slug) return null;
  const [organization] = await db
    .insert(organizations)
    .values({ name: input.name, slug })
    .returning({ id: organizations.id });
  if (!organization) throw new Error('Organization insert returned no row');
  const [membership] = await db
    .insert(memberships)
    .values({ organizationId: organization.id, userId: input.userId, role: 'admin' })
    .returning({ id: memberships.id });
  await writeAudit(db, {
    organizationId: organization.id,
    actorUserId: input.userId,
    action: 'organization.created',
    targetType: 'organization',
    targetId: organization.id,
    details: { name: input.name, slug, adminMembershipId: membership?.id },
    ip: input.ip,
  });
  return { organizationId: organization.id, slug };
}
