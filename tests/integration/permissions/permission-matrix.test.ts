/**
 * The permission matrix: every server action and route handler of the
 * product, discovered from the code, called by every kind of caller.
 * A new action or route without an entry in action-matrix.ts fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db';
import { handlers } from '@/lib/auth/config';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { buildWorld } from '../../fixtures/world';
import { ACTION_MATRIX, ROUTE_MATRIX } from './action-matrix';
import {
  CALLERS,
  callerContext,
  discoverActions,
  discoverRoutes,
  fingerprint as fingerprintOf,
  outcomeOf,
  type Callable,
} from './harness';

let database: TestDatabase;

/** A digest of every row a denied call could have touched (the audit log may record the attempt). */
const fingerprint = () => fingerprintOf(database.db);

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
      let run = 0;
      // Denied callers first: each must leave every table exactly as it was.
      const ordered = [...CALLERS].sort(
        (a, b) => Number(entry.outcomes[a] === 'ok') - Number(entry.outcomes[b] === 'ok'),
      );
      for (const caller of ordered) {
        run += 1;
        actAs(callerContext(world, caller));
        const before = await fingerprint();
        const { outcome, detail } = await outcomeOf(action!, entry.input(world, run));
        expect(outcome, `${caller}: ${JSON.stringify(detail)}`).toBe(entry.outcomes[caller]);
        if (outcome === 'denied') expect(await fingerprint(), `${caller} changed data`).toBe(before);
      }
      const legitimate = await entry.allowed(world, database.db);
      if (legitimate) {
        actAs(legitimate);
        const { outcome, detail } = await outcomeOf(action!, entry.input(world, run + 1));
        expect(outcome, `the legitimate caller: ${JSON.stringify(detail)}`).toBe('ok');
      }
    });
  }

  for (const [key, entry] of Object.entries(ROUTE_MATRIX)) {
    it(`${key}`, async () => {
      const handler = routes.get(key);
      expect(handler, `${key} is in the matrix but not in the code`).toBeDefined();
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
