/**
 * Who reaches what under /scim/v2, and what bad input gets: a token of one
 * organization reaches nothing of another, a token without the `scim` scope
 * gets 403 and no token 401 on every route, and malformed JSON, oversized
 * bodies, bad filters and bad values get a 4xx SCIM error and write nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { apiTokens, assessmentCycles, teams } from '@/db/schema';
import { hashTokenSecret } from '@/lib/api/token-secret';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { useTestDatabase } from '../../fixtures/test-context';
import { buildWorld, type World } from '../../fixtures/world';
import { fingerprint } from '../permissions/harness';
import { SCIM_MAX_BODY_BYTES } from '@/lib/scim/define-scim-route';
import { scim, type ScimCall } from './scim-client';
import { issueScimToken } from './tokens';

let database: TestDatabase;
let world: World;
let tokenA: string;
let tokenB: string;
let noScopeA: string;
let revokedA: string;
let expiredA: string;
let groupB: string;
let userB: string;
let teamWithCycle: string;

const TABLES = ['users', 'memberships', 'teams', 'team_members', 'audit_log', 'account_tokens'];
const snapshot = () => fingerprint(database.db, TABLES);

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  world = await buildWorld(database.db);
  tokenA = await issueScimToken(database.db, world.orgA, world.adminA.user.id);
  tokenB = await issueScimToken(database.db, world.orgB, world.adminB.user.id);
  noScopeA = await issueScimToken(database.db, world.orgA, world.adminA.user.id, ['members:read', 'reports:read']);
  revokedA = await issueScimToken(database.db, world.orgA, world.adminA.user.id);
  await database.db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(eq(apiTokens.secretHash, hashTokenSecret(revokedA)));
  expiredA = await issueScimToken(database.db, world.orgA, world.adminA.user.id);
  await database.db
    .update(apiTokens)
    .set({ expiresAt: new Date(Date.now() - 1000) })
    .where(eq(apiTokens.secretHash, hashTokenSecret(expiredA)));
  const group = await scim(tokenB, { method: 'POST', path: '/Groups', body: { displayName: 'Beta team' } });
  groupB = group.json.id;
  const user = await scim(tokenB, { method: 'POST', path: '/Users', body: { userName: 'beta.person@example.test' } });
  userB = user.json.id;
  const [team] = await database.db.insert(teams).values({ organizationId: world.orgA, name: 'Cycled' }).returning();
  teamWithCycle = team!.id;
  await database.db.insert(assessmentCycles).values({
    organizationId: world.orgA,
    frameworkId: world.framework.frameworkId,
    teamId: teamWithCycle,
    name: 'Cycled 2026',
    opensOn: '2026-01-01',
    closesOn: '2026-03-31',
    status: 'closed',
  });
});
afterAll(async () => {
  await database?.close();
});

/** One call per route and method, aimed at organization A's resources. */
function everyRoute(): ScimCall[] {
  const userA = world.subjectA1.membership.id;
  const patch = {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'replace', path: 'active', value: false }],
  };
  return [
    { method: 'GET', path: '/ServiceProviderConfig' },
    { method: 'GET', path: '/ResourceTypes' },
    { method: 'GET', path: '/ResourceTypes/User' },
    { method: 'GET', path: '/Schemas' },
    { method: 'GET', path: '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User' },
    { method: 'GET', path: '/Users' },
    { method: 'POST', path: '/Users', body: { userName: 'new.person@example.test' } },
    { method: 'GET', path: `/Users/${userA}` },
    { method: 'PUT', path: `/Users/${userA}`, body: { userName: 'renamed@example.test' } },
    { method: 'PATCH', path: `/Users/${userA}`, body: patch },
    { method: 'DELETE', path: `/Users/${userA}` },
    { method: 'GET', path: '/Groups' },
    { method: 'POST', path: '/Groups', body: { displayName: 'New team' } },
    { method: 'GET', path: `/Groups/${world.teamA1}` },
    { method: 'PUT', path: `/Groups/${world.teamA1}`, body: { displayName: 'Renamed' } },
    {
      method: 'PATCH',
      path: `/Groups/${world.teamA1}`,
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'members', value: [] }],
      },
    },
    { method: 'DELETE', path: `/Groups/${world.teamA2}` },
  ];
}

