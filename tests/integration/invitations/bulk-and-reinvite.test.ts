import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditLog, invitations, teams } from '@/db/schema';
import type { SessionContext } from '@/lib/auth/session';
import { createInvitationAction, resendInvitationAction } from '@/lib/invitations/actions';
import { previewBulkInvitationsAction, sendBulkInvitationsAction } from '@/lib/invitations/bulk-actions';
import { createMember, createOrganization } from '../../fixtures/actors';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { tokenOf } from './helpers';

vi.mock('next-auth', () => ({ AuthError: class AuthError extends Error {} }));
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let database: TestDatabase;
let orgId: string;
let admin: SessionContext;
let manager: SessionContext;
let platformId: string;
let webId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  orgId = await createOrganization(database.db, 'Bulk Org');
  admin = await createMember(database.db, orgId, 'admin');
  manager = await createMember(database.db, orgId, 'manager');
  const [platform, web] = await database.db
    .insert(teams)
    .values([
      { organizationId: orgId, name: 'Platform' },
      { organizationId: orgId, name: 'Web' },
    ])
    .returning();
  platformId = platform!.id;
  webId = web!.id;
});

afterAll(async () => {
  await database?.close();
});

const pendingRows = (email: string) =>
  database.db
    .select()
    .from(invitations)
    .where(and(eq(invitations.organizationId, orgId), eq(invitations.email, email), isNull(invitations.revokedAt)));

describe('bulk invitations', () => {
  const csv = [
    'name,email,team,role',
    'Ada Lovelace,ada@example.com,Platform,manager',
    'Grace Hopper,grace@example.com,web,',
    'Bad Email,not-an-email,Platform,member',
    'Unknown Team,alan@example.com,Mainframe,member',
    'Unknown Role,edsger@example.com,,owner',
    'Ada Again,ADA@example.com,Web,member',
    `Existing,${'MEMBER_EMAIL'},,member`,
  ].join('\n');

  it('checks every line: bad email, unknown team, unknown role, duplicate line, already a member', async () => {
    actAs(admin);
    const result = await previewBulkInvitationsAction({ text: csv.replace('MEMBER_EMAIL', manager.user.email) });
    if (!result.ok || !result.data) throw new Error(JSON.stringify(result));
    const byLine = Object.fromEntries(result.data.lines.map((line) => [line.line, line]));
    expect(byLine[2]).toMatchObject({
      status: 'invite',
      email: 'ada@example.com',
      role: 'manager',
      teamId: platformId,
    });
    // Team names match without regard to case; an empty role takes the default.
    expect(byLine[3]).toMatchObject({ status: 'invite', teamId: webId, role: 'member' });
    expect(byLine[4]).toMatchObject({ status: 'error', message: expect.stringContaining('not a valid email') });
    expect(byLine[5]).toMatchObject({ status: 'error', message: expect.stringContaining('Unknown team “Mainframe”') });
    expect(byLine[6]).toMatchObject({ status: 'error', message: expect.stringContaining('Unknown role “owner”') });
    expect(byLine[7]).toMatchObject({ status: 'error', message: 'Repeats line 2.' });
    expect(byLine[8]).toMatchObject({ status: 'member' });
    expect(result.data.counts).toEqual({ invite: 2, member: 1, pending: 0, error: 4 });
    // The preview writes nothing.
    expect(await pendingRows('ada@example.com')).toHaveLength(0);
  });

  it('sends the good lines, and a re-run of the same file creates nothing new', async () => {
    actAs(admin);
    const text = csv.replace('MEMBER_EMAIL', manager.user.email);
    const first = await sendBulkInvitationsAction({ text });
    if (!first.ok || !first.data) throw new Error(JSON.stringify(first));
    expect(first.data.sent.map((row) => row.email)).toEqual(['ada@example.com', 'grace@example.com']);
    expect(first.data.skipped).toHaveLength(5);
    expect(await pendingRows('ada@example.com')).toMatchObject([{ role: 'manager', teamId: platformId }]);

    const before = await database.db.select({ id: invitations.id }).from(invitations);
    const again = await sendBulkInvitationsAction({ text });
    expect(again).toMatchObject({ ok: true, data: { sent: [] } });
    if (!again.ok || !again.data) throw new Error('expected success');
    expect(again.data.skipped.filter((line) => line.status === 'pending').map((line) => line.email)).toEqual([
      'ada@example.com',
      'grace@example.com',
    ]);
    expect(await database.db.select({ id: invitations.id }).from(invitations)).toHaveLength(before.length);
  });

  it('reads a pasted list of emails with the default role and team', async () => {
    actAs(admin);
    const result = await previewBulkInvitationsAction({
      text: 'one@example.com, two@example.com\nThree <three@example.com>; bad@',
      defaultRole: 'manager',
      defaultTeamId: webId,
    });
    if (!result.ok || !result.data) throw new Error(JSON.stringify(result));
    expect(result.data.lines.map((line) => [line.email, line.status, line.role, line.teamId])).toEqual([
      ['one@example.com', 'invite', 'manager', webId],
      ['two@example.com', 'invite', 'manager', webId],
      ['three@example.com', 'invite', 'manager', webId],
      ['bad@', 'error', null, null],
    ]);
  });

  it('refuses managers, and a list that is too long, without writing', async () => {
    actAs(manager);
    expect((await sendBulkInvitationsAction({ text: 'x@example.com' })).ok).toBe(false);
    actAs(admin);
    const many = Array.from({ length: 501 }, (_, index) => `p${index}@example.com`).join('\n');
    expect(await previewBulkInvitationsAction({ text: many })).toMatchObject({
      ok: false,
      error: expect.stringContaining('at most 500'),
    });
    expect(await pendingRows('x@example.com')).toHaveLength(0);
  });
});

