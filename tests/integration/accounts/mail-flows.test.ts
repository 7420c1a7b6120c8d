/**
 * Email ownership end to end through real SMTP (issue 17): the mailer sends to
 * an SMTP server in this process, the test reads the parsed mail and follows
 * its links — verification, password reset, invitation — as the owner would.
 */
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { accountTokens, mailOutbox, mailRequests, memberships, organizations, users } from '@/db/schema';
import { authenticateWithPassword } from '@/lib/auth/credentials';
import { resendVerificationAction, verifyEmailAction } from '@/lib/auth/email-verification-actions';
import { describeVerificationLink } from '@/lib/auth/email-verification';
import { requestPasswordResetAction, resetPasswordAction } from '@/lib/auth/password-reset-actions';
import { describeResetLink } from '@/lib/auth/password-reset';
import { acceptInvitationAction, createInvitationAction } from '@/lib/invitations/actions';
import { MAIL_LIMIT_PER_EMAIL } from '@/lib/mail/mail-limits';
import { signUpAction } from '@/lib/organizations/actions';
import { createMember, createOrganization } from '../../fixtures/actors';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { linkIn, smtpTarget, startInbox, tokenIn, type Inbox } from '../../fixtures/smtp-inbox';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { sendQueuedInvitationMails } from '../invitations/helpers';

vi.mock('@/lib/env', async (importOriginal) =>
  (await import('../../fixtures/smtp-inbox')).envWithSmtp(await importOriginal()),
);
vi.mock('next-auth', () => ({ AuthError: class AuthError extends Error {} }));
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let database: TestDatabase;
let inbox: Inbox;
beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  inbox = await startInbox();
  smtpTarget.url = inbox.url;
});
afterAll(async () => {
  await inbox?.close();
  await database?.close();
});

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
}

let counter = 0;
const fresh = (label: string) => `${label}-${++counter}-${Date.now()}@example.test`;
const signUpForm = (email: string, password = 'my own long password') =>
  form({
    name: 'Grace Hopper',
    email,
    password,
    organizationName: 'Compilers Inc',
    slug: `compilers-${counter}-${Date.now().toString(36)}`,
  });

async function userBy(email: string) {
  const [user] = await database.db.select().from(users).where(eq(users.email, email));
  return user;
}

