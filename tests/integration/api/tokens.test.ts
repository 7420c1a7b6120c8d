/**
 * The token module (lib/api): authentication for a scope, revocation and expiry on the next
 * request, the per-token rate limit in the database, last-used at most once a minute, and the
 * admin and personal token actions (secret once, stored hashed, audited).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { apiTokens, apiTokenUsage, auditLog, memberships } from '@/db/schema';
import {
  createOrganizationTokenAction,
  createPersonalTokenAction,
  revokeOrganizationTokenAction,
  revokePersonalTokenAction,
} from '@/lib/api/actions';
import { apiAuthFailureResponse, authenticateApiRequest, LAST_USED_RESOLUTION_MS } from '@/lib/api/authenticate';
import { API_REQUESTS_PER_MINUTE, windowStartOf } from '@/lib/api/rate-limit';
import { hashTokenSecret } from '@/lib/api/token-secret';
import { bearer, createTestToken, expireTestToken } from '../../fixtures/api-tokens';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { buildWorld, type World } from '../../fixtures/world';

let database: TestDatabase;
let world: World;

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  world = await buildWorld(database.db);
});
afterAll(async () => {
  await database?.close();
});

const request = (headers: Record<string, string> = {}) =>
  new Request('http://localhost:3000/api/v1/members', { headers });

const orgToken = (scopes: Parameters<typeof createTestToken>[1]['scopes'] = ['members:read']) =>
  createTestToken(database.db, { organizationId: world.orgA, scopes, createdByUserId: world.adminA.user.id });

describe('authenticateApiRequest', () => {
  it('accepts a live token holding the scope and says whom it acts for', async () => {
    const token = await orgToken(['members:read', 'teams:read']);
    const result = await authenticateApiRequest(request(bearer(token)), 'teams:read');
    expect(result).toMatchObject({
      ok: true,
      organizationId: world.orgA,
      tokenId: token.id,
      userId: null,
      membershipId: null,
      scopes: ['members:read', 'teams:read'],
    });
  });

  it('refuses no header, a malformed one and an unknown secret with 401 and a Bearer challenge', async () => {
    const missing = await authenticateApiRequest(request(), 'members:read');
    expect(missing).toMatchObject({ ok: false, status: 401, reason: 'missing' });
    const malformed = await authenticateApiRequest(request({ authorization: 'Basic abc' }), 'members:read');
    expect(malformed).toMatchObject({ ok: false, status: 401, reason: 'malformed' });
    const unknown = await authenticateApiRequest(request(bearer(`sg_${'A'.repeat(43)}`)), 'members:read');
    expect(unknown).toMatchObject({ ok: false, status: 401, reason: 'unknown' });
    if (unknown.ok) throw new Error('unreachable');
    const response = apiAuthFailureResponse(unknown);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(await response.json()).toMatchObject({ status: 401, type: '/docs/api#problem-unauthorized' });
  });

  it('refuses a token without the scope with 403 insufficient_scope', async () => {
    const token = await orgToken(['members:read']);
    const result = await authenticateApiRequest(request(bearer(token)), 'ratings:read');
    expect(result).toMatchObject({ ok: false, status: 403, reason: 'insufficient-scope' });
    if (result.ok) throw new Error('unreachable');
    expect(apiAuthFailureResponse(result).headers.get('www-authenticate')).toContain('scope="ratings:read"');
  });

  it('refuses a token on the request after its revocation, and after its expiry', async () => {
    const token = await orgToken();
    expect((await authenticateApiRequest(request(bearer(token)), 'members:read')).ok).toBe(true);
    actAs(world.adminA);
    expect(await revokeOrganizationTokenAction({ tokenId: token.id })).toMatchObject({ ok: true });
    expect(await authenticateApiRequest(request(bearer(token)), 'members:read')).toMatchObject({
      status: 401,
      reason: 'revoked',
    });

    const expiring = await orgToken();
    expect((await authenticateApiRequest(request(bearer(expiring)), 'members:read')).ok).toBe(true);
    await expireTestToken(database.db, expiring);
    expect(await authenticateApiRequest(request(bearer(expiring)), 'members:read')).toMatchObject({
      status: 401,
      reason: 'expired',
    });
  });

  it('refuses a personal token once its member is deactivated', async () => {
    const token = await createTestToken(database.db, {
      organizationId: world.orgA,
      scopes: ['ratings:self'],
      membershipId: world.managerA2.membership.id,
      createdByUserId: world.managerA2.user.id,
      expiresInDays: 30,
    });
    expect(await authenticateApiRequest(request(bearer(token)), 'ratings:self')).toMatchObject({
      ok: true,
      userId: world.managerA2.user.id,
      membershipId: world.managerA2.membership.id,
    });
    await database.db
      .update(memberships)
      .set({ status: 'deactivated', deactivatedAt: new Date() })
      .where(and(eq(memberships.organizationId, world.orgA), eq(memberships.id, world.managerA2.membership.id)));
    try {
      expect(await authenticateApiRequest(request(bearer(token)), 'ratings:self')).toMatchObject({
        status: 401,
        reason: 'member-inactive',
      });
    } finally {
      await database.db
        .update(memberships)
        .set({ status: 'active', deactivatedAt: null })
        .where(and(eq(memberships.organizationId, world.orgA), eq(memberships.id, world.managerA2.membership.id)));
    }
  });

  it('limits each token per minute from the count in the database, apart from other tokens', async () => {
    const busy = await orgToken();
    const quiet = await orgToken();
    const now = new Date();
    // As if another instance had already served the whole minute's allowance.
    await database.db.insert(apiTokenUsage).values({
      organizationId: world.orgA,
      tokenId: busy.id,
      windowStart: windowStartOf(now),
      requests: API_REQUESTS_PER_MINUTE,
    });
    const limited = await authenticateApiRequest(request(bearer(busy)), 'members:read', { now });
    expect(limited).toMatchObject({ ok: false, status: 429, reason: 'rate-limited' });
    if (limited.ok) throw new Error('unreachable');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['ratelimit-remaining']).toBe('0');
    expect((await authenticateApiRequest(request(bearer(quiet)), 'members:read', { now })).ok).toBe(true);
    // The next window starts afresh.
    const later = new Date(windowStartOf(now).getTime() + 60_000);
    const next = await authenticateApiRequest(request(bearer(busy)), 'members:read', { now: later });
    expect(next).toMatchObject({ ok: true, rateLimit: { remaining: API_REQUESTS_PER_MINUTE - 1 } });
  });

  it('writes last_used_at at most once a minute', async () => {
    const token = await orgToken();
    const lastUsed = async () =>
      (await database.db.select({ at: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.id, token.id)))[0]!.at;
    const start = new Date(Date.now() - 10 * LAST_USED_RESOLUTION_MS);
    await authenticateApiRequest(request(bearer(token)), 'members:read', { now: start });
    expect((await lastUsed())?.getTime()).toBe(start.getTime());
    await authenticateApiRequest(request(bearer(token)), 'members:read', { now: new Date(start.getTime() + 30_000) });
    expect((await lastUsed())?.getTime()).toBe(start.getTime());
    const minuteLater = new Date(start.getTime() + LAST_USED_RESOLUTION_MS);
    await authenticateApiRequest(request(bearer(token)), 'members:read', { now: minuteLater });
    expect((await lastUsed())?.getTime()).toBe(minuteLater.getTime());
  });
});

describe('token actions', () => {
  it('an admin creates an organization token: the secret once, only its hash stored, the creation audited without it', async () => {
    actAs(world.adminA);
    const result = await createOrganizationTokenAction({
      name: 'BI export',
      scopes: ['reports:read', 'members:read'],
      expiresInDays: 90,
    });
    if (!result.ok || !result.data) throw new Error(JSON.stringify(result));
    const { id, secret } = result.data;
    expect(secret).toMatch(/^sg_[A-Za-z0-9_-]{43}$/);
    const [row] = await database.db.select().from(apiTokens).where(eq(apiTokens.id, id));
    expect(row).toMatchObject({ organizationId: world.orgA, membershipId: null, secretHash: hashTokenSecret(secret) });
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row!.expiresAt!.getTime() - Date.now()).toBeGreaterThan(89 * 24 * 3600_000);
    const audits = await database.db.select().from(auditLog).where(eq(auditLog.targetId, id));
    expect(audits.map((entry) => entry.action)).toEqual(['api_token.created']);
    expect(JSON.stringify(audits)).not.toContain(secret);
    expect((await authenticateApiRequest(request(bearer(secret)), 'reports:read')).ok).toBe(true);
  });

  it('reads scopes from the form’s checkboxes and refuses none, unknown ones and ratings:self', async () => {
    actAs(world.adminA);
    const form = new FormData();
    form.set('name', 'From the form');
    form.set('expiresInDays', 'never');
    form.set('scope:teams:read', 'on');
    form.set('scope:cycles:read', 'on');
    const created = await createOrganizationTokenAction(null, form);
    if (!created.ok || !created.data) throw new Error(JSON.stringify(created));
    expect(created.data).toMatchObject({ scopes: ['teams:read', 'cycles:read'], expiresAt: null });

    for (const scopes of [[], ['admin:all'], ['ratings:self']]) {
      const refused = await createOrganizationTokenAction({ name: 'x', scopes, expiresInDays: 30 });
      expect(refused, JSON.stringify(scopes)).toMatchObject({ ok: false });
    }
    expect(await createOrganizationTokenAction({ name: 'x', scopes: ['teams:read'], expiresInDays: 12 })).toMatchObject(
      { ok: false, fieldErrors: { expiresInDays: expect.any(Array) } },
    );
  });

  it('a member creates a personal token limited to their own ratings, and revokes only their own', async () => {
    actAs(world.memberA1);
    const created = await createPersonalTokenAction({ name: 'My CLI', expiresInDays: 30 });
    if (!created.ok || !created.data) throw new Error(JSON.stringify(created));
    expect(created.data.scopes).toEqual(['ratings:self']);
    const auth = await authenticateApiRequest(request(bearer(created.data.secret)), 'ratings:self');
    expect(auth).toMatchObject({
      ok: true,
      membershipId: world.memberA1.membership.id,
      userId: world.memberA1.user.id,
    });
    // A personal token never reaches organization data.
    expect(await authenticateApiRequest(request(bearer(created.data.secret)), 'members:read')).toMatchObject({
      status: 403,
    });

    actAs(world.subjectA1);
    expect(await revokePersonalTokenAction({ tokenId: created.data.id })).toMatchObject({ ok: false });
    actAs(world.memberA1);
    expect(await revokePersonalTokenAction({ tokenId: created.data.id })).toMatchObject({ ok: true });
    expect((await authenticateApiRequest(request(bearer(created.data.secret)), 'ratings:self')).ok).toBe(false);
  });

  it('another organization’s admin cannot revoke organization A’s token', async () => {
    const token = await orgToken();
    actAs(world.adminB);
    expect(await revokeOrganizationTokenAction({ tokenId: token.id })).toMatchObject({ ok: false });
    expect((await authenticateApiRequest(request(bearer(token)), 'members:read')).ok).toBe(true);
  });
});
