import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditLog, invitations, memberships, teams } from '@/db/schema';
import { createInvitationAction, revokeInvitationAction } from '@/lib/invitations/actions';
import { listInvitations } from '@/lib/invitations/queries';
import type { SessionContext } from '@/lib/auth/session';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { createMember, createOrganization } from '../../fixtures/actors';
import { tableCounts } from '../organizations/counts';
import { form, tokenOf } from './helpers';

// next-auth itself cannot load outside Next (it imports `next/server`); the actions only need its error class.
vi.mock('next-auth', () => ({ AuthError: class AuthError extends Error {} }));
// The root config's timeouts do not reach the projects; booting PGlite on a busy two-core machine can take a while.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let database: TestDatabase;
let orgId: string;
let otherOrgId: string;
let admin: SessionContext;
let manager: SessionContext;
let member: SessionContext;
let otherAdmin: SessionContext;
let teamId: string;
let otherTeamId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  orgId = await createOrganization(database.db, 'Acme');
  otherOrgId = await createOrganization(database.db, 'Globex');
  admin = await createMember(database.db, orgId, 'admin');
  manager = await createMember(database.db, orgId, 'manager');
  member = await createMember(database.db, orgId, 'member');
  otherAdmin = await createMember(database.db, otherOrgId, 'admin');
  const [team] = await database.db.insert(teams).values({ organizationId: orgId, name: 'Platform' }).returning();
  const [otherTeam] = await database.db
    .insert(teams)
    .values({ organizationId: otherOrgId, name: 'Secret' })
    .returning();
  teamId = team!.id;
  otherTeamId = otherTeam!.id;
});
afterAll(async () => {
  await database?.close();
});

async function invite(values: Record<string, string>) {
  return createInvitationAction(null, form({ role: 'member', teamId: '', ...values }));
}