describe('tokens', () => {
  it('no, a revoked or an expired token: 401 on every route; a token without the scim scope: 403; nothing written', async () => {
    for (const call of everyRoute()) {
      const before = await snapshot();
      const anonymous = await scim(null, call);
      expect(anonymous.status, `${call.method} ${call.path}`).toBe(401);
      expect(anonymous.json).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401' });
      expect(anonymous.headers.get('www-authenticate')).toContain('Bearer');
      expect((await scim(revokedA, call)).status, `revoked: ${call.method} ${call.path}`).toBe(401);
      expect((await scim(expiredA, call)).status, `expired: ${call.method} ${call.path}`).toBe(401);
      const unscoped = await scim(noScopeA, call);
      expect(unscoped.status, `${call.method} ${call.path}`).toBe(403);
      expect(unscoped.json.status).toBe('403');
      expect(await snapshot(), `${call.method} ${call.path} changed data`).toBe(before);
    }
  });

  it('organization B’s token reaches nothing of organization A: its ids are 404, its lists hold only B', async () => {
    for (const call of everyRoute().filter((call) => /\/(Users|Groups)\/[0-9a-f-]{36}$/.test(call.path))) {
      const before = await snapshot();
      const reply = await scim(tokenB, call);
      expect(reply.status, `${call.method} ${call.path}`).toBe(404);
      expect(JSON.stringify(reply.json)).not.toContain('Alpha');
      expect(await snapshot(), `${call.method} ${call.path} changed data`).toBe(before);
    }
    const usersB = await scim(tokenB, { method: 'GET', path: '/Users' });
    expect(usersB.json.Resources.map((user: { id: string }) => user.id).sort()).toEqual(
      [userB, world.adminB.membership.id].sort(),
    );
    const groupsB = await scim(tokenB, { method: 'GET', path: '/Groups' });
    expect(groupsB.json.Resources.map((group: { id: string }) => group.id)).toEqual([groupB]);
    const byName = await scim(tokenB, {
      method: 'GET',
      path: `/Users?filter=${encodeURIComponent(`userName eq "${world.subjectA1.user.email}"`)}`,
    });
    expect(byName.json.totalResults).toBe(0);
    const groupByName = await scim(tokenB, {
      method: 'GET',
      path: `/Groups?filter=${encodeURIComponent('displayName eq "Platform"')}`,
    });
    expect(groupByName.json.totalResults).toBe(0);
  });

  it('organization B cannot put organization A’s people into its own groups', async () => {
    const before = await snapshot();
    const reply = await scim(tokenB, {
      method: 'PATCH',
      path: `/Groups/${groupB}`,
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'add', path: 'members', value: [{ value: world.subjectA1.membership.id }] }],
      },
    });
    expect(reply.status).toBe(400);
    expect(reply.json.scimType).toBe('invalidValue');
    expect(await snapshot()).toBe(before);
  });

  it('a person of organization B provisioned into A keeps their account name and email (A cannot rename them in B)', async () => {
    const email = world.adminB.user.email;
    const created = await scim(tokenA, {
      method: 'POST',
      path: '/Users',
      body: { userName: email, name: { givenName: 'Renamed', familyName: 'ByAlpha' }, displayName: 'Renamed ByAlpha' },
    });
    expect(created.status).toBe(201);
    const replaced = await scim(tokenA, {
      method: 'PUT',
      path: `/Users/${created.json.id}`,
      body: {
        userName: email,
        emails: [{ value: 'hijack@example.test', primary: true }],
        displayName: 'Still renamed',
      },
    });
    expect(replaced.status).toBe(200);
    const seenByB = await scim(tokenB, { method: 'GET', path: `/Users/${world.adminB.membership.id}` });
    expect(seenByB.json).toMatchObject({ displayName: 'Bert Beta', emails: [{ value: email }] });
  });
});

const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