describe('sign-up proves the address before anything is created', () => {
  it('mails a link; following it with the sign-up password verifies the account and creates the organization', async () => {
    const email = fresh('grace');
    const since = inbox.messages.length;
    actAs(null);
    const result = await signUpAction(null, signUpForm(email));
    expect(result).toMatchObject({ ok: true, message: expect.stringContaining('Check your inbox') });

    // Nothing usable exists yet: an unverified account, no organization, and its password opens nothing.
    const pending = await userBy(email);
    expect(pending?.emailVerifiedAt).toBeNull();
    expect(await database.db.select().from(memberships).where(eq(memberships.userId, pending!.id))).toEqual([]);
    const early = await authenticateWithPassword(
      database.db,
      { email, password: 'my own long password' },
      '198.51.100.1',
    );
    expect(early).toEqual({ ok: false, reason: 'unverified' });

    const mail = await inbox.next(email, since);
    expect(mail.subject).toBe('Confirm your email address for Skillgrid');
    expect(mail.html).toContain('Confirm my email address');
    const link = linkIn(mail, '/verify-email/');
    expect(mail.html).toContain(link.href);
    const token = tokenIn(link);
    expect(await describeVerificationLink(database.db, token)).toEqual({
      ok: true,
      email,
      organizationName: 'Compilers Inc',
    });
    // Only the hash is stored.
    const rows = await database.db.select().from(accountTokens).where(eq(accountTokens.userId, pending!.id));
    expect(rows.map((row) => row.tokenHash)).not.toContain(token);

    // Following the link without the sign-up password (someone else's sign-up) creates nothing.
    const wrong = await verifyEmailAction(null, form({ token, password: 'not the sign-up password' }));
    expect(wrong).toMatchObject({ ok: false, error: expect.stringContaining('not the password') });
    expect((await userBy(email))?.emailVerifiedAt).toBeNull();

    const confirmed = await verifyEmailAction(null, form({ token, password: 'my own long password' }));
    expect(confirmed).toMatchObject({ ok: true });
    const verified = await userBy(email);
    expect(verified?.emailVerifiedAt).not.toBeNull();
    const [membership] = await database.db
      .select({ role: memberships.role, name: organizations.name })
      .from(memberships)
      .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
      .where(eq(memberships.userId, verified!.id));
    expect(membership).toEqual({ role: 'admin', name: 'Compilers Inc' });
    expect(
      await authenticateWithPassword(database.db, { email, password: 'my own long password' }, '198.51.100.1'),
    ).toMatchObject({ ok: true });

    // The link works once.
    const again = await verifyEmailAction(null, form({ token, password: 'my own long password' }));
    expect(again).toMatchObject({ ok: false, error: expect.stringContaining('already been used') });
  });

  it('answers the same for an address that already has an account, and mails its owner instead (finding 7)', async () => {
    const organizationId = await createOrganization(database.db, 'Existing');
    const owner = await createMember(database.db, organizationId, 'member');
    const before = await database.db.select({ n: count() }).from(organizations);
    const since = inbox.messages.length;

    const taken = await signUpAction(null, signUpForm(owner.user.email));
    const free = await signUpAction(null, signUpForm(fresh('new')));
    expect(taken.ok).toBe(true);
    expect(free.ok).toBe(true);
    // Same wording apart from the address itself; no field error either way.
    const strip = (result: typeof taken) => JSON.stringify(result).replace(/[a-z0-9.-]+@example\.test/g, '<email>');
    expect(strip(taken)).toBe(strip(free));

    const mail = await inbox.next(owner.user.email, since);
    expect(mail.subject).toMatch(/tried to sign up/);
    expect(linkIn(mail, '/forgot-password').pathname).toBe('/forgot-password');
    expect(mail.text).toContain('/sign-in');
    // The existing account is untouched and no organization appeared.
    expect((await userBy(owner.user.email))?.name).toBe(owner.user.name);
    expect(await database.db.select({ n: count() }).from(organizations)).toEqual(before);
  });

  it('refuses bad and unknown links with a message and writes nothing', async () => {
    for (const token of ['', 'short', 'x'.repeat(43), '%', 'a'.repeat(200)]) {
      const result = await verifyEmailAction(null, form({ token, password: 'whatever password' }));
      expect(result.ok, token).toBe(false);
      expect(typeof (result as { error?: unknown }).error).toBe('string');
    }
    expect(await describeVerificationLink(database.db, '../../etc')).toMatchObject({ ok: false });
    const malformed = await signUpAction(null, signUpForm('not an email'));
    expect(malformed).toMatchObject({ ok: false, fieldErrors: { email: expect.any(Array) } });
  });

  it('sends a new link on request, and the old one stops working', async () => {
    const email = fresh('lost');
    await signUpAction(null, signUpForm(email));
    const first = tokenIn(linkIn(await inbox.next(email, 0), '/verify-email/'));
    const since = inbox.messages.length;
    expect(await resendVerificationAction(null, form({ email }))).toMatchObject({ ok: true });
    const second = tokenIn(linkIn(await inbox.next(email, since), '/verify-email/'));
    expect(second).not.toBe(first);
    expect(await describeVerificationLink(database.db, first)).toMatchObject({ ok: false });
    expect(await verifyEmailAction(null, form({ token: second, password: 'my own long password' }))).toMatchObject({
      ok: true,
    });
    // The organization asked for at sign-up travelled to the new link.
    const user = await userBy(email);
    expect(await database.db.select().from(memberships).where(eq(memberships.userId, user!.id))).toHaveLength(1);
  });
});

