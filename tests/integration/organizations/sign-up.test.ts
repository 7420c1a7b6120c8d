import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { auditLog, mailOutbox, memberships, organizations, users } from '@/db/schema';
import { verifyEmailAction } from '@/lib/auth/email-verification-actions';
import { signUpAction } from '@/lib/organizations/actions';
import { suggestSlug, isValidSlug } from '@/lib/organizations/slug';
import { uniqueViolation } from '@/db/unique-violation';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { createMember, createOrganization } from '../../fixtures/actors';
import { tableCounts } from './counts';

const auth = vi.hoisted(() => ({ signIn: vi.fn(async () => undefined), unstable_update: vi.fn(async () => null) }));
vi.mock('@/lib/auth/config', () => ({
  auth: async () => null,
  signIn: auth.signIn,
  signOut: async () => undefined,
  unstable_update: auth.unstable_update,
}));

// next-auth itself cannot load outside Next (it imports `next/server`); the actions only need its error class.
vi.mock('next-auth', () => ({ AuthError: class AuthError extends Error {} }));

// The root config's timeouts do not reach the projects; booting PGlite and hashing with argon2 on a busy two-core machine can take a while.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
});
afterAll(async () => {
  await database?.close();
});
beforeEach(() => {
  actAs(null);
  auth.signIn.mockClear();
});

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
}

const valid = {
  name: 'Ada Lovelace',
  email: 'Ada@Example.COM',
  password: 'correct horse battery',
  organizationName: 'Analytical Engines',
  slug: 'analytical-engines',
};

/** The newest mail kept for an address (no SMTP in this file: the outbox). */
async function lastMailTo(email: string) {
  const [mail] = await database.db
    .select()
    .from(mailOutbox)
    .where(eq(mailOutbox.to, email))
    .orderBy(desc(mailOutbox.createdAt))
    .limit(1);
  return mail;
}
const tokenOfMail = (text: string, prefix: string) => text.match(new RegExp(`${prefix}([A-Za-z0-9_-]{43})`))?.[1] ?? '';