describe('bad input: a 4xx SCIM error with a message, nothing written', () => {
  const userA = () => world.memberA1.membership.id;
  const cases: [string, () => ScimCall, number, string | undefined][] = [
    ['malformed JSON', () => ({ method: 'POST', path: '/Users', rawBody: '{"userName": ' }), 400, 'invalidSyntax'],
    ['a body that is not an object', () => ({ method: 'POST', path: '/Users', rawBody: '"x"' }), 400, 'invalidValue'],
    ['an empty body', () => ({ method: 'PATCH', path: `/Users/${userA()}`, rawBody: '' }), 400, 'invalidSyntax'],
    [
      'an oversized body',
      () => ({
        method: 'POST',
        path: '/Groups',
        rawBody: JSON.stringify({ displayName: 'x'.repeat(SCIM_MAX_BODY_BYTES) }),
      }),
      413,
      undefined,
    ],
    [
      'a filter with an unsupported operator',
      () => ({ method: 'GET', path: `/Users?filter=${encodeURIComponent('userName co "a"')}` }),
      400,
      'invalidFilter',
    ],
    [
      'a filter on an unknown attribute',
      () => ({ method: 'GET', path: `/Users?filter=${encodeURIComponent('password eq "a"')}` }),
      400,
      'invalidFilter',
    ],
    [
      'an unclosed filter value',
      () => ({ method: 'GET', path: `/Users?filter=${encodeURIComponent('userName eq "a')}` }),
      400,
      'invalidFilter',
    ],
    [
      'a filter joined by or',
      () => ({
        method: 'GET',
        path: `/Groups?filter=${encodeURIComponent('displayName eq "a" or displayName eq "b"')}`,
      }),
      400,
      'invalidFilter',
    ],
    ['a startIndex that is no number', () => ({ method: 'GET', path: '/Users?startIndex=abc' }), 400, 'invalidValue'],
    [
      'a user without userName',
      () => ({ method: 'POST', path: '/Users', body: { emails: [{ value: 'a@example.test' }] } }),
      400,
      'invalidValue',
    ],
    [
      'a user without any email',
      () => ({ method: 'POST', path: '/Users', body: { userName: 'no-email' } }),
      400,
      'invalidValue',
    ],
    [
      'a NUL in a name',
      () => ({ method: 'POST', path: '/Users', body: { userName: 'nul@example.test', displayName: 'a\u0000b' } }),
      400,
      'invalidValue',
    ],
    [
      'a PATCH without the PatchOp schema',
      () => ({
        method: 'PATCH',
        path: `/Users/${userA()}`,
        body: { Operations: [{ op: 'replace', path: 'active', value: false }] },
      }),
      400,
      'invalidValue',
    ],
    [
      'an unknown op',
      () => ({
        method: 'PATCH',
        path: `/Users/${userA()}`,
        body: { schemas: [PATCH_SCHEMA], Operations: [{ op: 'move', path: 'active', value: false }] },
      }),
      400,
      'invalidValue',
    ],
    [
      'an unknown attribute path',
      () => ({
        method: 'PATCH',
        path: `/Users/${userA()}`,
        body: { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', path: 'favouriteColour', value: 'red' }] },
      }),
      400,
      'invalidPath',
    ],
    [
      'active that is no boolean',
      () => ({
        method: 'PATCH',
        path: `/Users/${userA()}`,
        body: { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', path: 'active', value: 'maybe' }] },
      }),
      400,
      'invalidValue',
    ],
    [
      'a later operation that is invalid (the earlier one is not applied either)',
      () => ({
        method: 'PATCH',
        path: `/Users/${userA()}`,
        body: {
          schemas: [PATCH_SCHEMA],
          Operations: [
            { op: 'replace', path: 'active', value: false },
            { op: 'replace', path: 'name.givenName', value: 42 },
          ],
        },
      }),
      400,
      'invalidValue',
    ],
    [
      'a path-less replace without an object',
      () => ({
        method: 'PATCH',
        path: `/Users/${userA()}`,
        body: { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', value: 'x' }] },
      }),
      400,
      'invalidSyntax',
    ],
    [
      'a group member that is nobody',
      () => ({
        method: 'PATCH',
        path: `/Groups/${world.teamA1}`,
        body: {
          schemas: [PATCH_SCHEMA],
          Operations: [{ op: 'add', path: 'members', value: [{ value: crypto.randomUUID() }] }],
        },
      }),
      400,
      'invalidValue',
    ],
    [
      'a group member id that is no uuid',
      () => ({
        method: 'POST',
        path: '/Groups',
        body: { displayName: 'Bad members', members: [{ value: 'not-an-id' }] },
      }),
      400,
      'invalidValue',
    ],
    [
      'a group named like another (case ignored)',
      () => ({ method: 'POST', path: '/Groups', body: { displayName: 'platform' } }),
      409,
      'uniqueness',
    ],
    ['a user id that is no uuid', () => ({ method: 'GET', path: '/Users/not-a-uuid' }), 404, undefined],
    [
      'deactivating the last admin',
      () => ({
        method: 'PATCH',
        path: `/Users/${world.adminA.membership.id}`,
        body: { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', path: 'active', value: false }] },
      }),
      400,
      'mutability',
    ],
    [
      'deleting a team that has its own cycle',
      () => ({ method: 'DELETE', path: `/Groups/${teamWithCycle}` }),
      400,
      'mutability',
    ],
  ];

  for (const [label, call, status, scimType] of cases) {
    it(label, async () => {
      const before = await snapshot();
      const reply = await scim(tokenA, call());
      expect(reply.status, JSON.stringify(reply.json)).toBe(status);
      expect(reply.json).toMatchObject({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        status: String(status),
      });
      expect(typeof reply.json.detail).toBe('string');
      if (scimType) expect(reply.json.scimType).toBe(scimType);
      expect(await snapshot()).toBe(before);
    });
  }
});
