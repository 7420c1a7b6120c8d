import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db';
import { auditLog, invitations, memberships, teamMembers, teams, users } from '@/db/schema';
import { matchSsoUser } from '@/lib/auth/oidc-match';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { createMember, createOrganization } from '../../fixtures/actors';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const DAY = 24 * 3600 * 1000;
let counter = 0;
function freshEmail(): string {
  counter += 1;
  return `sso${counter}-${Date.now()}@example.test`;
}

async function invite(
  db: Db,
  organizationId: string,
  email: string,
  options: { expiresInMs?: number; teamId?: string; role?: 'member' | 'manager' | 'admin'; revoked?: boolean } = {},
) {
  counter += 1;
  const [row] = await db
    .insert(invitations)
    .values({
      organizationId,
      email,
      role: options.role ?? 'member',
      teamId: options.teamId ?? null,
      tokenHash: `hash-${counter}-${Date.now()}`,
      expiresAt: new Date(Date.now() + (options.expiresInMs ?? 7 * DAY)),
      revokedAt: options.revoked ? new Date() : null,
    })
    .returning();
  if (!row) throw new Error('insert failed');
  return row;
}

describe('matchSsoUser', () => {
  it('signs in a user with an active membership, matching the email case-insensitively', async () => {
    const { db } = database;
    const organizationId = await createOrganization(db, 'SSO Acme');
    const member = await createMember(db, organizationId, 'member');
    const result = await matchSsoUser(db, { email: member.user.email.toUpperCase(), emailVerified: true });
    expect(result).toEqual({
      ok: true,
      userId: member.user.id,
      email: member.user.email,
      organizationId,
      acceptedInvitationIds: [],
    });
  });

  it('refuses an email the identity provider has not verified, and a missing email', async () => {
    const { db } = database;
    const organizationId = await createOrganization(db, 'SSO Unverified');
    const member = await createMember(db, organizationId, 'admin');
    for (const emailVerified of [false, undefined, 'true', 1]) {
      expect(await matchSsoUser(db, { email: member.user.email, emailVerified })).toEqual({
        ok: false,
        reason: 'unverified',
        email: member.user.email,
      });
    }
    expect(await matchSsoUser(db, { email: undefined, emailVerified: true })).toMatchObject({
      ok: false,
      reason: 'no-email',
    });
    expect(await matchSsoUser(db, { email: 'not an email', emailVerified: true })).toMatchObject({
      ok: false,
      reason: 'no-email',
    });
  });

  it('refuses an unknown email and creates nothing', async () => {
    const { db } = database;
    const email = freshEmail();
    expect(await matchSsoUser(db, { email, emailVerified: true })).toEqual({ ok: false, reason: 'no-account', email });
    expect(await db.$count(users, eq(users.email, email))).toBe(0);
  });

  it('refuses a deactivated membership', async () => {
    const { db } = database;
    const organizationId = await createOrganization(db, 'SSO Deactivated');
    const member = await createMember(db, organizationId, 'member');
    await db
      .update(memberships)
      .set({ status: 'deactivated', deactivatedAt: new Date() })
      .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, member.membership.id)));
    expect(await matchSsoUser(db, { email: member.user.email, emailVerified: true })).toMatchObject({
      ok: false,
      reason: 'no-account',
    });
  });

  it('does not re-admit a deactivated member through a pending invitation to the same organization', async () => {
    const { db } = database;
    const organizationId = await createOrganization(db, 'SSO Readmit');
    const member = await createMember(db, organizationId, 'member');
    await db
      .update(memberships)
      .set({ status: 'deactivated' })
      .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, member.membership.id)));
    const invitation = await invite(db, organizationId, member.user.email);
    expect(await matchSsoUser(db, { email: member.user.email, emailVerified: true })).toMatchObject({ ok: false });
    const [after] = await db.select().from(invitations).where(eq(invitations.id, invitation.id));
    expect(after?.acceptedAt).toBeNull();
  });

  it('accepts a pending invitation once: creates the user, membership and team row', async () => {
    const { db } = database;
    const organizationId = await createOrganization(db, 'SSO Invite');
    const [team] = await db.insert(teams).values({ organizationId, name: 'Platform' }).returning();
    if (!team) throw new Error('insert failed');
    const email = freshEmail();
    const invitation = await invite(db, organizationId, email, { teamId: team.id, role: 'manager' });

    const first = await matchSsoUser(db, { email, emailVerified: true, name: 'Ada Lovelace', ip: '192.0.2.1' });
    expect(first).toMatchObject({ ok: true, organizationId, acceptedInvitationIds: [invitation.id] });
    if (!first.ok) throw new Error('unreachable');

    const [user] = await db.select().from(users).where(eq(users.email, email));
    expect(user).toMatchObject({ id: first.userId, name: 'Ada Lovelace', passwordHash: null });
    const [membership] = await db
      .select()
      .from(memberships)
      .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, first.userId)));
    expect(membership).toMatchObject({ role: 'manager', status: 'active' });
    expect(
      await db.$count(
        teamMembers,
        and(eq(teamMembers.teamId, team.id), eq(teamMembers.membershipId, membership?.id ?? '')),
      ),
    ).toBe(1);
    const [accepted] = await db.select().from(invitations).where(eq(invitations.id, invitation.id));
    expect(accepted?.acceptedAt).not.toBeNull();
    expect(accepted?.acceptedByUserId).toBe(first.userId);
    expect(
      await db.$count(
        auditLog,
        and(eq(auditLog.organizationId, organizationId), eq(auditLog.action, 'invitation.accepted')),
      ),
    ).toBe(1);

    // The next sign-in is an ordinary member sign-in: nothing is accepted twice.
    const second = await matchSsoUser(db, { email, emailVerified: true });
    expect(second).toEqual({ ok: true, userId: first.userId, email, organizationId, acceptedInvitationIds: [] });
    expect(await db.$count(memberships, eq(memberships.userId, first.userId))).toBe(1);
  });

  it('accepts an invitation to a second organization for an existing member and opens it', async () => {
    const { db } = database;
    const home = await createOrganization(db, 'SSO Home');
    const other = await createOrganization(db, 'SSO Other');
    const member = await createMember(db, home, 'member');
    const invitation = await invite(db, other, member.user.email);
    const result = await matchSsoUser(db, { email: member.user.email, emailVerified: true });
    expect(result).toMatchObject({
      ok: true,
      userId: member.user.id,
      organizationId: other,
      acceptedInvitationIds: [invitation.id],
    });
  });

  it('refuses expired and revoked invitations', async () => {
    const { db } = database;
    const organizationId = await createOrganization(db, 'SSO Expired');
    const expiredEmail = freshEmail();
    const revokedEmail = freshEmail();
    await invite(db, organizationId, expiredEmail, { expiresInMs: -60_000 });
    await invite(db, organizationId, revokedEmail, { revoked: true });
    for (const email of [expiredEmail, revokedEmail]) {
      expect(await matchSsoUser(db, { email, emailVerified: true })).toMatchObject({ ok: false, reason: 'no-account' });
      expect(await db.$count(users, eq(users.email, email))).toBe(0);
    }
  });

  it('lets only one of two concurrent sign-ins accept the same invitation', async () => {
    const { db } = database;
    const organizationId = await createOrganization(db, 'SSO Race');
    const email = freshEmail();
    await invite(db, organizationId, email);
    const results = await Promise.allSettled([
      matchSsoUser(db, { email, emailVerified: true }),
      matchSsoUser(db, { email, emailVerified: true }),
    ]);
    const accepted = results.flatMap((result) =>
      result.status === 'fulfilled' && result.value.ok ? result.value.acceptedInvitationIds : [],
    );
    expect(accepted).toHaveLength(1);
    expect(await db.$count(users, eq(users.email, email))).toBe(1);
    expect(await db.$count(memberships, eq(memberships.organizationId, organizationId))).toBe(1);
  });
});
