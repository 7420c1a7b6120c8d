import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { invitations } from '@/db/schema';
import { createInvitationAction } from '@/lib/invitations/actions';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { createMember, createOrganization } from '../../fixtures/actors';
import { form } from './helpers';

// An SMTP server that is not there: nothing listens on the discard port.
vi.mock('@/lib/env', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/env')>();
  const env = new Proxy(original.env, {
    get: (target, key) => (key === 'SMTP_URL' ? 'smtp://127.0.0.1:9' : Reflect.get(target, key)),
  });
  return { env };
});
vi.mock('next-auth', () => ({ AuthError: class AuthError extends Error {} }));
// The root config's timeouts do not reach the projects; booting PGlite on a busy two-core machine can take a while.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
});
afterAll(async () => {
  await database?.close();
});

describe('invitation mail', () => {
  it('keeps the invitation and still returns the link when sending fails', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const organizationId = await createOrganization(database.db, 'Mailless');
    actAs(await createMember(database.db, organizationId, 'admin'));
    const result = await createInvitationAction(null, form({ email: 'mail@example.com', role: 'member', teamId: '' }));
    expect(result).toMatchObject({
      ok: true,
      message: expect.stringMatching(/could not be sent/),
      data: { mail: 'failed', link: expect.stringContaining('/invite/') },
    });
    expect(await database.db.select().from(invitations).where(eq(invitations.email, 'mail@example.com'))).toHaveLength(
      1,
    );
  });
});
