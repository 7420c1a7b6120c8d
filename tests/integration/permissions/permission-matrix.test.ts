/**
 * The permission matrix: every server action and route handler of the
 * product, discovered from the code, called by every kind of caller.
 * A new action or route without an entry in action-matrix.ts fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, gt, sql } from 'drizzle-orm';
import { rowsOf } from '@/db';
import { apiTokens, auditLog, type MembershipRole } from '@/db/schema';
import { actionDeclaration, type ActionDeclaration } from '@/lib/actions/define-action';
import { handlers } from '@/lib/auth/config';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { buildWorld, type World } from '../../fixtures/world';
import {
  ACTION_MATRIX,
  ROUTE_MATRIX,
  TOKEN_CALLERS,
  type ApiRouteEntry,
  type Caller,
  type TokenCaller,
} from './action-matrix';
import {
  CALLERS,
  FINGERPRINTED_TABLES,
  callerContext,
  discoverActions,
  discoverRoutes,
  fingerprint as fingerprintOf,
  outcomeOf,
  type Callable,
} from './harness';
import { apiRouteEndpoint } from '@/lib/api/define-api-route';
import { ORGANIZATION_SCOPES, type ApiScope } from '@/lib/api/scopes';
import { createTestToken, expireTestToken, type TestToken } from '../../fixtures/api-tokens';

let database: TestDatabase;

/** A digest of every row a denied call could have touched (the audit log may record the attempt). */
const fingerprint = () => fingerprintOf(database.db);

/** The newest audit entry's id: entries after it were written by the call in between. */
async function lastAuditId(): Promise<number> {
  const [row] = await database.db
    .select({ id: sql<number>`coalesce(max(${auditLog.id}), 0)`.mapWith(Number) })
    .from(auditLog);
  return row?.id ?? 0;
}
const auditEventsSince = async (id: number) =>
  (await database.db.select({ action: auditLog.action }).from(auditLog).where(gt(auditLog.id, id))).map(
    (row) => row.action,
  );

let actions: Map<string, Callable>;
let routes: Map<string, Callable>;

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  actions = await discoverActions();
  routes = await discoverRoutes();
});
afterAll(async () => {
  await database?.close();
});

describe('permission matrix', () => {
  it('has an entry for every server action and route handler in the code, and none for code that is gone', () => {
    expect([...actions.keys()].sort()).toEqual(Object.keys(ACTION_MATRIX).sort());
    expect([...routes.keys()].sort()).toEqual(Object.keys(ROUTE_MATRIX).sort());
    // Guard against discovery silently finding nothing.
    expect(actions.size).toBeGreaterThan(20);
  });

  for (const [key, entry] of Object.entries(ACTION_MATRIX)) {
    it(`${key}: ${CALLERS.map((caller) => `${caller}=${entry.outcomes[caller]}`).join(' ')}`, async () => {
      const action = actions.get(key);
      expect(action, `${key} is in the matrix but not in the code`).toBeDefined();
      const world = await buildWorld(database.db);
      await entry.prepare?.(world, database.db);
      let run = 0;
      // Denied callers first: each must leave every table exactly as it was.
      const ordered = [...CALLERS].sort(
        (a, b) => Number(entry.outcomes[a] === 'ok') - Number(entry.outcomes[b] === 'ok'),
      );
      const audit = actionDeclaration(action)?.audit;
      for (const caller of ordered) {
        run += 1;
        actAs(callerContext(world, caller));
        const before = await fingerprint();
        const auditBefore = await lastAuditId();
        const { outcome, detail } = await outcomeOf(action!, entry.input(world, run));
        expect(outcome, `${caller}: ${JSON.stringify(detail)}`).toBe(entry.outcomes[caller]);
        if (outcome === 'denied') expect(await fingerprint(), `${caller} changed data`).toBe(before);
        // An audited action records its declared events, and nothing for a refused call.
        if (audit) {
          const written = await auditEventsSince(auditBefore);
          if (outcome === 'denied') expect(written, `${caller} was refused but audited`).toEqual([]);
          else for (const event of written) expect(audit.events).toContain(event);
        }
      }
      const legitimate = await entry.allowed(world, database.db);
      if (legitimate) {
        actAs(legitimate);
        const auditBefore = await lastAuditId();
        const { outcome, detail } = await outcomeOf(action!, entry.input(world, run + 1));
        expect(outcome, `the legitimate caller: ${JSON.stringify(detail)}`).toBe('ok');
        if (audit) {
          const written = await auditEventsSince(auditBefore);
          if (!entry.legitimateChangesNothing)
            expect(
              written.length,
              `the legitimate caller's change was not audited: ${JSON.stringify(detail)}`,
            ).toBeGreaterThan(0);
          else expect(written, `legitimateChangesNothing, but it changed: ${JSON.stringify(detail)}`).toEqual([]);
          for (const event of written) expect(audit.events).toContain(event);
        }
      }
    });
  }

  for (const [key, entry] of Object.entries(ROUTE_MATRIX)) {
    it(`${key}`, async () => {
      const handler = routes.get(key);
      expect(handler, `${key} is in the matrix but not in the code`).toBeDefined();
      if (entry.api) {
        await checkApiRoute(handler!, entry.api);
        return;
      }
      if (entry.delegatesToNextAuth) {
        const method = key.split('#')[1] as 'GET' | 'POST';
        expect(handler).toBe(handlers[method]);
        return;
      }
      const world = await buildWorld(database.db);
      for (const caller of CALLERS) {
        actAs(callerContext(world, caller));
        const response = (await handler!(entry.request!(world))) as Response;
        expect(response.status, caller).toBe(entry.status![caller]);
        // Whatever the status, the body never carries organization A's names to an outsider.
        if (caller === 'otherOrgAdmin' || caller === 'signedOut') {
          const body = await response.text();
          expect(body).not.toContain('Alpha');
        }
      }
    });
  }
});

