import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { auditLog, invitations, memberships, teamMembers, teams, users } from '@/db/schema';
import type { SessionContext } from '@/lib/auth/session';
import { acceptInvitationAsNewUser } from '@/lib/invitations/accept-invitation';
import { acceptInvitationAction, joinInvitationAction } from '@/lib/invitations/actions';
import { createInvitation, createInvitationSchema } from '@/lib/invitations/create-invitation';
import { findInvitationByToken } from '@/lib/invitations/find-invitation';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { contextFor, createMember, createOrganization } from '../../fixtures/actors';
import { tableCounts } from '../organizations/counts';
import { form } from './helpers';

const auth = vi.hoisted(() => ({ signIn: vi.fn(async () => undefined), unstable_update: vi.fn(async () => null) }));
vi.mock('@/lib/auth/config', () => ({
  auth: async () => null,
  signIn: auth.signIn,
  signOut: async () => undefined,
  unstable_update: auth.unstable_update,
}));
// next-auth itself cannot load outside Next (it imports `next/server`); the actions only need its error class.
vi.mock('next-auth', () => ({ AuthError: class AuthError extends Error {} }));
// The root config's timeouts do not reach the projects; PGlite and argon2 on a busy two-core machine can take a while.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let database: TestDatabase;
let orgId: string;
let admin: SessionContext;
let teamId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  orgId = await createOrganization(database.db, 'Initech');
  admin = await createMember(database.db, orgId, 'admin');
  const [team] = await database.db.insert(teams).values({ organizationId: orgId, name: 'Core' }).returning();
  teamId = team!.id;
});
afterAll(async () => {
  await database?.close();
});
beforeEach(() => {
  actAs(null);
  auth.signIn.mockClear();
  auth.unstable_update.mockClear();
});

async function newInvitation(email: string, extra: { role?: 'member' | 'manager' | 'admin'; teamId?: string } = {}) {
  // Parsed like the action does, so the email is normalised exactly as in the app.
  const input = createInvitationSchema.parse({ email, role: extra.role ?? 'member', teamId: extra.teamId });
  const result = await createInvitation(database.db, admin, input);
  if (!result.ok) throw new Error(result.error);
  return result.data;
}

const password = 'a long enough password';