describe('password reset by mailed link', () => {
  it('mails a 30-minute single-use link that sets a new password; unknown addresses get the same answer', async () => {
    const organizationId = await createOrganization(database.db, 'Resetters');
    const member = await createMember(database.db, organizationId, 'member');
    const since = inbox.messages.length;
    const known = await requestPasswordResetAction(null, form({ email: member.user.email }));
    const unknown = await requestPasswordResetAction(null, form({ email: fresh('nobody') }));
    const strip = (result: typeof known) => JSON.stringify(result).replace(/[a-z0-9.-]+@example\.test/g, '<email>');
    expect(strip(known)).toBe(strip(unknown));

    const mail = await inbox.next(member.user.email, since);
    expect(mail.subject).toBe('Reset your Skillgrid password');
    const token = tokenIn(linkIn(mail, '/reset-password/'));
    const [row] = await database.db.select().from(accountTokens).where(eq(accountTokens.userId, member.user.id));
    const minutes = (row!.expiresAt.getTime() - row!.createdAt.getTime()) / 60_000;
    expect(Math.round(minutes)).toBe(30);
    expect(await describeResetLink(database.db, token)).toEqual({ ok: true, email: member.user.email });

    const generationBefore = (await userBy(member.user.email))!.sessionGeneration;
    const tooShort = await resetPasswordAction(null, form({ token, password: 'short' }));
    expect(tooShort).toMatchObject({ ok: false, fieldErrors: { password: expect.any(Array) } });
    const reset = await resetPasswordAction(null, form({ token, password: 'a fresh long password' }));
    expect(reset).toMatchObject({ ok: true, message: expect.stringContaining('signed out') });
    // Every session of the account ended (lib/auth/revoke-sessions.ts: a new session generation).
    expect((await userBy(member.user.email))!.sessionGeneration).toBe(generationBefore + 1);
    expect(
      await authenticateWithPassword(
        database.db,
        { email: member.user.email, password: 'a fresh long password' },
        '198.51.100.2',
      ),
    ).toMatchObject({ ok: true });

    const reused = await resetPasswordAction(null, form({ token, password: 'another long password' }));
    expect(reused).toMatchObject({ ok: false, error: expect.stringContaining('already been used') });
  });

  it('refuses an expired link and writes nothing', async () => {
    const organizationId = await createOrganization(database.db, 'Late');
    const member = await createMember(database.db, organizationId, 'member');
    const since = inbox.messages.length;
    await requestPasswordResetAction(null, form({ email: member.user.email }));
    const token = tokenIn(linkIn(await inbox.next(member.user.email, since), '/reset-password/'));
    await database.db
      .update(accountTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(accountTokens.userId, member.user.id));
    const result = await resetPasswordAction(null, form({ token, password: 'a fresh long password' }));
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining('expired') });
    expect((await userBy(member.user.email))?.passwordHash).toBeNull();
  });

  it('limits requests per address, counted in the database', async () => {
    const email = fresh('flood');
    for (let i = 0; i < MAIL_LIMIT_PER_EMAIL; i += 1) {
      expect((await requestPasswordResetAction(null, form({ email }))).ok).toBe(true);
    }
    const limited = await requestPasswordResetAction(null, form({ email }));
    expect(limited).toMatchObject({ ok: false, error: expect.stringContaining('Too many') });
    const [counted] = await database.db
      .select({ n: count() })
      .from(mailRequests)
      .where(and(eq(mailRequests.kind, 'password-reset'), eq(mailRequests.email, email)));
    expect(counted?.n).toBe(MAIL_LIMIT_PER_EMAIL);
    const malformed = await requestPasswordResetAction(null, form({ email: 'a@b\r\nBcc: x@evil.test' }));
    expect(malformed).toMatchObject({ ok: false, fieldErrors: { email: expect.any(Array) } });
  });
});

describe('invitation mail', () => {
  it('arrives with HTML and text, neutralises names, and its link proves the address', async () => {
    const organizationId = await createOrganization(database.db, '<b>Acme</b>');
    const admin = await createMember(database.db, organizationId, 'admin', 'Eve\r\nBcc: spy@evil.test');
    actAs(admin);
    const email = fresh('invitee');
    // An unconfirmed sign-up under the same address, by someone else.
    actAs(null);
    await signUpAction(null, signUpForm(email, 'squatter chose this'));
    actAs(admin);
    const since = inbox.messages.length;
    const created = await createInvitationAction(null, form({ email, role: 'member', teamId: '' }));
    expect(created).toMatchObject({ ok: true, data: { mail: 'queued' } });
    await sendQueuedInvitationMails(database.db);

    const mail = await inbox.next(email, since);
    const index = inbox.messages.indexOf(mail);
    expect(inbox.recipients[index]).toEqual([email]);
    expect(mail.subject).toBe('You are invited to join <b>Acme</b> on Skillgrid');
    expect(mail.headers.has('bcc')).toBe(false);
    expect(mail.text).toContain('Eve Bcc: spy@evil.test invited you');
    expect(mail.html).toContain('&lt;b&gt;Acme&lt;/b&gt;');
    expect(mail.html).not.toContain('<b>Acme</b>');

    // Following the link replaces the unconfirmed sign-up: the squatter's password is gone.
    actAs(null);
    const token = tokenIn(linkIn(mail, '/invite/'));
    const accepted = await acceptInvitationAction(
      null,
      form({ token, name: 'Ina', password: 'invitee long password' }),
    );
    expect(accepted).toMatchObject({ ok: true });
    const user = await userBy(email);
    expect(user?.emailVerifiedAt).not.toBeNull();
    expect(
      await authenticateWithPassword(database.db, { email, password: 'squatter chose this' }, '198.51.100.3'),
    ).toMatchObject({ ok: false });
    expect(
      await authenticateWithPassword(database.db, { email, password: 'invitee long password' }, '198.51.100.3'),
    ).toMatchObject({ ok: true, organizationId });
  });
});

describe('without SMTP', () => {
  it('keeps the mail in the outbox with both bodies', async () => {
    const url = smtpTarget.url;
    smtpTarget.url = undefined;
    try {
      const email = fresh('outbox');
      await requestPasswordResetAction(null, form({ email }));
      await signUpAction(null, signUpForm(email));
      const [kept] = await database.db.select().from(mailOutbox).where(eq(mailOutbox.to, email));
      expect(kept).toMatchObject({ kind: 'verify-email', subject: 'Confirm your email address for Skillgrid' });
      expect(kept?.text).toContain('/verify-email/');
      expect(kept?.html).toContain('/verify-email/');
    } finally {
      smtpTarget.url = url;
    }
  });
});
