/**
 * Replays what Okta and Microsoft Entra ID send when a person is created,
 * updated, deactivated, reactivated and removed from a group
 * (fixtures/okta.ts, fixtures/entra.ts), against the real route handlers on
 * the test database, and checks what Skillgrid then holds: the membership,
 * its status, the ended sessions, the team, the audit log.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, memberships, teamMembers, users, webhookDeliveries, webhookEndpoints } from '@/db/schema';
import { activeSessionMemberships } from '@/lib/auth/session-memberships';
import { createMember, createOrganization } from '../../fixtures/actors';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { useTestDatabase } from '../../fixtures/test-context';
import * as entra from './fixtures/entra';
import * as okta from './fixtures/okta';
import { scim } from './scim-client';
import { issueScimToken } from './tokens';

let database: TestDatabase;
let organizationId: string;
let token: string;

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  organizationId = await createOrganization(database.db, 'Provisioned');
  // An admin, so that deactivating the provisioned people never meets the last-admin rule.
  const admin = await createMember(database.db, organizationId, 'admin', 'Ada Admin');
  token = await issueScimToken(database.db, organizationId, admin.user.id);
  await database.db.insert(webhookEndpoints).values({
    organizationId,
    url: 'https://hooks.example.test/skillgrid',
    events: ['member.created', 'member.deactivated'],
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  });
});
afterAll(async () => {
  await database?.close();
});

async function membership(id: string) {
  const [row] = await database.db
    .select({ status: memberships.status, userId: memberships.userId, email: users.email, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, id)));
  if (!row) throw new Error('no membership');
  return row;
}

/** What the browser's cookie stands for: the claims of a session opened now, checked as every request checks them. */
async function openSession(userId: string) {
  const [user] = await database.db.select().from(users).where(eq(users.id, userId));
  return { userId, organizationId, sessionId: crypto.randomUUID(), generation: user!.sessionGeneration };
}
const sessionWorks = async (claims: Awaited<ReturnType<typeof openSession>>) =>
  (await activeSessionMemberships(database.db, claims)).length > 0;

async function auditActions(targetId: string) {
  const rows = await database.db
    .select({ action: auditLog.action, details: auditLog.details })
    .from(auditLog)
    .where(and(eq(auditLog.organizationId, organizationId), eq(auditLog.targetId, targetId)))
    .orderBy(auditLog.id);
  return rows;
}

