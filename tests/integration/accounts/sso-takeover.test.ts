/**
 * Issue 17, finding 1: an attacker who signs up with a password under the
 * victim's address must not end up holding the victim's invitation once the
 * victim signs in with single sign-on.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { memberships, users } from '@/db/schema';
import { authenticateWithPassword } from '@/lib/auth/credentials';
import { matchSsoUser } from '@/lib/auth/oidc-match';
import { createInvitation } from '@/lib/invitations/create-invitation';
import { signUpAction } from '@/lib/organizations/actions';
import { createMember, createOrganization } from '../../fixtures/actors';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';

vi.mock('next-auth', () => ({ AuthError: class AuthError extends Error {} }));
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

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

describe('account takeover through single sign-on (issue 17, finding 1)', () => {
  it('a password account the attacker signed up under the victim’s address never reaches the victim’s organization', async () => {
    const { db } = database;
    const victimEmail = 'victim@company.example';
    const attackerPassword = 'attacker chose this password';

    // 1. The attacker signs up with a password under the victim's address.
    actAs(null);
    await signUpAction(
      null,
      form({
        name: 'Mallory',
        email: victimEmail,
        password: attackerPassword,
        organizationName: 'Mallory Holdings',
        slug: 'mallory-holdings',
      }),
    );

    // 2. The victim's company invites the victim as an admin.
    const companyId = await createOrganization(db, 'Company');
    const companyAdmin = await createMember(db, companyId, 'admin');
    const invited = await createInvitation(db, companyAdmin, { email: victimEmail, role: 'admin' });
    expect(invited.ok).toBe(true);

    const [pending] = await db.select().from(users).where(eq(users.email, victimEmail));

    // 3. The victim signs in with SSO; the identity provider vouches for the address.
    const match = await matchSsoUser(db, { email: victimEmail, emailVerified: true, name: 'Victim' });
    expect(match).toMatchObject({ ok: true, organizationId: companyId });

    // 4. The attacker tries the password: refused, and holds no way into the company.
    const attempt = await authenticateWithPassword(
      db,
      { email: victimEmail, password: attackerPassword },
      '203.0.113.9',
    );
    expect(attempt.ok).toBe(false);
    const [account] = await db.select().from(users).where(eq(users.email, victimEmail));
    expect(account?.passwordHash).toBeNull();
    expect(account?.emailVerifiedAt).not.toBeNull();
    // Any session the attacker's account held has ended.
    expect(account?.sessionGeneration).toBe((pending?.sessionGeneration ?? 0) + 1);
    // The victim's account is the only one with the address, and it is an admin of the company.
    const rows = await db.select().from(memberships).where(eq(memberships.userId, account!.id));
    expect(rows.map((row) => [row.organizationId, row.role])).toEqual([[companyId, 'admin']]);
  });
});
