import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, memberships, teamManagers, teams, users } from '@/db/schema';
import { authenticateWithPassword } from '@/lib/auth/credentials';
import { hashPassword } from '@/lib/auth/password';
import { changeMemberRoleAction, deactivateMemberAction, reactivateMemberAction } from '@/lib/members/actions';
import { listMembers, memberListParamsSchema } from '@/lib/members/queries';
import { escapeLike } from '@/lib/members/search';
import { createMember, createOrganization } from '../../fixtures/actors';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  // Projects in vitest.config.mts do not inherit the root hookTimeout; booting PGlite on a busy machine takes a while.
}, 120_000);
afterAll(async () => {
  await database?.close();
});

async function membershipRow(id: string) {
  const [row] = await database.db.select().from(memberships).where(eq(memberships.id, id));
  if (!row) throw new Error('membership missing');
  return row;
}

async function auditCount(organizationId: string, action: string) {
  const rows = await database.db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(and(eq(auditLog.organizationId, organizationId), eq(auditLog.action, action)));
  return rows.length;
}

describe('changeMemberRoleAction', { timeout: 60_000 }, () => {
  it('lets an admin change a role, with an audit entry', async () => {
    const org = await createOrganization(database.db, 'Roles');
    const admin = await createMember(database.db, org, 'admin');
    const member = await createMember(database.db, org, 'member');
    actAs(admin);
    const form = new FormData();
    form.set('membershipId', member.membership.id);
    form.set('role', 'manager');
    const result = await changeMemberRoleAction(null, form);
    expect(result).toMatchObject({ ok: true });
    expect((await membershipRow(member.membership.id)).role).toBe('manager');
    expect(await auditCount(org, 'member.role_changed')).toBe(1);
  });

  it('refuses members, managers and the signed-out; nothing changes', async () => {
    const org = await createOrganization(database.db, 'Refuse');
    await createMember(database.db, org, 'admin');
    const target = await createMember(database.db, org, 'member');
    for (const actor of [
      await createMember(database.db, org, 'member'),
      await createMember(database.db, org, 'manager'),
      null,
    ]) {
      actAs(actor);
      const result = await changeMemberRoleAction({ membershipId: target.membership.id, role: 'admin' });
      expect(result.ok).toBe(false);
    }
    expect((await membershipRow(target.membership.id)).role).toBe('member');
    expect(await auditCount(org, 'member.role_changed')).toBe(0);
  });

  it('treats another organization’s membership as not found and changes nothing', async () => {
    const orgA = await createOrganization(database.db, 'Tenant A');
    const orgB = await createOrganization(database.db, 'Tenant B');
    const adminA = await createMember(database.db, orgA, 'admin');
    await createMember(database.db, orgB, 'admin');
    const memberB = await createMember(database.db, orgB, 'member');
    actAs(adminA);
    expect(await changeMemberRoleAction({ membershipId: memberB.membership.id, role: 'admin' })).toEqual({
      ok: false,
      error: 'Member was not found.',
    });
    expect(await deactivateMemberAction({ membershipId: memberB.membership.id })).toEqual({
      ok: false,
      error: 'Member was not found.',
    });
    const row = await membershipRow(memberB.membership.id);
    expect(row).toMatchObject({ role: 'member', status: 'active', deactivatedAt: null });
    expect(await auditCount(orgA, 'member.role_changed')).toBe(0);
    expect(await auditCount(orgB, 'member.role_changed')).toBe(0);
  });

  it('never demotes or deactivates the last active admin, including themselves', async () => {
    const org = await createOrganization(database.db, 'Last admin');
    const admin = await createMember(database.db, org, 'admin');
    actAs(admin);
    const demote = await changeMemberRoleAction({ membershipId: admin.membership.id, role: 'manager' });
    expect(demote).toMatchObject({ ok: false, error: expect.stringMatching(/last active admin/i) });
    const deactivate = await deactivateMemberAction({ membershipId: admin.membership.id });
    expect(deactivate).toMatchObject({ ok: false, error: expect.stringMatching(/last active admin/i) });
    expect(await membershipRow(admin.membership.id)).toMatchObject({ role: 'admin', status: 'active' });

    // A deactivated admin does not count: with a second admin deactivated, the first is still the last.
    const second = await createMember(database.db, org, 'admin');
    expect(await deactivateMemberAction({ membershipId: second.membership.id })).toMatchObject({ ok: true });
    expect(await changeMemberRoleAction({ membershipId: admin.membership.id, role: 'member' })).toMatchObject({
      ok: false,
    });
    // With another active admin it is allowed.
    expect(await reactivateMemberAction({ membershipId: second.membership.id })).toMatchObject({ ok: true });
    expect(await changeMemberRoleAction({ membershipId: admin.membership.id, role: 'member' })).toMatchObject({
      ok: true,
    });
    expect((await membershipRow(admin.membership.id)).role).toBe('member');
  });

  it('lets only one of two concurrent demotions of the last two admins pass', async () => {
    const org = await createOrganization(database.db, 'Race');
    const first = await createMember(database.db, org, 'admin');
    const second = await createMember(database.db, org, 'admin');
    actAs(first);
    const results = await Promise.all([
      changeMemberRoleAction({ membershipId: first.membership.id, role: 'member' }),
      changeMemberRoleAction({ membershipId: second.membership.id, role: 'member' }),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    const admins = await database.db
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.organizationId, org), eq(memberships.role, 'admin')));
    expect(admins).toHaveLength(1);
  });

  it('removes team management when a manager becomes a member', async () => {
    const org = await createOrganization(database.db, 'Demote manager');
    const admin = await createMember(database.db, org, 'admin');
    const manager = await createMember(database.db, org, 'manager');
    const [team] = await database.db.insert(teams).values({ organizationId: org, name: 'Platform' }).returning();
    if (!team) throw new Error('no team');
    await database.db
      .insert(teamManagers)
      .values({ organizationId: org, teamId: team.id, membershipId: manager.membership.id });
    actAs(admin);
    const result = await changeMemberRoleAction({ membershipId: manager.membership.id, role: 'member' });
    expect(result).toMatchObject({ ok: true, message: expect.stringMatching(/no longer manage 1 team/) });
    const left = await database.db
      .select()
      .from(teamManagers)
      .where(eq(teamManagers.membershipId, manager.membership.id));
    expect(left).toHaveLength(0);
  });

  it('rejects wrong types and unknown roles with a message', async () => {
    const org = await createOrganization(database.db, 'Bad input');
    const admin = await createMember(database.db, org, 'admin');
    const member = await createMember(database.db, org, 'member');
    actAs(admin);
    const badRole = await changeMemberRoleAction({ membershipId: member.membership.id, role: 'owner' });
    expect(badRole).toMatchObject({ ok: false, fieldErrors: { role: [expect.any(String)] } });
    const badId = await changeMemberRoleAction({ membershipId: 'x'.repeat(5000), role: 'admin' });
    expect(badId).toMatchObject({ ok: false, fieldErrors: { membershipId: ['Member was not found.'] } });
    const wrongType = await deactivateMemberAction({ membershipId: 42 });
    expect(wrongType).toMatchObject({ ok: false, fieldErrors: { membershipId: [expect.any(String)] } });
    expect((await membershipRow(member.membership.id)).role).toBe('member');
  });
});

