/**
 * The session cookie says who signed in and which organization they last
 * chose; getSessionContext() (lib/auth/session.ts) re-reads the active
 * memberships on every request, so a cookie alone never grants access. The
 * rest of the integration suite mocks getSessionContext; this file runs the
 * real one with the decoded cookie's claims replaced by a token of our choosing.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { memberships } from '@/db/schema';
import type { SessionContext } from '@/lib/auth/session';
import { createMember, createOrganization } from '../../fixtures/actors';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { useTestDatabase } from '../../fixtures/test-context';

const token: { current: { user: { id: string }; organizationId?: string } | null } = { current: null };

// The cookie's decoding (lib/auth/session-token.ts) has its own unit tests; here
// the claims it would yield are chosen directly, and everything after them is real.
vi.mock('@/lib/auth/session-token', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/auth/session-token')>()),
  readSessionClaims: async () =>
    token.current
      ? {
          userId: token.current.user.id,
          organizationId: token.current.organizationId,
          // A fresh session of a user whose sessions were never ended (revocable-sessions.test.ts covers the rest).
          sessionId: '7d0f3b8e-2a4c-4e1f-9b6d-5c8a7e3f1d20',
          generation: 0,
        }
      : null,
}));

let database: TestDatabase;
let getSessionContext: () => Promise<SessionContext | null>;
let orgA: string;
let orgB: string;
let stranger: string;
let person: SessionContext;
let membershipB: string;

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  // The setup file replaces this module with a stand-in; here we want the real one.
  ({ getSessionContext } = await vi.importActual<typeof import('@/lib/auth/session')>('@/lib/auth/session'));
  orgA = await createOrganization(database.db, 'Aardvark');
  orgB = await createOrganization(database.db, 'Bison');
  stranger = await createOrganization(database.db, 'Stranger');
  person = await createMember(database.db, orgA, 'admin', 'Two Hats');
  // The same user is also a plain member of organization B.
  const [inB] = await database.db
    .insert(memberships)
    .values({ organizationId: orgB, userId: person.user.id, role: 'member' })
    .returning({ id: memberships.id });
  membershipB = inB?.id ?? '';
});
afterAll(async () => {
  await database?.close();
});
beforeEach(async () => {
  await database.db.update(memberships).set({ status: 'active' }).where(eq(memberships.userId, person.user.id));
});

async function setStatus(organizationId: string, status: 'active' | 'deactivated') {
  await database.db
    .update(memberships)
    .set({ status })
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, person.user.id)));
}

describe('getSessionContext re-checks the token against the database', () => {
  it('opens the organization the token names, with the role the database holds', async () => {
    token.current = { user: { id: person.user.id }, organizationId: orgB };
    const context = await getSessionContext();
    expect(context?.membership).toEqual({ id: membershipB, role: 'member', organizationId: orgB });
    expect(context?.organizations.map((o) => o.organizationId).sort()).toEqual([orgA, orgB].sort());
  });

  it('ignores an organization the user does not belong to, and one where they were deactivated', async () => {
    token.current = { user: { id: person.user.id }, organizationId: stranger };
    expect((await getSessionContext())?.organization.id).toBe(orgA);

    await setStatus(orgB, 'deactivated');
    token.current = { user: { id: person.user.id }, organizationId: orgB };
    const context = await getSessionContext();
    expect(context?.organization.id).toBe(orgA);
    expect(context?.organizations.map((o) => o.organizationId)).toEqual([orgA]);
  });

  it('ends the session of a user deactivated everywhere, and of an unknown or missing user', async () => {
    await setStatus(orgA, 'deactivated');
    await setStatus(orgB, 'deactivated');
    token.current = { user: { id: person.user.id }, organizationId: orgA };
    expect(await getSessionContext()).toBeNull();

    token.current = { user: { id: crypto.randomUUID() }, organizationId: orgA };
    expect(await getSessionContext()).toBeNull();
    token.current = null;
    expect(await getSessionContext()).toBeNull();
  });

  it('reads the role from the database, not from anything the token carries', async () => {
    await database.db
      .update(memberships)
      .set({ role: 'member' })
      .where(and(eq(memberships.organizationId, orgA), eq(memberships.userId, person.user.id)));
    token.current = { user: { id: person.user.id }, organizationId: orgA };
    expect((await getSessionContext())?.membership.role).toBe('member');
    await database.db
      .update(memberships)
      .set({ role: 'admin' })
      .where(and(eq(memberships.organizationId, orgA), eq(memberships.userId, person.user.id)));
  });
});
