/**
 * The permission matrix: every server action and route handler of the
 * product, discovered from the code, called by every kind of caller.
 * A new action or route without an entry in action-matrix.ts fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db';
import { handlers } from '@/lib/auth/config';
import type { SessionContext } from '@/lib/auth/session';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { buildWorld, type World } from '../../fixtures/world';
import { ACTION_MATRIX, ROUTE_MATRIX, type Caller, type Outcome } from './action-matrix';

const ROOT = path.resolve(__dirname, '../../..');
const CALLERS: Caller[] = ['signedOut', 'sameTeamMember', 'otherTeamManager', 'otherOrgAdmin'];
const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(relative);
    return /\.tsx?$/.test(entry.name) ? [relative] : [];
  });
}

const isServerActionModule = (file: string) =>
  /^\s*(?:\/\/[^\n]*\n|\/\*[\s\S]*?\*\/\s*)*\s*['"]use server['"]/.test(readFileSync(path.join(ROOT, file), 'utf8'));

type Callable = (...args: unknown[]) => Promise<unknown>;

async function discoverActions(): Promise<Map<string, Callable>> {
  const found = new Map<string, Callable>();
  const files = [...sourceFiles('lib'), ...sourceFiles('app'), ...sourceFiles('components')].filter(isServerActionModule);
  for (const file of files) {
    const exported = (await import(path.join(ROOT, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exported)) {
      if (typeof value === 'function') found.set(`${file}#${name}`, value as Callable);
    }
  }
  return found;
}

async function discoverRoutes(): Promise<Map<string, Callable>> {
  const found = new Map<string, Callable>();
  for (const file of sourceFiles('app').filter((file) => /(^|\/)route\.tsx?$/.test(file))) {
    const exported = (await import(path.join(ROOT, file))) as Record<string, unknown>;
    for (const method of HTTP_METHODS) {
      const handler = exported[method];
      if (typeof handler === 'function') found.set(`${file}#${method}`, handler as Callable);
    }
  }
  return found;
}

const isRedirect = (error: unknown) =>
  typeof error === 'object' &&
  error !== null &&
  'digest' in error &&
  String((error as { digest: unknown }).digest).startsWith('NEXT_REDIRECT');

async function outcomeOf(action: Callable, input: unknown): Promise<{ outcome: Outcome; detail: unknown }> {
  try {
    const result = Array.isArray(input) ? await action(...input) : await action(input);
    if (result === undefined || result === null) return { outcome: 'ok', detail: result };
    const ok = (result as { ok?: unknown }).ok === true;
    return { outcome: ok ? 'ok' : 'denied', detail: result };
  } catch (error) {
    if (isRedirect(error)) return { outcome: 'ok', detail: 'redirect' };
    throw error;
  }
}

const FINGERPRINTED_TABLES = [
  'organizations',
  'users',
  'memberships',
  'teams',
  'team_members',
  'team_managers',
  'invitations',
  'assessment_cycles',
  'ratings',
  'rating_history',
  'role_profiles',
  'frameworks',
  'skill_nodes',
];

let database: TestDatabase;

/** A digest of every row a denied call could have touched (the audit log may record the attempt). */
async function fingerprint(): Promise<string> {
  const parts = await Promise.all(
    FINGERPRINTED_TABLES.map(async (table) => {
      const rows = rowsOf<{ digest: string | null }>(
        await database.db.execute(
          sql.raw(`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${table} t`),
        ),
      );
      return `${table}:${rows[0]?.digest}`;
    }),
  );
  return parts.join(',');
}

function callerContext(world: World, caller: Caller): SessionContext | null {
  switch (caller) {
    case 'signedOut':
      return null;
    case 'sameTeamMember':
      return world.memberA1;
    case 'otherTeamManager':
      return world.managerA2;
    case 'otherOrgAdmin':
      return world.adminB;
  }
}

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
      const ordered = [...CALLERS].sort((a, b) => Number(entry.outcomes[a] === 'ok') - Number(entry.outcomes[b] === 'ok'));
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