describe('re-inviting an email with a pending invitation', () => {
  it('says so and changes nothing; "replace" keeps the pending team when none is chosen', async () => {
    actAs(admin);
    const email = 'again@example.com';
    const first = await createInvitationAction({ email, role: 'member', teamId: platformId });
    expect(first).toMatchObject({ ok: true, data: { kind: 'created' } });

    const second = await createInvitationAction({ email, role: 'manager', teamId: '' });
    expect(second).toMatchObject({
      ok: true,
      data: { kind: 'pending', pending: { email, teamId: platformId, teamName: 'Platform' }, requestedRole: 'manager' },
    });
    expect(await pendingRows(email)).toMatchObject([{ role: 'member', teamId: platformId }]);

    const replaced = await createInvitationAction({ email, role: 'manager', teamId: '', onPending: 'replace' });
    expect(replaced).toMatchObject({
      ok: true,
      data: { kind: 'created' },
      message: expect.stringContaining('withdrawn'),
    });
    // The team is kept, not silently dropped.
    expect(await pendingRows(email)).toMatchObject([{ role: 'manager', teamId: platformId }]);

    const otherTeam = await createInvitationAction({ email, role: 'manager', teamId: webId, onPending: 'replace' });
    expect(otherTeam.ok).toBe(true);
    expect(await pendingRows(email)).toMatchObject([{ teamId: webId }]);
  });

  it('resend gives the same invitation a new link and expiry; the old link stops working', async () => {
    actAs(admin);
    const email = 'resend@example.com';
    const created = await createInvitationAction({ email, role: 'member', teamId: webId });
    if (!created.ok || created.data?.kind !== 'created') throw new Error('expected an invitation');
    const [before] = await pendingRows(email);
    const resent = await resendInvitationAction({ invitationId: before!.id });
    if (!resent.ok || resent.data?.kind !== 'created') throw new Error(JSON.stringify(resent));
    expect(tokenOf(resent.data.link)).not.toBe(tokenOf(created.data.link));
    const [after] = await pendingRows(email);
    expect(after).toMatchObject({ id: before!.id, teamId: webId, role: 'member' });
    expect(after!.tokenHash).not.toBe(before!.tokenHash);
    const audit = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, orgId), eq(auditLog.action, 'invitation.resent')));
    expect(audit.map((row) => row.targetId)).toContain(before!.id);

    actAs(manager);
    expect((await resendInvitationAction({ invitationId: before!.id })).ok).toBe(false);
  });
});