describe('sign-up', () => {
  it('creates an unconfirmed account and mails a link; the organization waits for the confirmation', async () => {
    const before = await tableCounts(database.db);
    const result = await signUpAction(null, form(valid));
    expect(result).toMatchObject({ ok: true, message: expect.stringContaining('ada@example.com') });
    expect(auth.signIn).not.toHaveBeenCalled();

    const [user] = await database.db.select().from(users).where(eq(users.email, 'ada@example.com'));
    expect(user?.name).toBe('Ada Lovelace');
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user?.emailVerifiedAt).toBeNull();
    let after = await tableCounts(database.db);
    expect(after.users - before.users).toBe(1);
    expect(after.organizations - before.organizations).toBe(0);
    expect(after.memberships - before.memberships).toBe(0);

    const mail = await lastMailTo('ada@example.com');
    expect(mail?.kind).toBe('verify-email');
    const token = tokenOfMail(mail!.text, '/verify-email/');
    expect(await verifyEmailAction(null, form({ token, password: valid.password }))).toMatchObject({ ok: true });

    const [org] = await database.db.select().from(organizations).where(eq(organizations.slug, 'analytical-engines'));
    expect(org?.name).toBe('Analytical Engines');
    const [membership] = await database.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.organizationId, org!.id), eq(memberships.userId, user!.id)));
    expect(membership).toMatchObject({ role: 'admin', status: 'active' });
    const audits = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, org!.id), eq(auditLog.action, 'organization.created')));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorUserId: user!.id, targetId: org!.id });

    expect(auth.signIn).toHaveBeenCalledWith('credentials', {
      email: 'ada@example.com',
      password: valid.password,
      redirectTo: '/',
    });
    after = await tableCounts(database.db);
    expect(after.organizations - before.organizations).toBe(1);
    expect(after.memberships - before.memberships).toBe(1);
  });

  it('answers an email that already has an account (any case) as any other, mails its owner and creates nothing', async () => {
    const before = await tableCounts(database.db);
    const result = await signUpAction(null, form({ ...valid, email: 'ADA@example.com', slug: 'another-org' }));
    expect(result).toMatchObject({ ok: true, message: expect.stringContaining('Check your inbox') });
    expect(result).not.toHaveProperty('fieldErrors');
    expect(await tableCounts(database.db)).toEqual(before);
    expect((await lastMailTo('ada@example.com'))?.kind).toBe('sign-up-attempt');
    expect(auth.signIn).not.toHaveBeenCalled();
  });

  it('refuses a slug that is taken, suggests a free one, and changes nothing', async () => {
    const before = await tableCounts(database.db);
    const result = await signUpAction(null, form({ ...valid, email: 'grace@example.com' }));
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { slug: [expect.stringContaining('analytical-engines-2')] },
    });
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it.each([
    ['a short password', { password: 'short' }, 'password'],
    ['a bad slug', { slug: '-Bad Slug-' }, 'slug'],
    ['a too short slug', { slug: 'ab' }, 'slug'],
    ['an invalid email', { email: 'not-an-email' }, 'email'],
    ['a missing name', { name: '   ' }, 'name'],
    ['a missing organization name', { organizationName: '' }, 'organizationName'],
    ['an overlong name', { name: 'x'.repeat(101) }, 'name'],
  ])('refuses %s and changes nothing', async (_label, override, field) => {
    const before = await tableCounts(database.db);
    const result = await signUpAction(
      null,
      form({ ...valid, email: 'new@example.com', slug: 'fresh-org', ...override }),
    );
    expect(result).toMatchObject({ ok: false, fieldErrors: { [field]: [expect.any(String)] } });
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('refuses when already signed in', async () => {
    const organizationId = await createOrganization(database.db, 'Existing');
    actAs(await createMember(database.db, organizationId, 'member'));
    const before = await tableCounts(database.db);
    const result = await signUpAction({ ...valid, email: 'someone@example.com', slug: 'someone-org' });
    expect(result).toMatchObject({ ok: false });
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('rethrows the redirect that the sign-in after confirming throws', async () => {
    await signUpAction(null, form({ ...valid, email: 'redirected@example.com', slug: 'redirected-org' }));
    const token = tokenOfMail((await lastMailTo('redirected@example.com'))!.text, '/verify-email/');
    auth.signIn.mockImplementationOnce(async () => {
      throw Object.assign(new Error('NEXT_REDIRECT'), { digest: 'NEXT_REDIRECT;replace;/;307;' });
    });
    await expect(verifyEmailAction(null, form({ token, password: valid.password }))).rejects.toThrow('NEXT_REDIRECT');
    // The organization was committed before signing in.
    expect(await database.db.select().from(organizations).where(eq(organizations.slug, 'redirected-org'))).toHaveLength(
      1,
    );
  });
});

describe('slug suggestion', () => {
  it.each([
    ['Analytical Engines', 'analytical-engines'],
    ['  Café Zürich!! ', 'cafe-zurich'],
    ['AB', 'ab-org'],
    ['---', ''],
    ['x'.repeat(60), 'x'.repeat(40)],
    [`${'a'.repeat(39)} b`, 'a'.repeat(39)],
  ])('%s → %s', (name, slug) => {
    expect(suggestSlug(name)).toBe(slug);
    if (slug) expect(isValidSlug(slug)).toBe(true);
  });
});

describe('unique violations from either driver', () => {
  it('are recognised with their constraint name, so a race maps to a friendly error', async () => {
    const error = await database.db
      .insert(organizations)
      .values({ name: 'Dup', slug: 'analytical-engines' })
      .then(
        () => null,
        (caught: unknown) => caught,
      );
    expect(uniqueViolation(error)).toBe('organizations_slug_unique');
    expect(uniqueViolation(new Error('other'))).toBeNull();
  });
});