describe('accepting as a new user', () => {
  it('creates the account, membership and team row, marks the invitation accepted, audits and signs in', async () => {
    const { token, invitationId } = await newInvitation('newbie@example.com', { role: 'manager', teamId });
    const result = await acceptInvitationAction(null, form({ token, name: 'New Bie', password }));
    expect(result).toMatchObject({ ok: true });

    const [user] = await database.db.select().from(users).where(eq(users.email, 'newbie@example.com'));
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
    const [membership] = await database.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.organizationId, orgId), eq(memberships.userId, user!.id)));
    expect(membership).toMatchObject({ role: 'manager', status: 'active' });
    const teamRows = await database.db
      .select()
      .from(teamMembers)
      .where(and(eq(teamMembers.organizationId, orgId), eq(teamMembers.membershipId, membership!.id)));
    expect(teamRows.map((row) => row.teamId)).toEqual([teamId]);
    const [invitation] = await database.db.select().from(invitations).where(eq(invitations.id, invitationId));
    expect(invitation?.acceptedAt).toBeInstanceOf(Date);
    expect(invitation?.acceptedByUserId).toBe(user!.id);
    const audits = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'invitation.accepted'), eq(auditLog.targetId, invitationId)));
    expect(audits).toHaveLength(1);
    expect(auth.signIn).toHaveBeenCalledWith('credentials', { email: 'newbie@example.com', password, redirectTo: '/' });
  });

  it('is single use: a second acceptance fails and changes nothing', async () => {
    const { token } = await newInvitation('once@example.com');
    expect(await acceptInvitationAction(null, form({ token, name: 'First', password }))).toMatchObject({ ok: true });
    const before = await tableCounts(database.db);
    const second = await acceptInvitationAction(null, form({ token, name: 'Second', password }));
    expect(second).toMatchObject({ ok: false, error: expect.stringMatching(/already been used/) });
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('lets exactly one of two simultaneous acceptances win', async () => {
    const { token } = await newInvitation('race@example.com');
    const results = await Promise.all([
      acceptInvitationAsNewUser(database.db, { token, name: 'A', password }, null),
      acceptInvitationAsNewUser(database.db, { token, name: 'B', password }, null),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(await database.db.select().from(users).where(eq(users.email, 'race@example.com'))).toHaveLength(1);
  });

  it('refuses an expired invitation and changes nothing', async () => {
    const { token, invitationId } = await newInvitation('late@example.com');
    await database.db
      .update(invitations)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(invitations.id, invitationId));
    const before = await tableCounts(database.db);
    expect(await acceptInvitationAction(null, form({ token, name: 'Late', password }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/expired/),
    });
    expect(await tableCounts(database.db)).toEqual(before);
    expect((await findInvitationByToken(database.db, token))?.status).toBe('expired');
  });

  it('refuses a revoked invitation, including one replaced by a newer invitation', async () => {
    const { token: oldToken } = await newInvitation('replaced@example.com');
    const { token: newToken } = await newInvitation('replaced@example.com');
    const before = await tableCounts(database.db);
    expect(await acceptInvitationAction(null, form({ token: oldToken, name: 'Old', password }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/withdrawn/),
    });
    expect(await tableCounts(database.db)).toEqual(before);
    expect(await acceptInvitationAction(null, form({ token: newToken, name: 'New', password }))).toMatchObject({
      ok: true,
    });
  });

  it('refuses an unknown or malformed token without naming any organization', async () => {
    const before = await tableCounts(database.db);
    for (const token of ['A'.repeat(43), 'short', '../../etc']) {
      const result = await acceptInvitationAction(null, form({ token, name: 'X', password }));
      expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/not valid/) });
      expect(JSON.stringify(result)).not.toContain('Initech');
    }
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('refuses bad input and changes nothing', async () => {
    const { token } = await newInvitation('weak@example.com');
    const before = await tableCounts(database.db);
    expect(await acceptInvitationAction(null, form({ token, name: 'Weak', password: 'short' }))).toMatchObject({
      ok: false,
      fieldErrors: { password: [expect.any(String)] },
    });
    expect(await acceptInvitationAction(null, form({ token, name: '', password }))).toMatchObject({
      ok: false,
      fieldErrors: { name: [expect.any(String)] },
    });
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('asks someone who already has an account to sign in instead', async () => {
    const otherOrg = await createOrganization(database.db, 'Elsewhere');
    const existing = await createMember(database.db, otherOrg, 'member');
    const { token } = await newInvitation(existing.user.email);
    const before = await tableCounts(database.db);
    expect(await acceptInvitationAction(null, form({ token, name: 'Dup', password }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Sign in/),
    });
    expect(await tableCounts(database.db)).toEqual(before);
  });
});

describe('joining as a signed-in user', () => {
  it('adds the membership for the invited email and makes it the active organization', async () => {
    const otherOrg = await createOrganization(database.db, 'Hooli');
    const person = await createMember(database.db, otherOrg, 'admin');
    const { token, invitationId } = await newInvitation(person.user.email.toUpperCase(), { teamId });
    actAs(person);
    await expect(joinInvitationAction(null, form({ token }))).rejects.toThrow('NEXT_REDIRECT');
    expect(auth.unstable_update).toHaveBeenCalledWith({ organizationId: orgId });
    const joined = await contextFor(database.db, orgId, person.user.id);
    expect(joined.membership.role).toBe('member');
    const [invitation] = await database.db.select().from(invitations).where(eq(invitations.id, invitationId));
    expect(invitation?.acceptedByUserId).toBe(person.user.id);
    // Used now: joining again is refused.
    expect(await joinInvitationAction(null, form({ token }))).toMatchObject({ ok: false });
  });

  it('refuses a signed-in user with a different email and changes nothing', async () => {
    const { token } = await newInvitation('intended@example.com');
    const stranger = await createMember(database.db, await createOrganization(database.db, 'Stranger'), 'member');
    actAs(stranger);
    const before = await tableCounts(database.db);
    expect(await joinInvitationAction(null, form({ token }))).toMatchObject({
      ok: false,
      error: expect.stringContaining('intended@example.com'),
    });
    expect(await tableCounts(database.db)).toEqual(before);
    expect(auth.unstable_update).not.toHaveBeenCalled();
  });

  it('does not re-activate a deactivated membership', async () => {
    const person = await createMember(database.db, orgId, 'member');
    await database.db
      .update(memberships)
      .set({ status: 'deactivated', deactivatedAt: new Date() })
      .where(and(eq(memberships.organizationId, orgId), eq(memberships.id, person.membership.id)));
    // Invited before the deactivation, or by another route: the admin form refuses it now.
    const [row] = await database.db
      .insert(invitations)
      .values({
        organizationId: orgId,
        email: person.user.email,
        role: 'admin',
        tokenHash: (await import('@/lib/invitations/token')).hashInvitationToken('B'.repeat(43)),
        expiresAt: new Date(Date.now() + 86_400_000),
      })
      .returning();
    const homeOrg = await createOrganization(database.db, 'Home');
    await database.db.insert(memberships).values({ organizationId: homeOrg, userId: person.user.id });
    actAs(await contextFor(database.db, homeOrg, person.user.id));
    const before = await tableCounts(database.db);
    expect(await joinInvitationAction(null, form({ token: 'B'.repeat(43) }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Ask an admin/),
    });
    expect(await tableCounts(database.db)).toEqual(before);
    const [still] = await database.db.select().from(memberships).where(eq(memberships.id, person.membership.id));
    expect(still?.status).toBe('deactivated');
    const [invitation] = await database.db.select().from(invitations).where(eq(invitations.id, row!.id));
    expect(invitation?.acceptedAt).toBeNull();
  });

  it('tells an active member they already belong', async () => {
    const person = await createMember(database.db, orgId, 'member');
    await database.db.insert(invitations).values({
      organizationId: orgId,
      email: person.user.email,
      role: 'member',
      tokenHash: (await import('@/lib/invitations/token')).hashInvitationToken('C'.repeat(43)),
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    actAs(person);
    expect(await joinInvitationAction(null, form({ token: 'C'.repeat(43) }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/already a member/),
    });
  });

  it('requires being signed in', async () => {
    const { token } = await newInvitation('anon@example.com');
    expect(await joinInvitationAction(null, form({ token }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/sign in/i),
    });
  });
});
