/**
 * Host header poisoning of mailed links: an anonymous request for a password
 * reset (or a sign-up, or a new verification link) must not take the link's
 * origin from Host / X-Forwarded-Host in production, or an attacker asks for a
 * reset of the victim's address with their own host and receives the token
 * when the victim clicks. Without AUTH_URL, production mails nothing.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { accountTokens, mailOutbox } from '@/db/schema';
import { resendVerificationAction } from '@/lib/auth/email-verification-actions';
import { requestPasswordResetAction } from '@/lib/auth/password-reset-actions';
import { signUpAction } from '@/lib/organizations/actions';
import { createMember, createOrganization } from '../../fixtures/actors';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { useTestDatabase } from '../../fixtures/test-context';

vi.mock('next/headers', () => ({
  headers: async () =>
    new Headers({ host: 'attacker.example', 'x-forwarded-host': 'attacker.example', 'x-forwarded-for': '192.0.2.7' }),
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false }),
}));
// A production server whose operator did not set AUTH_URL; no SMTP, so mail lands in the outbox.
vi.mock('@/lib/env', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/env')>();
  const overrides: Record<string, unknown> = { NODE_ENV: 'production', AUTH_URL: undefined, SMTP_URL: undefined };
  const env = new Proxy(original.env, {
    get: (target, key) => (typeof key === 'string' && key in overrides ? overrides[key] : Reflect.get(target, key)),
  });
  return { env };
});

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
});
afterAll(async () => {
  await database?.close();
});

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
}

describe('mailed links on anonymous requests in production without AUTH_URL', () => {
  it('mail no link to the host the request names, and issue no token', async () => {
    const organizationId = await createOrganization(database.db, 'Victims');
    const victim = await createMember(database.db, organizationId, 'member');

    const reset = await requestPasswordResetAction(null, form({ email: victim.user.email }));
    const resend = await resendVerificationAction(null, form({ email: victim.user.email }));
    const signUp = await signUpAction(
      null,
      form({
        name: 'Mallory',
        email: 'mallory@example.test',
        password: 'my own long password',
        organizationName: 'Evil Inc',
        slug: `evil-${Date.now().toString(36)}`,
      }),
    );

    const mail = await database.db.select().from(mailOutbox);
    expect(mail.filter((message) => `${message.text}${message.html}`.includes('attacker.example'))).toEqual([]);
    expect(mail).toEqual([]);
    expect(await database.db.select().from(accountTokens).where(eq(accountTokens.userId, victim.user.id))).toEqual([]);
    for (const result of [reset, resend, signUp]) {
      expect(result).toMatchObject({ ok: false, error: expect.stringContaining('AUTH_URL') });
    }
  });
});