/** One token per kind of API caller, for a route accepting `scopes` (lib/api/endpoint.ts). */
async function apiTokensFor(
  world: World,
  scopes: readonly ApiScope[] | 'public',
): Promise<Record<TokenCaller, TestToken | null>> {
  const db = database.db;
  const accepted = scopes === 'public' ? (['members:read'] as ApiScope[]) : [...scopes];
  const organizationScopes = accepted.filter((scope) => scope !== 'ratings:self');
  const personalRoute = organizationScopes.length === 0;
  const organizationToken = (organizationId: string, granted: readonly ApiScope[]) =>
    createTestToken(db, {
      organizationId,
      scopes: granted,
      createdByUserId: organizationId === world.orgA ? world.adminA.user.id : world.adminB.user.id,
    });
  const personalToken = (owner: World['memberA1']) =>
    createTestToken(db, {
      organizationId: owner.organization.id,
      scopes: ['ratings:self'],
      membershipId: owner.membership.id,
      createdByUserId: owner.user.id,
      expiresInDays: 30,
    });
  const legitimate = () =>
    personalRoute ? personalToken(world.memberA1) : organizationToken(world.orgA, organizationScopes);
  const revoked = await legitimate();
  await db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, revoked.id));
  const expired = await legitimate();
  await expireTestToken(db, expired);
  const others = ORGANIZATION_SCOPES.filter((scope) => !accepted.includes(scope));
  return {
    none: null,
    revoked,
    expired,
    wrongScope: await organizationToken(world.orgA, others),
    otherOrg: personalRoute
      ? await personalToken(world.adminB)
      : await organizationToken(world.orgB, organizationScopes),
    personal: await personalToken(world.memberA1),
    legitimate: await legitimate(),
  };
}

/**
 * An /api/v1 route: no session authenticates it (every session caller without a token gets the no-token status),
 * and each kind of token gets its status; a refused call writes nothing, and B's token never sees A's ids.
 */