describe('Okta', () => {
  let userId = '';
  let groupId = '';

  it('looks the person up, finds nobody, creates them (201), and a replayed create is a 409 uniqueness', async () => {
    const lookup = await scim(token, { method: 'GET', path: okta.oktaLookup() });
    expect(lookup.status).toBe(200);
    expect(lookup.json).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 0,
      Resources: [],
    });

    const created = await scim(token, { method: 'POST', path: '/Users', body: okta.oktaCreateUser });
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toBe('application/scim+json');
    userId = created.json.id;
    expect(created.headers.get('location')).toBe(`http://localhost:3000/scim/v2/Users/${userId}`);
    expect(created.json).toMatchObject({
      userName: okta.OKTA_USER_NAME,
      externalId: '00ujl29u0le5T6Aj10h7',
      active: true,
      displayName: 'Test User',
      name: { givenName: 'Test', familyName: 'User' },
      emails: [{ value: okta.OKTA_USER_NAME, primary: true }],
    });
    // The password Okta sends is never kept.
    const person = await membership(userId);
    expect(person).toMatchObject({ status: 'active', email: okta.OKTA_USER_NAME, name: 'Test User' });
    const [account] = await database.db.select().from(users).where(eq(users.id, person.userId));
    expect(account?.passwordHash).toBeNull();

    const replay = await scim(token, { method: 'POST', path: '/Users', body: okta.oktaCreateUser });
    expect(replay.status).toBe(409);
    expect(replay.json).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '409',
      scimType: 'uniqueness',
    });
    // What Okta does next: the lookup finds the person it created.
    const found = await scim(token, { method: 'GET', path: okta.oktaLookup() });
    expect(found.json.totalResults).toBe(1);
    expect(found.json.Resources[0].id).toBe(userId);
  });

  it('updates the profile with PUT', async () => {
    const replaced = await scim(token, { method: 'PUT', path: `/Users/${userId}`, body: okta.oktaReplaceUser(userId) });
    expect(replaced.status).toBe(200);
    expect(replaced.json).toMatchObject({ displayName: 'Another User', name: { givenName: 'Another' }, active: true });
    expect((await membership(userId)).name).toBe('Another User');
  });

  it('pushes a group, adds the person, renames it and removes them again (ratings and membership stay)', async () => {
    expect((await scim(token, { method: 'GET', path: okta.oktaGroupLookup('Test SCIMv2') })).json.totalResults).toBe(0);
    const group = await scim(token, { method: 'POST', path: '/Groups', body: okta.oktaCreateGroup });
    expect(group.status).toBe(201);
    groupId = group.json.id;
    expect(group.json).toMatchObject({ displayName: 'Test SCIMv2', members: [] });

    const added = await scim(token, { method: 'PATCH', path: `/Groups/${groupId}`, body: okta.oktaAddMember(userId) });
    expect(added.status).toBe(200);
    expect(added.json.members).toEqual([
      { value: userId, display: 'Another User', $ref: `http://localhost:3000/scim/v2/Users/${userId}` },
    ]);
    // Adding again changes nothing (and records nothing).
    await scim(token, { method: 'PATCH', path: `/Groups/${groupId}`, body: okta.oktaAddMember(userId) });

    const renamed = await scim(token, {
      method: 'PATCH',
      path: `/Groups/${groupId}`,
      body: okta.oktaRenameGroup(groupId, 'Platform (Okta)'),
    });
    expect(renamed.json).toMatchObject({ displayName: 'Platform (Okta)' });
    expect((await scim(token, { method: 'GET', path: `/Users/${userId}` })).json.groups).toMatchObject([
      { value: groupId, display: 'Platform (Okta)' },
    ]);

    const removed = await scim(token, {
      method: 'PATCH',
      path: `/Groups/${groupId}`,
      body: okta.oktaRemoveMember(userId),
    });
    expect(removed.status).toBe(200);
    expect(removed.json.members).toEqual([]);
    expect(await database.db.select().from(teamMembers).where(eq(teamMembers.teamId, groupId))).toEqual([]);
    expect((await membership(userId)).status).toBe('active');

    expect((await auditActions(groupId)).map((row) => row.action)).toEqual([
      'team.created',
      'team.member_added',
      'team.renamed',
      'team.member_removed',
    ]);
  });

  it('deactivates with {"active": false}: the person’s open session stops working; reactivation does not revive it', async () => {
    const person = await membership(userId);
    const session = await openSession(person.userId);
    expect(await sessionWorks(session)).toBe(true);

    const off = await scim(token, { method: 'PATCH', path: `/Users/${userId}`, body: okta.oktaSetActive(false) });
    expect(off.status).toBe(200);
    expect(off.json.active).toBe(false);
    expect((await membership(userId)).status).toBe('deactivated');
    expect(await sessionWorks(session)).toBe(false);
    // Okta's next lookup sees the person as inactive.
    expect((await scim(token, { method: 'GET', path: okta.oktaLookup() })).json.Resources[0].active).toBe(false);

    const on = await scim(token, { method: 'PATCH', path: `/Users/${userId}`, body: okta.oktaSetActive(true) });
    expect(on.json.active).toBe(true);
    expect((await membership(userId)).status).toBe('active');
    expect(await sessionWorks(session)).toBe(false);
    expect(await sessionWorks(await openSession(person.userId))).toBe(true);

    const entries = await auditActions(userId);
    expect(entries.map((row) => row.action)).toEqual([
      'member.created',
      'member.updated',
      'member.deactivated',
      'member.reactivated',
    ]);
    expect(entries[2]?.details).toMatchObject({ via: 'scim' });
  });

  it('empties a pushed group and unlinks (deletes) it', async () => {
    await scim(token, { method: 'PATCH', path: `/Groups/${groupId}`, body: okta.oktaAddMember(userId) });
    const emptied = await scim(token, { method: 'PATCH', path: `/Groups/${groupId}`, body: okta.oktaEmptyGroup });
    expect(emptied.json.members).toEqual([]);
    expect((await scim(token, { method: 'DELETE', path: `/Groups/${groupId}` })).status).toBe(204);
    expect((await scim(token, { method: 'GET', path: `/Groups/${groupId}` })).status).toBe(404);
  });
});

