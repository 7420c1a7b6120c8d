/**
 * members:write (issue 21): POST /api/v1/members and PATCH /api/v1/members/{id} with the admin page's rules,
 * each change audited as the token (the domain's event, `via: api`), bad input refused with a 4xx problem and
 * nothing written. Every answer is checked against the OpenAPI document (v1-client.ts); each kind of token per
 * route is in the permission matrix.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '@/db';
import { auditLog, memberships, users } from '@/db/schema';
import { createTestToken, expireTestToken, type TestToken } from '../../fixtures/api-tokens';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { useTestDatabase } from '../../fixtures/test-context';
import { buildWorld, type World } from '../../fixtures/world';
import { fingerprint } from '../permissions/harness';
import { call, routeHandler, type CallOptions } from './v1-client';

// What a member write could touch (the tokens' last-use times and rate counters change on every call).
const TABLES = ['users', 'memberships', 'team_managers', 'audit_log', 'webhook_deliveries'];

let database: TestDatabase;
let world: World;
let writer: TestToken;
let reader: TestToken;

const handlers = {
  create: () => routeHandler('app/api/v1/members/route.ts', 'POST'),
  update: () => routeHandler('app/api/v1/members/[memberId]/route.ts', 'PATCH'),
};

interface MemberItem {
  id: string;
  name: string;
  email: string;
  role: string;
  status: string;
  title: string | null;
}

const auditOf = async (targetId: string) =>
  database.db
    .select({ action: auditLog.action, actor: auditLog.actorUserId, details: auditLog.details })
    .from(auditLog)
    .where(and(eq(auditLog.organizationId, world.orgA), eq(auditLog.targetId, targetId)))
    .orderBy(auditLog.id);

const patch = async (memberId: string, body: unknown, token: TestToken = writer) =>
  call(await handlers.update(), `/api/v1/members/${memberId}`, { token, params: { memberId }, body });

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  world = await buildWorld(database.db);
  writer = await createTestToken(database.db, {
    organizationId: world.orgA,
    scopes: ['members:write'],
    createdByUserId: world.adminA.user.id,
    name: 'HR sync',
  });
  reader = await createTestToken(database.db, {
    organizationId: world.orgA,
    scopes: ['members:read'],
    createdByUserId: world.adminA.user.id,
  });
});
afterAll(async () => {
  await database?.close();
});

describe('POST /api/v1/members', () => {
  it('adds a person without a password, audited as the token', async () => {
    const answer = await call(await handlers.create(), '/api/v1/members', {
      token: writer,
      body: { email: '  New.Hire@Example.test ', name: 'Nina New', role: 'manager', title: 'SRE' },
    });
    expect(answer.status).toBe(201);
    const member = answer.json as MemberItem;
    expect(member).toMatchObject({
      email: 'new.hire@example.test',
      name: 'Nina New',
      role: 'manager',
      status: 'active',
      title: 'SRE',
    });
    const [account] = await database.db.select().from(users).where(eq(users.email, 'new.hire@example.test'));
    expect(account!.passwordHash).toBeNull();
    const [entry] = await auditOf(member.id);
    expect(entry).toMatchObject({ action: 'member.created', actor: null });
    expect(entry!.details).toMatchObject({ via: 'api', tokenId: writer.id, token: 'HR sync', scope: 'members:write' });
  });

  it('an account of another organization joins with its own name; an existing member is a 409', async () => {
    const answer = await call(await handlers.create(), '/api/v1/members', {
      token: writer,
      body: { email: world.adminB.user.email, name: 'Renamed By A' },
    });
    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({ name: 'Bert Beta', role: 'member' });
    const before = await fingerprint(database.db, TABLES);
    const again = await call(await handlers.create(), '/api/v1/members', {
      token: writer,
      body: { email: world.subjectA1.user.email, name: 'Sam' },
    });
    expect(again.status).toBe(409);
    expect(again.problem!.detail).toContain(world.subjectA1.membership.id);
    expect(await fingerprint(database.db, TABLES)).toBe(before);
  });

  it('refuses malformed, unknown, oversized and mistyped bodies, a read scope, and expired tokens — writing nothing', async () => {
    const handler = await handlers.create();
    const before = await fingerprint(database.db, TABLES);
    const cases: [CallOptions, number][] = [
      [{ token: writer, rawBody: '{"email": ' }, 400],
      [{ token: writer, body: { email: 'a@example.test', name: 'A', admin: true } }, 400],
      [{ token: writer, body: { email: 'not an email', name: 'A' } }, 400],
      [{ token: writer, body: { email: 'a@example.test', name: 'A', role: 'owner' } }, 400],
      [{ token: writer, body: { email: 'a@example.test', name: 'A\u0000' } }, 400],
      [{ token: writer, rawBody: JSON.stringify({ email: 'a@example.test', name: 'x'.repeat(70_000) }) }, 413],
      [{ token: writer, body: { email: 'a@example.test', name: 'A' }, headers: { 'content-type': 'text/plain' } }, 415],
      [{ token: reader, body: { email: 'a@example.test', name: 'A' } }, 403],
    ];
    for (const [options, status] of cases) {
      const answer = await call(handler, '/api/v1/members', options);
      expect(answer.status, JSON.stringify(options.body ?? options.rawBody?.slice(0, 40))).toBe(status);
    }
    const expired = await createTestToken(database.db, {
      organizationId: world.orgA,
      scopes: ['members:write'],
      createdByUserId: world.adminA.user.id,
    });
    await expireTestToken(database.db, expired);
    expect(
      (await call(handler, '/api/v1/members', { token: expired, body: { email: 'a@x.test', name: 'A' } })).status,
    ).toBe(401);
    expect(await fingerprint(database.db, TABLES)).toBe(before);
  });
});

describe('PATCH /api/v1/members/{memberId}', () => {
  it('changes role and title, audited; a member no longer manages teams', async () => {
    const manager = world.managerA1.membership.id;
    const answer = await patch(manager, { role: 'member', title: 'Engineer' });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ role: 'member', title: 'Engineer' });
    const managed = rowsOf(
      await database.db.execute(sql`select 1 from team_managers where membership_id = ${manager}`),
    );
    expect(managed).toEqual([]);
    const actions = (await auditOf(manager)).map((entry) => entry.action);
    expect(actions).toEqual(['member.role_changed', 'member.title_changed']);
    // The same values again change nothing and record nothing.
    expect((await patch(manager, { role: 'member', title: 'Engineer' })).status).toBe(200);
    expect(await auditOf(manager)).toHaveLength(2);
  });

  it('deactivates and reactivates with the admin page’s rules; the last admin stays', async () => {
    const subject = world.subjectA1.membership.id;
    const generation = async () =>
      (
        await database.db
          .select({ g: users.sessionGeneration })
          .from(users)
          .where(eq(users.id, world.subjectA1.user.id))
      )[0]!.g;
    const before = await generation();
    const off = await patch(subject, { status: 'deactivated' });
    expect(off.json).toMatchObject({ status: 'deactivated' });
    expect(await generation()).toBeGreaterThan(before);
    const on = await patch(subject, { status: 'active' });
    expect(on.json).toMatchObject({ status: 'active' });
    expect((await auditOf(subject)).map((entry) => entry.action)).toEqual(['member.deactivated', 'member.reactivated']);

    const snapshot = await fingerprint(database.db, TABLES);
    const lastAdmin = await patch(world.adminA.membership.id, { status: 'deactivated' });
    expect(lastAdmin.status).toBe(409);
    expect((await patch(world.adminA.membership.id, { role: 'member' })).status).toBe(409);
    expect(await fingerprint(database.db, TABLES)).toBe(snapshot);
  });

  it('refuses an empty or unknown change, and another organization’s member, writing nothing', async () => {
    const snapshot = await fingerprint(database.db, TABLES);
    expect((await patch(world.subjectA1.membership.id, {})).status).toBe(400);
    expect((await patch(world.subjectA1.membership.id, { name: 'X' })).status).toBe(400);
    expect((await patch(world.subjectA1.membership.id, { status: 'gone' })).status).toBe(400);
    expect((await patch(world.adminB.membership.id, { title: 'Spy' })).status).toBe(404);
    const stored = await database.db
      .select({ title: memberships.title })
      .from(memberships)
      .where(eq(memberships.id, world.adminB.membership.id));
    expect(stored[0]!.title).toBeNull();
    expect(await fingerprint(database.db, TABLES)).toBe(snapshot);
  });
});