describe('deactivation', { timeout: 60_000 }, () => {
  it('keeps the account but refuses sign-in until reactivated', async () => {
    const org = await createOrganization(database.db, 'Deactivate');
    const admin = await createMember(database.db, org, 'admin');
    const member = await createMember(database.db, org, 'member');
    await database.db
      .update(users)
      .set({ passwordHash: await hashPassword('correct horse battery') })
      .where(eq(users.id, member.user.id));
    const credentials = { email: member.user.email, password: 'correct horse battery' };
    expect(await authenticateWithPassword(database.db, credentials, '10.0.0.1')).toMatchObject({ ok: true });

    actAs(admin);
    expect(await deactivateMemberAction({ membershipId: member.membership.id })).toMatchObject({ ok: true });
    const row = await membershipRow(member.membership.id);
    expect(row.status).toBe('deactivated');
    expect(row.deactivatedAt).toBeInstanceOf(Date);
    expect(await auditCount(org, 'member.deactivated')).toBe(1);
    expect(await authenticateWithPassword(database.db, credentials, '10.0.0.2')).toEqual({
      ok: false,
      reason: 'invalid',
    });

    expect(await reactivateMemberAction({ membershipId: member.membership.id })).toMatchObject({ ok: true });
    expect(await membershipRow(member.membership.id)).toMatchObject({ status: 'active', deactivatedAt: null });
    expect(await auditCount(org, 'member.reactivated')).toBe(1);
    expect(await authenticateWithPassword(database.db, credentials, '10.0.0.3')).toMatchObject({ ok: true });
  });

  it('is refused to a manager', async () => {
    const org = await createOrganization(database.db, 'Manager deactivate');
    const manager = await createMember(database.db, org, 'manager');
    const member = await createMember(database.db, org, 'member');
    actAs(manager);
    expect(await deactivateMemberAction({ membershipId: member.membership.id })).toMatchObject({ ok: false });
    expect((await membershipRow(member.membership.id)).status).toBe('active');
  });
});