async function checkApiRoute(handler: Callable, entry: ApiRouteEntry): Promise<void> {
  const endpoint = apiRouteEndpoint(handler);
  expect(endpoint, 'every /api/v1 route goes through defineApiRoute').toBeDefined();
  const world = await buildWorld(database.db);
  const requestFor = (token: TestToken | null) => {
    const body = entry.body?.(world);
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token.secret}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return new Request(`http://localhost:3000${entry.url(world)}`, {
      method: endpoint!.method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  };
  const context = () => ({ params: Promise.resolve(entry.params?.(world) ?? {}) });
  const tables = FINGERPRINTED_TABLES.filter((table) => table !== 'api_tokens');
  for (const caller of CALLERS) {
    actAs(callerContext(world, caller));
    const response = (await handler(requestFor(null), context())) as Response;
    expect(response.status, `session ${caller} without a token`).toBe(entry.status.none);
  }
  actAs(null);
  const tokens = await apiTokensFor(world, endpoint!.scopes);
  const ids = [world.subjectA1.membership.id, world.teamA1, world.cycleA, world.framework.frameworkId];
  for (const caller of TOKEN_CALLERS) {
    const before = await fingerprintOf(database.db, tables);
    const response = (await handler(requestFor(tokens[caller]), context())) as Response;
    const body = await response.text();
    expect(response.status, `${caller}: ${body.slice(0, 300)}`).toBe(entry.status[caller]);
    if (response.status >= 400) {
      expect(response.headers.get('content-type'), caller).toBe('application/problem+json');
      expect(await fingerprintOf(database.db, tables), `${caller} was refused but changed data`).toBe(before);
    }
    if (caller === 'otherOrg' || caller === 'none') for (const id of ids) expect(body, caller).not.toContain(id);
  }
}

/** What each kind of caller is in organization A's eyes: no session, or their role there. */
const CALLER_ROLE: Record<Caller, MembershipRole | null> = {
  signedOut: null,
  sameTeamMember: 'member',
  otherTeamManager: 'manager',
  otherOrgAdmin: 'admin',
};
const RANK: Record<MembershipRole, number> = { member: 0, manager: 1, admin: 2 };
const meetsRole = (role: MembershipRole | null, declared: ActionDeclaration['role']) =>
  declared === 'public' || (role !== null && RANK[role] >= RANK[declared]);

/** The next-auth sign-in and sign-out flow predates the wrapper: its inputs and refusals are next-auth's. */
const UNDECLARED = /^lib\/auth\/sign-(in|out)-action\.ts#/;

describe('the matrix agrees with what each action declares', () => {
  for (const [key, entry] of Object.entries(ACTION_MATRIX)) {
    it(key, async () => {
      const declaration = actionDeclaration(actions.get(key));
      if (!declaration) {
        expect(key, 'every server action goes through defineAction or defineAuditedAction').toMatch(UNDECLARED);
        return;
      }
      for (const caller of CALLERS) {
        // A caller below the declared role is refused, whatever the input names.
        if (!meetsRole(CALLER_ROLE[caller], declaration.role)) {
          expect(entry.outcomes[caller], `${caller} is below the declared role ${declaration.role}`).toBe('denied');
        }
      }
      const world = await buildWorld(database.db);
      const legitimate = await entry.allowed(world, database.db);
      expect(
        meetsRole(legitimate?.membership.role ?? null, declaration.role),
        'the legitimate caller has the role',
      ).toBe(true);
      if (declaration.finerCheck) {
        // A declared finer check must be exercised: someone with the role is still refused in organization A.
        const refusedWithRole = CALLERS.filter(
          (caller) =>
            caller !== 'otherOrgAdmin' &&
            meetsRole(CALLER_ROLE[caller], declaration.role) &&
            entry.outcomes[caller] === 'denied',
        );
        expect(refusedWithRole, `nobody is refused by “${declaration.finerCheck}”`).not.toEqual([]);
      }
    });
  }
});

describe('actions without ids act in the caller’s own organization', () => {
  it('a team created by organization B’s admin lands in organization B', async () => {
    const world = await buildWorld(database.db);
    actAs(world.adminB);
    const result = await outcomeOf(actions.get('lib/teams/actions.ts#createTeamAction')!, { name: 'Beta only' });
    expect(result.outcome).toBe('ok');
    const rows = rowsOf<{ organization_id: string }>(
      await database.db.execute(sql`select organization_id from teams where name = 'Beta only'`),
    );
    expect(rows.map((row) => row.organization_id)).toEqual([world.orgB]);
  });
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every way one field of a valid input can be wrong: wrong type, oversized, an id that exists nowhere. */
function corruptions(input: Record<string, unknown>): { label: string; input: Record<string, unknown> }[] {
  return Object.entries(input).flatMap(([field, value]) => {
    const variants: { label: string; input: Record<string, unknown> }[] = [
      { label: `${field} as an object`, input: { ...input, [field]: { nested: true } } },
      { label: `${field} oversized`, input: { ...input, [field]: 'x'.repeat(10_001) } },
    ];
    if (typeof value === 'string' && UUID.test(value)) {
      variants.push({ label: `${field} unknown id`, input: { ...input, [field]: crypto.randomUUID() } });
    }
    return variants;
  });
}

describe('bad input to every action is refused with a message and changes nothing', () => {
  for (const [key, entry] of Object.entries(ACTION_MATRIX)) {
    it(key, async () => {
      const world = await buildWorld(database.db);
      await entry.prepare?.(world, database.db);
      const valid = entry.input(world, 1);
      if (typeof valid !== 'object' || valid === null || Array.isArray(valid) || valid instanceof FormData) {
        // Only the next-auth sign-in/out flow takes FormData or nothing; its inputs have their own tests.
        expect(key).toMatch(/^lib\/auth\/sign-(in|out)-action\.ts#/);
        return;
      }
      const caller = (await entry.allowed(world, database.db)) ?? null;
      for (const corrupt of corruptions(valid as Record<string, unknown>)) {
        actAs(caller);
        const before = await fingerprint();
        const { outcome, detail } = await outcomeOf(actions.get(key)!, corrupt.input);
        expect(outcome, `${corrupt.label}: ${JSON.stringify(detail)}`).toBe('denied');
        expect(typeof (detail as { error?: unknown }).error, corrupt.label).toBe('string');
        expect(await fingerprint(), `${corrupt.label} changed data`).toBe(before);
      }
    });
  }
});
