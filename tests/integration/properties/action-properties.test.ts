/**
 * Property-based tests over every server action and route handler input.
 *
 * Driven by the permission matrix (tests/integration/permissions): each action
 * discovered in the code is called with its legitimate input bent by random
 * mutations (hostile values, ids of another organization, unknown ids, missing
 * and extra fields, the whole input replaced), sent as an object or as a form,
 * by its legitimate caller and by the matrix's other callers. For every case:
 * - nothing throws (a 500 in production); a refusal carries a clear message;
 * - a caller the matrix denies is still denied, and an id of another
 *   organization in an id field is refused;
 * - a refused call leaves every tenant table exactly as it was, and no call
 *   touches the other organization's rows.
 *
 * PROPERTY_RUNS (cases per action, default below) and PROPERTY_SEED reproduce
 * a run; fast-check prints the seed and the shrunk counterexample on failure.
 */
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '@/db';
import { assessmentCycles, roleProfiles, teams } from '@/db/schema';
import type { SessionContext } from '@/lib/auth/session';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { insertSmallFramework } from '../../fixtures/small-framework';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { buildWorld, type World } from '../../fixtures/world';
import { ACTION_MATRIX, ROUTE_MATRIX, type Caller } from '../permissions/action-matrix';
import {
  CALLERS,
  callerContext,
  discoverActions,
  discoverRoutes,
  fingerprint,
  isRedirect,
  type Callable,
} from '../permissions/harness';
import {
  applyMutations,
  extraKey,
  hostileString,
  hostileValue,
  mutation,
  placeCount,
  preview,
  stringify,
  transport,
  type Mutation,
  type Transport,
} from './hostile-values';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 30);
const ROUTE_RUNS = Number(process.env.PROPERTY_ROUTE_RUNS ?? RUNS);
/** Room for shrinking a counterexample; a passing action takes a second or two. */
const CASE_TIMEOUT = 300_000;
/**
 * CI replays one fixed seed so that whether a change lands never depends on
 * which random cases a run happened to draw; local runs draw a new seed each
 * time and so keep exploring (a failure prints its seed for PROPERTY_SEED).
 */
const CI_SEED = 20261124;
const SEED =
  process.env.PROPERTY_SEED !== undefined ? Number(process.env.PROPERTY_SEED) : process.env.CI ? CI_SEED : undefined;
/** Tables whose writes are the point of a refusal (the attempt is audited; sign-in attempts are rate limiting). */
const NOT_TENANT_DATA = new Set(['audit_log', 'sign_in_attempts']);
/** A message a person can act on, not an internal error. */
const LEAK =
  /invalid byte sequence|syntax error|violates|duplicate key|relation "|column "|TypeError|ReferenceError|Cannot read|is not a function|undefined is not|\bat \S+\.[jt]sx?:\d+|postgres|drizzle|ZodError/i;

type Who = Caller | 'legitimate';

let database: TestDatabase;
let actions: Map<string, Callable>;
let routes: Map<string, Callable>;
let tenantTables: string[];
let tablesWithOrganization: Set<string>;
const tally = new Map<string, { cases: number; ok: number; refused: number }>();

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  actions = await discoverActions();
  routes = await discoverRoutes();
  const columns = rowsOf<{ table_name: string; column_name: string }>(
    await database.db.execute(sql`
      select c.table_name, c.column_name from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'`),
  );
  tenantTables = [...new Set(columns.map((column) => column.table_name))]
    .filter((table) => !NOT_TENANT_DATA.has(table))
    .sort();
  tablesWithOrganization = new Set(
    columns.filter((column) => column.column_name === 'organization_id').map((column) => column.table_name),
  );
});

afterAll(async () => {
  const rows = [...tally.entries()].map(([key, count]) => ({ key, ...count }));
  const total = rows.reduce((sum, row) => sum + row.cases, 0);
  console.log(
    [
      `property cases per action/route (PROPERTY_RUNS=${RUNS}, PROPERTY_ROUTE_RUNS=${ROUTE_RUNS}, seed=${SEED ?? 'random'}), ${total} in all:`,
      ...rows.map((row) => `  ${row.key}: ${row.cases} cases (${row.ok} ok, ${row.refused} refused)`),
    ].join('\n'),
  );
  await database?.close();
});

