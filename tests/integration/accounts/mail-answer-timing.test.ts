/**
 * "Forgot password" and "send me a new link" answer the same for every
 * address, so they must not wait for the mail either: a known address used to
 * take an SMTP round trip longer than an unknown one. Here the mail server
 * never answers; the forms must still answer at once, and the mail go out
 * after the response (Next's `after`).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { users } from '@/db/schema';
import { resendVerificationAction } from '@/lib/auth/email-verification-actions';
import { requestPasswordResetAction } from '@/lib/auth/password-reset-actions';
import { createMember, createOrganization } from '../../fixtures/actors';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { useTestDatabase } from '../../fixtures/test-context';

const deferred = vi.hoisted(() => ({ tasks: [] as (() => Promise<unknown>)[], sent: [] as string[] }));
vi.mock('next/server', () => ({ after: (task: () => Promise<unknown>) => void deferred.tasks.push(task) }));
// A mail server that never answers.
vi.mock('@/lib/mail/send-mail', () => ({
  sendMail: (_db: unknown, message: { to: string }) => {
    deferred.sent.push(message.to);
    return new Promise(() => {});
  },
}));

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
const within = <T>(promise: Promise<T>, ms = 5_000) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('waited for the mail')), ms)),
  ]);

describe('the mail forms answer before the mail is sent', () => {
  it('password reset for a known address', async () => {
    const organizationId = await createOrganization(database.db, 'Timing');
    const member = await createMember(database.db, organizationId, 'member');
    const result = await within(requestPasswordResetAction(null, form({ email: member.user.email })));
    expect(result).toMatchObject({ ok: true });
    expect(deferred.sent).toEqual([]);
    expect(deferred.tasks).toHaveLength(1);
    void deferred.tasks[0]!();
    expect(deferred.sent).toEqual([member.user.email]);
  });

  it('a new confirmation link for a waiting account', async () => {
    deferred.tasks.length = 0;
    deferred.sent.length = 0;
    const email = `waiting-${Date.now()}@example.test`;
    await database.db.insert(users).values({ email, name: 'Waiting', passwordHash: 'x', emailVerifiedAt: null });
    const result = await within(resendVerificationAction(null, form({ email })));
    expect(result).toMatchObject({ ok: true });
    expect(deferred.sent).toEqual([]);
    expect(deferred.tasks).toHaveLength(1);
    void deferred.tasks[0]!();
    expect(deferred.sent).toEqual([email]);
  });
});
