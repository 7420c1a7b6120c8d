import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { memberships } from '@/db/schema';
import { switchOrganizationAction } from '@/lib/organizations/actions';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { contextFor, createMember, createOrganization } from '../../fixtures/actors';

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
let home: string;
let other: string;
let foreign: string;
let userId: string;
beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  home = await createOrganization(database.db, 'Home');
  other = await createOrganization(database.db, 'Other');
  foreign = await createOrganization(database.db, 'Foreign');
  const member = await createMember(database.db, home, 'member');
  userId = member.user.id;
  await database.db.insert(memberships).values({ organizationId: other, userId, role: 'manager' });
});
afterAll(async () => {
  await database?.close();
});
beforeEach(async () => {
  auth.unstable_update.mockClear();
  actAs(await contextFor(database.db, home, userId));
});

function form(organizationId: string): FormData {
  const data = new FormData();
  data.set('organizationId', organizationId);
  return data;
}

describe('switching organization', () => {
  it('updates the session to an organization the user is an active member of, then redirects home', async () => {
    await expect(switchOrganizationAction(null, form(other))).rejects.toThrow('NEXT_REDIRECT');
    expect(auth.unstable_update).toHaveBeenCalledWith({ organizationId: other });
  });

  it('refuses an organization the user does not belong to', async () => {
    expect(await switchOrganizationAction(null, form(foreign))).toMatchObject({ ok: false });
    expect(auth.unstable_update).not.toHaveBeenCalled();
  });

  it('refuses an organization where the membership was deactivated', async () => {
    await database.db
      .update(memberships)
      .set({ status: 'deactivated', deactivatedAt: new Date() })
      .where(and(eq(memberships.organizationId, other), eq(memberships.userId, userId)));
    try {
      expect(await switchOrganizationAction(null, form(other))).toMatchObject({ ok: false });
      expect(auth.unstable_update).not.toHaveBeenCalled();
    } finally {
      await database.db
        .update(memberships)
        .set({ status: 'active', deactivatedAt: null })
        .where(and(eq(memberships.organizationId, other), eq(memberships.userId, userId)));
    }
  });

  it('refuses a malformed id and the signed-out', async () => {
    expect(await switchOrganizationAction(null, form('not-a-uuid'))).toMatchObject({
      ok: false,
      fieldErrors: { organizationId: [expect.any(String)] },
    });
    actAs(null);
    expect(await switchOrganizationAction(null, form(other))).toMatchObject({ ok: false, error: 'Please sign in.' });
    expect(auth.unstable_update).not.toHaveBeenCalled();
  });
});