/** Ids in organization B (a team, a role profile, a framework and its cycle) for the A-side callers to aim at. */
async function foreignWorld(world: World) {
  const db = database.db;
  const [team] = await db
    .insert(teams)
    .values({ organizationId: world.orgB, name: 'Beta team' })
    .returning({ id: teams.id });
  const [profile] = await db
    .insert(roleProfiles)
    .values({ organizationId: world.orgB, name: 'Beta profile' })
    .returning({ id: roleProfiles.id });
  const framework = await insertSmallFramework(db, world.orgB, 'beta-small');
  const [cycle] = await db
    .insert(assessmentCycles)
    .values({
      organizationId: world.orgB,
      frameworkId: framework.frameworkId,
      name: 'Beta cycle',
      opensOn: '2026-10-01',
      closesOn: '2026-12-31',
    })
    .returning({ id: assessmentCycles.id });
  const idsOfB = [
    world.orgB,
    world.adminB.membership.id,
    world.adminB.user.id,
    team!.id,
    profile!.id,
    framework.frameworkId,
    cycle!.id,
    ...Object.values(framework.ids),
  ];
  const a = [world.adminA, world.managerA1, world.memberA1, world.subjectA1, world.managerA2];
  const idsOfA = [
    world.orgA,
    world.teamA1,
    world.teamA2,
    world.cycleA,
    world.invitation.id,
    world.framework.frameworkId,
    ...Object.values(world.framework.ids),
    ...a.flatMap((context) => [context.membership.id, context.user.id]),
  ];
  // Organization B's admin aims at A; everyone else (A's people, the signed-out, a user of a third organization) at B.
  return {
    foreignIds: (who: Who) => (who === 'otherOrgAdmin' ? idsOfA : idsOfB),
    protectedOrganization: (who: Who) => (who === 'otherOrgAdmin' ? world.orgA : world.orgB),
  };
}

const everything = () => fingerprint(database.db, tenantTables);
const organizationRows = (organizationId: string) =>
  fingerprint(database.db, tenantTables, { organizationId, tablesWithOrganization });

/**
 * The next transaction id: any write, even one rolled back, moves it. When a
 * call left it where it was, nothing was written and the digests (the costly
 * part of each case) need not be taken again. On a shared server other
 * databases move it too; the digests are then simply compared.
 */
async function nextTransactionId(): Promise<string> {
  const rows = rowsOf<{ xid: string }>(
    await database.db.execute(sql`select pg_snapshot_xmax(pg_current_snapshot())::text as xid`),
  );
  return rows[0]!.xid;
}

/** The digests of the database as it is now, kept across cases and retaken only after a write. */
function stateTracker(protectedOrganization: (who: Who) => string) {
  let known: { all: string; byOrganization: Map<string, string> } | null = null;
  return {
    async before(who: Who) {
      known ??= { all: await everything(), byOrganization: new Map() };
      const organizationId = protectedOrganization(who);
      if (!known.byOrganization.has(organizationId))
        known.byOrganization.set(organizationId, await organizationRows(organizationId));
      return { all: known.all, protected: known.byOrganization.get(organizationId)!, xid: await nextTransactionId() };
    },
    /** Null when nothing was written; otherwise the new digests (which become the known state). */
    async after(who: Who, xid: string) {
      if ((await nextTransactionId()) === xid) return null;
      const all = await everything();
      const organizationId = protectedOrganization(who);
      const protectedNow = await organizationRows(organizationId);
      known = { all, byOrganization: new Map([[organizationId, protectedNow]]) };
      return { all, protected: protectedNow };
    },
  };
}

function count(key: string, ok: boolean) {
  const entry = tally.get(key) ?? { cases: 0, ok: 0, refused: 0 };
  entry.cases += 1;
  if (ok) entry.ok += 1;
  else entry.refused += 1;
  tally.set(key, entry);
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof FormData);

/**
 * The matrix's legitimate input, as something to mutate (a form's fields as
 * an object), and how to turn the mutated value back into arguments the way
 * a browser or a crafted request would send them.
 */