describe('creating invitations', () => {
  it('stores only the sha256 of a 32-byte base64url token, expires in 7 days, and audits', async () => {
    actAs(admin);
    const before = Date.now();
    const result = await invite({ email: '  New.Person@Example.com ', role: 'manager', teamId });
    expect(result).toMatchObject({ ok: true, data: { email: 'new.person@example.com', mail: 'queued' } });
    if (!result.ok || result.data?.kind !== 'created') throw new Error('expected success');
    expect(result.data.link).toMatch(/^http:\/\/localhost:3000\/invite\/[A-Za-z0-9_-]{43}$/);
    const token = tokenOf(result.data.link);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);

    const [row] = await database.db
      .select()
      .from(invitations)
      .where(and(eq(invitations.organizationId, orgId), eq(invitations.email, 'new.person@example.com')));
    expect(row).toMatchObject({ role: 'manager', teamId, invitedByMembershipId: admin.membership.id });
    expect(row!.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(token);
    const days = (row!.expiresAt.getTime() - before) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThan(7.01);

    const audits = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, orgId), eq(auditLog.action, 'invitation.created')));
    expect(audits.map((audit) => audit.targetId)).toContain(row!.id);
    expect(JSON.stringify(audits)).not.toContain(token);
  });

  it('revokes and replaces a pending invitation for the same email', async () => {
    actAs(admin);
    const first = await invite({ email: 'twice@example.com' });
    const second = await invite({ email: 'TWICE@example.com', role: 'admin', onPending: 'replace' });
    expect(first.ok && second.ok).toBe(true);
    const rows = await database.db
      .select()
      .from(invitations)
      .where(and(eq(invitations.organizationId, orgId), eq(invitations.email, 'twice@example.com')));
    expect(rows).toHaveLength(2);
    expect(rows.filter((row) => row.revokedAt === null)).toHaveLength(1);
    expect(rows.find((row) => row.revokedAt === null)?.role).toBe('admin');
    const revokedAudit = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, orgId), eq(auditLog.action, 'invitation.revoked')));
    expect(revokedAudit.some((audit) => audit.details?.reason === 'replaced')).toBe(true);
  });

  it('refuses an email that already has an active membership here, and a deactivated one', async () => {
    actAs(admin);
    const before = await tableCounts(database.db);
    expect(await invite({ email: member.user.email.toUpperCase() })).toMatchObject({
      ok: false,
      fieldErrors: { email: [expect.stringMatching(/already a member/)] },
    });
    const gone = await createMember(database.db, orgId, 'member');
    await database.db
      .update(memberships)
      .set({ status: 'deactivated' })
      .where(and(eq(memberships.organizationId, orgId), eq(memberships.id, gone.membership.id)));
    const afterSetup = await tableCounts(database.db);
    expect(await invite({ email: gone.user.email })).toMatchObject({ ok: false });
    expect((await tableCounts(database.db)).invitations).toBe(afterSetup.invitations);
    expect(afterSetup.invitations).toBe(before.invitations);
  });

  it('allows inviting someone who is a member of another organization only', async () => {
    actAs(admin);
    expect(await invite({ email: otherAdmin.user.email })).toMatchObject({ ok: true });
  });

  it('answers "not found" for a team of another organization and changes nothing', async () => {
    actAs(admin);
    const before = await tableCounts(database.db);
    expect(await invite({ email: 'sneaky@example.com', teamId: otherTeamId })).toMatchObject({
      ok: false,
      error: 'Team was not found.',
    });
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it.each([
    ['an invalid email', { email: 'nope' }, 'email'],
    ['an unknown role', { email: 'x@example.com', role: 'owner' }, 'role'],
    ['a malformed team id', { email: 'x@example.com', teamId: 'team-1' }, 'teamId'],
  ])('refuses %s and changes nothing', async (_label, values, field) => {
    actAs(admin);
    const before = await tableCounts(database.db);
    expect(await invite(values)).toMatchObject({ ok: false, fieldErrors: { [field]: [expect.any(String)] } });
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it.each([
    ['a member', () => member],
    ['a manager', () => manager],
    ['the signed-out', () => null],
  ])('refuses %s', async (_label, who) => {
    actAs(who());
    const before = await tableCounts(database.db);
    expect(await invite({ email: 'blocked@example.com' })).toMatchObject({ ok: false });
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('an admin of another organization cannot invite into this one through a team id', async () => {
    actAs(otherAdmin);
    expect(await invite({ email: 'cross@example.com', teamId })).toMatchObject({
      ok: false,
      error: 'Team was not found.',
    });
    const rows = await database.db.select().from(invitations).where(eq(invitations.email, 'cross@example.com'));
    expect(rows).toHaveLength(0);
  });
});

describe('revoking invitations', () => {
  async function pendingId(email: string): Promise<string> {
    actAs(admin);
    const result = await invite({ email });
    if (!result.ok) throw new Error(result.error);
    const [row] = await database.db
      .select({ id: invitations.id })
      .from(invitations)
      .where(and(eq(invitations.organizationId, orgId), eq(invitations.email, email)));
    return row!.id;
  }

  it.each([
    ['a member', () => member, /permission/],
    ['a manager', () => manager, /permission/],
    ['an admin of another organization', () => otherAdmin, /not found/],
  ])('is refused to %s', async (_label, who, message) => {
    const id = await pendingId(`keep-${Math.random().toString(36).slice(2)}@example.com`);
    actAs(who());
    expect(await revokeInvitationAction(null, form({ invitationId: id }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(message),
    });
    const [row] = await database.db.select().from(invitations).where(eq(invitations.id, id));
    expect(row?.revokedAt).toBeNull();
  });

  it('revokes a pending invitation once, with an audit entry', async () => {
    const id = await pendingId('revoke-me@example.com');
    actAs(admin);
    expect(await revokeInvitationAction(null, form({ invitationId: id }))).toMatchObject({ ok: true });
    const [row] = await database.db.select().from(invitations).where(eq(invitations.id, id));
    expect(row?.revokedAt).toBeInstanceOf(Date);
    expect(await revokeInvitationAction(null, form({ invitationId: id }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/already revoked/),
    });
    const audits = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'invitation.revoked'), eq(auditLog.targetId, id)));
    expect(audits).toHaveLength(1);
  });

  it('refuses a malformed id', async () => {
    actAs(admin);
    expect(await revokeInvitationAction(null, form({ invitationId: 'abc' }))).toMatchObject({ ok: false });
  });
});

describe('listing invitations', () => {
  it('filters by status and email, paginates, and never shows another organization', async () => {
    const all = await listInvitations(database.db, orgId, { pageSize: 100 });
    expect(all.total).toBeGreaterThan(3);
    expect(all.rows.every((row) => row.email !== 'cross@example.com')).toBe(true);
    const revoked = await listInvitations(database.db, orgId, { status: 'revoked', pageSize: 100 });
    expect(revoked.rows.length).toBeGreaterThan(0);
    expect(revoked.rows.every((row) => row.status === 'revoked')).toBe(true);
    const page2 = await listInvitations(database.db, orgId, { page: 2, pageSize: 2 });
    expect(page2.rows).toHaveLength(2);
    expect(page2.total).toBe(all.total);
    const search = await listInvitations(database.db, orgId, { search: 'TWICE' });
    expect(search.rows.map((row) => row.email)).toEqual(['twice@example.com', 'twice@example.com']);
    const wildcard = await listInvitations(database.db, orgId, { search: '%' });
    expect(wildcard.total).toBe(0);
    const other = await listInvitations(database.db, otherOrgId);
    expect(other.total).toBe(0);
  });
});