describe('Microsoft Entra ID', () => {
  let userId = '';
  let groupId = '';

  it('creates a person whose userName is not an email: the work email signs in, the userName is kept for lookups', async () => {
    expect((await scim(token, { method: 'GET', path: entra.entraLookup() })).json.totalResults).toBe(0);
    const created = await scim(token, { method: 'POST', path: '/Users', body: entra.entraCreateUser });
    expect(created.status).toBe(201);
    userId = created.json.id;
    expect(created.json).toMatchObject({
      userName: entra.ENTRA_USER_NAME,
      externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
      emails: [{ value: entra.ENTRA_EMAIL.toLowerCase(), type: 'work', primary: true }],
      name: { givenName: 'givenName', familyName: 'familyName', formatted: 'givenName familyName' },
      active: true,
    });
    expect((await membership(userId)).email).toBe(entra.ENTRA_EMAIL.toLowerCase());

    const byName = await scim(token, { method: 'GET', path: entra.entraLookup() });
    expect(byName.json.Resources.map((user: { id: string }) => user.id)).toEqual([userId]);
    const byExternalId = await scim(token, {
      method: 'GET',
      path: `/Users?filter=${encodeURIComponent('externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"')}`,
    });
    expect(byExternalId.json.totalResults).toBe(1);
    expect((await scim(token, { method: 'GET', path: entra.entraLookup('non-existent user') })).json.totalResults).toBe(
      0,
    );
    expect((await scim(token, { method: 'POST', path: '/Users', body: entra.entraCreateUser })).status).toBe(409);
  });

  it('patches the work email and family name, then a path-less value object, then the userName', async () => {
    const updated = await scim(token, { method: 'PATCH', path: `/Users/${userId}`, body: entra.entraUpdateAttributes });
    expect(updated.status).toBe(200);
    expect(updated.json.emails).toEqual([{ value: 'updatedemail@microsoft.com', type: 'work', primary: true }]);
    expect(updated.json.name).toMatchObject({ givenName: 'givenName', familyName: 'updatedFamilyName' });
    // The new address is the directory's word, not yet proved by its owner.
    const person = await membership(userId);
    const [account] = await database.db.select().from(users).where(eq(users.id, person.userId));
    expect(account).toMatchObject({ email: 'updatedemail@microsoft.com', emailVerifiedAt: null });

    const valueOnly = await scim(token, {
      method: 'PATCH',
      path: `/Users/${userId}`,
      body: entra.entraValueOnlyReplace,
    });
    expect(valueOnly.status).toBe(200);
    expect(valueOnly.json).toMatchObject({
      displayName: 'Gtfd updatedFamilyName',
      name: { givenName: 'Gtfd', familyName: 'updatedFamilyName' },
      title: 'Platform engineer',
    });
    expect((await membership(userId)).name).toBe('Gtfd updatedFamilyName');

    const newName = '5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com';
    const renamed = await scim(token, {
      method: 'PATCH',
      path: `/Users/${userId}`,
      body: entra.entraChangeUserName(newName),
    });
    expect(renamed.json.userName).toBe(newName);
    expect((await scim(token, { method: 'GET', path: entra.entraLookup(newName) })).json.totalResults).toBe(1);
    expect((await scim(token, { method: 'GET', path: entra.entraLookup() })).json.totalResults).toBe(0);
  });

  it('adds the person to a group, checks the membership by filter, and removes them with Remove + value', async () => {
    const group = await scim(token, { method: 'POST', path: '/Groups', body: entra.entraCreateGroup });
    expect(group.status).toBe(201);
    groupId = group.json.id;
    const lookup = await scim(token, { method: 'GET', path: entra.entraGroupLookup('displayName') });
    expect(lookup.json.Resources).toEqual([expect.not.objectContaining({ members: expect.anything() })]);
    expect(lookup.json.Resources[0]).toMatchObject({ id: groupId, externalId: entra.entraCreateGroup.externalId });

    expect(
      (await scim(token, { method: 'PATCH', path: `/Groups/${groupId}`, body: entra.entraAddMember(userId) })).status,
    ).toBe(200);
    expect(
      (await scim(token, { method: 'GET', path: entra.entraMembershipCheck(groupId, userId) })).json.totalResults,
    ).toBe(1);

    expect(
      (await scim(token, { method: 'PATCH', path: `/Groups/${groupId}`, body: entra.entraRemoveMember(userId) }))
        .status,
    ).toBe(200);
    expect(
      (await scim(token, { method: 'GET', path: entra.entraMembershipCheck(groupId, userId) })).json.totalResults,
    ).toBe(0);

    const renamed = await scim(token, {
      method: 'PATCH',
      path: `/Groups/${groupId}`,
      body: entra.entraRenameGroup('Data (Entra)'),
    });
    expect(renamed.json.displayName).toBe('Data (Entra)');
  });

  it('disables with "False" (a string) and with false, enables with "True"; the open session ends at the first', async () => {
    const person = await membership(userId);
    const session = await openSession(person.userId);
    expect(await sessionWorks(session)).toBe(true);

    const off = await scim(token, { method: 'PATCH', path: `/Users/${userId}`, body: entra.entraDisable });
    expect(off.status).toBe(200);
    expect(off.json.active).toBe(false);
    expect(await sessionWorks(session)).toBe(false);
    // The compliant boolean form on an already disabled person: nothing more happens, nothing more is recorded.
    const before = (await auditActions(userId)).length;
    expect(
      (await scim(token, { method: 'PATCH', path: `/Users/${userId}`, body: entra.entraDisableBoolean })).json.active,
    ).toBe(false);
    expect((await auditActions(userId)).length).toBe(before);

    const on = await scim(token, { method: 'PATCH', path: `/Users/${userId}`, body: entra.entraEnable });
    expect(on.json.active).toBe(true);
    expect((await membership(userId)).status).toBe('active');
  });

  it('deletes the person: deactivated, gone from SCIM (404), their membership kept; a new create brings it back', async () => {
    expect((await scim(token, { method: 'DELETE', path: `/Users/${userId}` })).status).toBe(204);
    expect((await scim(token, { method: 'GET', path: `/Users/${userId}` })).status).toBe(404);
    expect((await membership(userId)).status).toBe('deactivated');
    expect((await scim(token, { method: 'DELETE', path: `/Users/${userId}` })).status).toBe(404);

    const back = await scim(token, {
      method: 'POST',
      path: '/Users',
      body: {
        ...entra.entraCreateUser,
        emails: [{ primary: true, type: 'work', value: 'updatedEmail@microsoft.com' }],
      },
    });
    expect(back.status).toBe(201);
    expect(back.json.id).toBe(userId);
    expect(back.json.active).toBe(true);
  });
});

describe('webhooks', () => {
  it('announced member.created for each new person and member.deactivated for each deactivation, from scim', async () => {
    const rows = await database.db
      .select({ type: webhookDeliveries.eventType, payload: webhookDeliveries.payload })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.organizationId, organizationId));
    const events = rows.map((row) => ({
      type: row.type,
      // The payload is the Standard Webhooks body lib/webhooks built; only its data is checked here.
      data: (JSON.parse(row.payload) as { data: { email: string; source: string } }).data,
    }));
    const count = (type: string) => events.filter((event) => event.type === type).length;
    // Okta's person and Entra's person were created once each (the returning one is a reactivation, not new).
    expect(count('member.created')).toBe(2);
    // Okta: deactivated once; Entra: "False" once (the second, boolean, changed nothing) and DELETE once.
    expect(count('member.deactivated')).toBe(3);
    expect(events.every((event) => event.data.source === 'scim')).toBe(true);
  });
});