function argumentsFor(valid: unknown): { value: unknown; send: (mutated: unknown, how: Transport) => unknown[] } {
  const asForm = (mutated: unknown) => {
    if (!isPlainObject(mutated)) return mutated;
    const data = new FormData();
    for (const [key, item] of Object.entries(mutated)) {
      if (item !== undefined) data.append(key, typeof item === 'string' ? item : stringify(item));
    }
    return data;
  };
  if (Array.isArray(valid) && valid[1] instanceof FormData) {
    return { value: Object.fromEntries(valid[1].entries()), send: (mutated) => [valid[0], asForm(mutated)] };
  }
  if (valid instanceof FormData)
    return { value: Object.fromEntries(valid.entries()), send: (mutated) => [asForm(mutated)] };
  return {
    value: valid,
    send: (mutated, how) =>
      how === 'formData' ? [asForm(mutated)] : how === 'actionState' ? [null, asForm(mutated)] : [mutated],
  };
}

/** Whether any of the ids appears anywhere in the value (fields, lists, nested objects). */
function mentions(value: unknown, ids: readonly string[]): boolean {
  if (typeof value === 'string') return ids.includes(value);
  if (Array.isArray(value)) return value.some((item) => mentions(item, ids));
  if (typeof value === 'object' && value !== null) return Object.values(value).some((item) => mentions(item, ids));
  return false;
}

function checkRefusal(detail: unknown, describeCase: () => string) {
  const result = detail as { error?: unknown; fieldErrors?: unknown };
  expect(typeof result.error, `a refusal without a message: ${describeCase()}`).toBe('string');
  const message = String(result.error);
  expect(message.trim().length, `an empty refusal message: ${describeCase()}`).toBeGreaterThan(0);
  expect(message.length, `a refusal message too long to read: ${describeCase()}`).toBeLessThan(2_000);
  expect(message, `an internal error shown to the user: ${describeCase()}`).not.toMatch(LEAK);
  if (result.fieldErrors !== undefined) {
    for (const messages of Object.values(result.fieldErrors as Record<string, unknown>)) {
      expect(
        Array.isArray(messages) && messages.every((text) => typeof text === 'string' && !LEAK.test(text)),
        describeCase(),
      ).toBe(true);
    }
  }
}

const callers = (who: Who[]) => fc.constantFrom(...who);

describe('every server action, under random and hostile input', () => {
  it('covers every action and route the code has (driven by the matrix, which the permission test keeps complete)', () => {
    expect([...actions.keys()].sort()).toEqual(Object.keys(ACTION_MATRIX).sort());
    expect([...routes.keys()].sort()).toEqual(Object.keys(ROUTE_MATRIX).sort());
    expect(tenantTables.length).toBeGreaterThan(10);
  });

  for (const [key, entry] of Object.entries(ACTION_MATRIX)) {
    it(
      key,
      async () => {
        const action = actions.get(key);
        expect(action, `${key} is in the matrix but not in the code`).toBeDefined();
        const world = await buildWorld(database.db);
        await entry.prepare?.(world, database.db);
        const foreign = await foreignWorld(world);
        const legitimate: SessionContext | null = (await entry.allowed(world, database.db)) ?? null;
        const contextOf = (who: Who) => (who === 'legitimate' ? legitimate : callerContext(world, who));
        const mayBeOk = (who: Who) => who === 'legitimate' || entry.outcomes[who] === 'ok';
        const state = stateTracker(foreign.protectedOrganization);
        let run = 0;
        // Besides the random cases: a NUL byte in each field in turn, the classic way text reaches PostgreSQL and fails there.
        const places = placeCount(argumentsFor(entry.input(world, 0)).value);
        const examples: [Who, Mutation[], Transport][] = Array.from({ length: places }, (_, at) => [
          'legitimate',
          [{ kind: 'replace', at, value: 'a\u0000b' }],
          'object',
        ]);

        await fc.assert(
          fc.asyncProperty(
            // The legitimate caller half the time, so validation (not only authorization) is what is exercised.
            fc.oneof(fc.constant<Who>('legitimate'), callers(CALLERS)),
            fc.array(mutation, { minLength: 1, maxLength: 3 }),
            transport,
            async (who, mutations, how) => {
              run += 1;
              const { value, send } = argumentsFor(entry.input(world, 1_000 + run));
              const applied = applyMutations(value, mutations, foreign.foreignIds(who));
              const args = send(applied.input, how);
              const describeCase = () =>
                `${key} as ${who} via ${how} [${applied.labels.join('; ')}] args=${preview(args.length === 1 ? args[0] : args)}`;

              actAs(contextOf(who));
              const before = await state.before(who);

              let result: unknown;
              try {
                result = await action!(...args);
              } catch (error) {
                if (!isRedirect(error)) {
                  throw new Error(
                    `threw (a 500): ${error instanceof Error ? error.message : String(error)} — ${describeCase()}`,
                  );
                }
                result = { ok: true };
              }
              const ok = result === undefined || result === null || (result as { ok?: unknown }).ok === true;
              if (!ok) {
                expect((result as { ok?: unknown }).ok, `not an ActionResult: ${describeCase()}`).toBe(false);
                checkRefusal(result, describeCase);
              }
              count(key, ok);

              // Organization B's admin is denied for naming A's rows; with every such id gone from the input's own
              // fields the call is theirs to make, in B. An A id in an extra key the action does not read does not
              // make it A's call: if the action did read it, A's rows would change, which is checked below.
              const ownOrganizationOnly =
                who === 'otherOrgAdmin' && mentions(value, foreign.foreignIds(who)) && !applied.foreignIdPlaced;
              if (ok) {
                expect(
                  mayBeOk(who) || ownOrganizationOnly,
                  `a caller the matrix denies succeeded: ${describeCase()}`,
                ).toBe(true);
                expect(applied.foreignIdPlaced, `another organization's id was accepted: ${describeCase()}`).toBe(
                  false,
                );
              }
              const after = await state.after(who, before.xid);
              if (after) {
                if (!ok)
                  expect(after.all, `a refused call changed data: ${describeCase()} → ${preview(result)}`).toBe(
                    before.all,
                  );
                expect(after.protected, `the other organization's rows changed: ${describeCase()}`).toBe(
                  before.protected,
                );
              }
            },
          ),
          // fast-check counts the examples in numRuns: the random cases come on top.
          { numRuns: RUNS + examples.length, seed: SEED, endOnFailure: false, examples },
        );
      },
      CASE_TIMEOUT,
    );
  }
});