describe('listMembers', { timeout: 60_000 }, () => {
  it('searches by name or email, filters, and pages with a total', async () => {
    const org = await createOrganization(database.db, 'Directory');
    const other = await createOrganization(database.db, 'Other directory');
    for (let index = 0; index < 30; index += 1) {
      await createMember(
        database.db,
        org,
        index % 3 === 0 ? 'manager' : 'member',
        `Zed ${String(index).padStart(2, '0')}`,
      );
    }
    await createMember(database.db, org, 'admin', 'Ada 100%_real');
    await createMember(database.db, other, 'member', 'Zed outsider');

    const first = await listMembers(database.db, org, memberListParamsSchema.parse({ q: 'zed' }));
    expect(first.total).toBe(30);
    expect(first.rows).toHaveLength(25);
    expect(first.rows[0]?.name).toBe('Zed 00');
    const second = await listMembers(database.db, org, memberListParamsSchema.parse({ q: 'zed', page: '2' }));
    expect(second.rows.map((row) => row.name)).toEqual(['Zed 25', 'Zed 26', 'Zed 27', 'Zed 28', 'Zed 29']);
    expect(second.total).toBe(30);

    const managers = await listMembers(database.db, org, memberListParamsSchema.parse({ role: 'manager' }));
    expect(managers.total).toBe(10);

    // Wildcards typed by the user are literal.
    const literal = await listMembers(database.db, org, memberListParamsSchema.parse({ q: '100%_' }));
    expect(literal.rows.map((row) => row.name)).toEqual(['Ada 100%_real']);
    expect((await listMembers(database.db, org, memberListParamsSchema.parse({ q: '%' }))).total).toBe(1);
    expect((await listMembers(database.db, org, memberListParamsSchema.parse({ q: '_' }))).total).toBe(1);

    // By email, case-insensitively.
    const byEmail = await listMembers(database.db, org, memberListParamsSchema.parse({ q: 'ADMIN-' }));
    expect(byEmail.total).toBe(1);

    // Malformed URL parameters fall back to defaults instead of failing.
    const fallback = memberListParamsSchema.parse({ page: 'abc', role: 'owner', status: 1, q: 'x'.repeat(500) });
    expect(fallback).toEqual({ q: '', role: undefined, status: undefined, page: 1 });
  });

  it('escapes LIKE wildcards and the escape character', () => {
    expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
  });
});