/** encodeURIComponent refuses lone surrogates; a client would send them as the bytes it has, replaced. */
const encodeSegment = (value: string) => encodeURIComponent(value.toWellFormed());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** 503 is the health probe's deliberate "database unavailable" (it gives up after 2 s, which a saturated test machine can reach). */
const ROUTE_STATUSES = [200, 400, 401, 403, 404, 503];

type QueryMutation =
  | { kind: 'set'; at: number; value: string }
  | { kind: 'add'; key: string; value: string }
  | { kind: 'delete'; at: number }
  | { kind: 'foreignId'; at: number; pick: number }
  | { kind: 'segment'; at: number; value: string; raw: boolean };

const queryMutation: fc.Arbitrary<QueryMutation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('set' as const),
      at: fc.nat(),
      value: fc.oneof(hostileString, hostileValue.map(stringify)),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('add' as const), key: extraKey, value: hostileString }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('foreignId' as const), at: fc.nat(), pick: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('segment' as const),
      at: fc.nat(),
      value: hostileString,
      raw: fc.boolean(),
    }),
  },
);

/** Malformed percent-encoding and NUL in the path and in every parameter, besides the random cases. */
const routeExamples: [Who, QueryMutation[]][] = [
  ...['%', '%zz', '%00', 'a\u0000b', '..'].map((value): [Who, QueryMutation[]] => [
    'legitimate',
    [{ kind: 'segment', at: 0, value, raw: true }],
  ]),
  ...[0, 1, 2, 3].map((at): [Who, QueryMutation[]] => ['legitimate', [{ kind: 'set', at, value: 'a\u0000b' }]]),
];

describe('every route handler, under random and hostile query strings and path segments', () => {
  for (const [key, entry] of Object.entries(ROUTE_MATRIX)) {
    // /api/v1 routes take a bearer token, not a session: tests/integration/api/v1-properties.test.ts.
    // /scim/v2 too, answering in SCIM error bodies: tests/integration/scim/scim-isolation.test.ts.
    if (entry.delegatesToNextAuth || entry.api || key.startsWith('app/scim/')) continue;
    it(
      key,
      async () => {
        const handler = routes.get(key);
        expect(handler, `${key} is in the matrix but not in the code`).toBeDefined();
        const world = await buildWorld(database.db);
        const foreign = await foreignWorld(world);
        // Which path segments are dynamic, from the file's [param] folders: app/api/x/[key]/y/route.ts.
        const fileSegments = key.split('#')[0]!.split('/').slice(1, -1);
        const state = stateTracker(foreign.protectedOrganization);
        const dynamic = fileSegments.flatMap((segment, index) => (/^\[.+\]$/.test(segment) ? [index] : []));

        await fc.assert(
          fc.asyncProperty(
            callers(['legitimate', ...CALLERS]),
            fc.array(queryMutation, { minLength: 1, maxLength: 3 }),
            async (who, mutations) => {
              const url = new URL(entry.request!(world).url);
              const segments = url.pathname.split('/').slice(1);
              const foreignIds = foreign.foreignIds(who);
              const original = new URL(url);
              for (const change of mutations) {
                const keys = [...url.searchParams.keys()];
                const at = (index: number) => keys[index % Math.max(keys.length, 1)];
                if (change.kind === 'set' && at(change.at)) url.searchParams.set(at(change.at)!, change.value);
                if (change.kind === 'add') url.searchParams.append(change.key, change.value);
                if (change.kind === 'delete' && at(change.at)) url.searchParams.delete(at(change.at)!);
                if (change.kind === 'foreignId') {
                  const idKeys = keys.filter((name) => UUID.test(url.searchParams.get(name) ?? ''));
                  const name = idKeys[change.at % Math.max(idKeys.length, 1)];
                  if (name) url.searchParams.set(name, foreignIds[change.pick % foreignIds.length]!);
                }
                if (change.kind === 'segment' && dynamic.length) {
                  const index = dynamic[change.at % dynamic.length]!;
                  segments[index] = change.raw
                    ? change.value.replace(/[/?#]/g, encodeURIComponent)
                    : encodeSegment(change.value);
                }
              }
              url.pathname = `/${segments.join('/')}`;
              // Judged on the final URL: an id field of the legitimate request now names another organization's row.
              const foreignIdPlaced = [...url.searchParams.entries()].some(
                ([name, value]) => UUID.test(original.searchParams.get(name) ?? '') && foreignIds.includes(value),
              );
              // The legitimate caller of a report is team A1's manager; an export's is the admin.
              const legitimate = key.includes('/reports/') ? world.managerA1 : world.adminA;
              actAs(who === 'legitimate' ? legitimate : callerContext(world, who));
              const describeCase = () => `${key} as ${who}: ${url.pathname}${url.search}`;
              const before = await state.before(who);

              let response: Response;
              let body: string;
              try {
                response = (await handler!(new Request(url))) as Response;
                // A stream that fails half-way is a broken download the status line did not admit.
                body = await response.text();
              } catch (error) {
                throw new Error(
                  `threw (a 500): ${error instanceof Error ? error.message : String(error)} — ${describeCase()}`,
                );
              }
              count(key, response.status === 200);
              // A route may send a browser on (the unsubscribe link's GET shows the page that asks first): only
              // to a path on this site, never to a URL the query chose.
              if (response.status === 303) {
                const location = new URL(response.headers.get('location') ?? '', url);
                expect(location.origin, `redirected off the site: ${describeCase()}`).toBe(url.origin);
                expect(location.pathname, `redirected to the path it was asked for: ${describeCase()}`).not.toBe(
                  url.pathname,
                );
              } else {
                expect(
                  ROUTE_STATUSES,
                  `status ${response.status}: ${describeCase()} → ${body.slice(0, 300)}`,
                ).toContain(response.status);
                if (response.status === 503) JSON.parse(body);
                else if (response.status !== 200) {
                  const parsed = JSON.parse(body) as { error?: unknown };
                  expect(typeof parsed.error, describeCase()).toBe('string');
                  expect(String(parsed.error), describeCase()).not.toMatch(LEAK);
                }
              }
              if (foreignIdPlaced)
                expect(response.status, `another organization's id was served: ${describeCase()}`).not.toBe(200);
              // Reading is all a GET may do (the audit log, which records exports, is not tenant data here).
              const after = await state.after(who, before.xid);
              if (after) {
                expect(after.all, `a GET changed data: ${describeCase()}`).toBe(before.all);
                expect(after.protected, describeCase()).toBe(before.protected);
              }
            },
          ),
          { numRuns: ROUTE_RUNS + routeExamples.length, seed: SEED, endOnFailure: false, examples: routeExamples },
        );
      },
      CASE_TIMEOUT,
    );
  }
});
