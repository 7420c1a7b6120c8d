/**
 * Every /api/v1 route under random and hostile input, with a valid token (issue 21: "malformed JSON, unknown
 * fields, oversized bodies and bad filters get a 4xx with a clear message, never a 500, and write nothing"):
 * query parameters set to hostile strings, unknown ones added, path ids replaced, body fields replaced by any
 * value. Every answer must be a documented status; a refusal is problem+json with a readable detail and
 * leaves every table as it was. The session routes have the same property in tests/integration/properties.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiRouteEndpoint } from '@/lib/api/define-api-route';
import { PROBLEM_CONTENT_TYPE, problemSchema } from '@/lib/api/problem';
import { createTestToken } from '../../fixtures/api-tokens';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { useTestDatabase } from '../../fixtures/test-context';
import { buildWorld, type World } from '../../fixtures/world';
import { ROUTE_MATRIX } from '../permissions/action-matrix';
import { FINGERPRINTED_TABLES, discoverRoutes, fingerprint, type Callable } from '../permissions/harness';
import { extraKey, hostileString, hostileValue } from '../properties/hostile-values';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 30);
const SEED =
  process.env.PROPERTY_SEED !== undefined ? Number(process.env.PROPERTY_SEED) : process.env.CI ? 20261207 : undefined;
const LEAK =
  /invalid byte sequence|syntax error|violates|duplicate key|relation "|column "|TypeError|ReferenceError|Cannot read|is not a function|undefined is not|postgres|drizzle|ZodError/i;
const TABLES = [...FINGERPRINTED_TABLES.filter((table) => table !== 'api_tokens'), 'audit_log'];

let database: TestDatabase;
let world: World;
let routes: Map<string, Callable>;

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  world = await buildWorld(database.db);
  routes = await discoverRoutes();
});
afterAll(async () => {
  await database?.close();
});

/** JSON has no BigInt: a hostile one travels as the number it is. */
const toJson = (value: unknown) =>
  JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? Number(item) : item));

const keysOf = (schema: unknown): string[] =>
  schema instanceof z.ZodObject ? Object.keys((schema as z.ZodObject).shape) : [];

/** Every place in a JSON value, as a path of keys and indexes. */
function places(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return [at, ...value.flatMap((item, index) => places(item, [...at, index]))];
  if (value && typeof value === 'object') {
    return [at, ...Object.entries(value).flatMap(([key, item]) => places(item, [...at, key]))];
  }
  return [at];
}
function replaced(value: unknown, at: (string | number)[], next: unknown): unknown {
  if (at.length === 0) return next;
  const [head, ...rest] = at;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) }) as Record<
    string | number,
    unknown
  >;
  copy[head!] = replaced(copy[head!], rest, next);
  return copy;
}

const mutationArbitrary = fc.record({
  kind: fc.constantFrom('query', 'query', 'extra', 'path', 'body', 'body'),
  pick: fc.nat(),
  text: hostileString,
  value: hostileValue,
  key: extraKey,
});

describe('every /api/v1 route under hostile input', () => {
  for (const [key, entry] of Object.entries(ROUTE_MATRIX)) {
    if (!entry.api || key.includes('openapi.json')) continue;
    const api = entry.api;
    it(
      key,
      async () => {
        const handler = routes.get(key)!;
        const endpoint = apiRouteEndpoint(handler)!;
        const scopes = endpoint.scopes === 'public' ? [] : endpoint.scopes.filter((scope) => scope !== 'ratings:self');
        // A token per route: the runs stay within one token's rate limit.
        const token = await createTestToken(database.db, {
          organizationId: world.orgA,
          scopes: scopes.length > 0 ? scopes : ['ratings:self'],
          membershipId: scopes.length > 0 ? null : world.memberA1.membership.id,
          createdByUserId: scopes.length > 0 ? world.adminA.user.id : world.memberA1.user.id,
          expiresInDays: 30,
        });
        const queryKeys = keysOf(endpoint.query);
        const statuses = [
          endpoint.response.status,
          400,
          ...endpoint.problems.map(
            (problem) =>
              ({
                'invalid-request': 400,
                forbidden: 403,
                'not-found': 404,
                conflict: 409,
                'payload-too-large': 413,
                'unsupported-media-type': 415,
              })[problem],
          ),
        ];
        await fc.assert(
          fc.asyncProperty(fc.array(mutationArbitrary, { minLength: 1, maxLength: 3 }), async (mutations) => {
            const url = new URL(`http://localhost:3000${api.url(world)}`);
            const params = { ...api.params?.(world) };
            let body = api.body?.(world);
            for (const change of mutations) {
              if (change.kind === 'query' && queryKeys.length) {
                url.searchParams.set(queryKeys[change.pick % queryKeys.length]!, change.text);
              }
              if (change.kind === 'extra') url.searchParams.append(change.key, change.text);
              if (change.kind === 'path' && Object.keys(params).length) {
                const name = Object.keys(params)[change.pick % Object.keys(params).length]!;
                params[name] = change.text;
              }
              if (change.kind === 'body' && body !== undefined) {
                const all = places(body);
                body = replaced(body, all[change.pick % all.length]!, change.value);
              }
            }
            const describeCase = () =>
              `${url.pathname}${url.search} ${JSON.stringify(params)} ${toJson(body)?.slice(0, 200)}`;
            const before = await fingerprint(database.db, TABLES);
            let response: Response;
            try {
              response = (await handler(
                new Request(url, {
                  method: endpoint.method,
                  headers: { authorization: `Bearer ${token.secret}`, 'content-type': 'application/json' },
                  body: endpoint.method === 'POST' ? (toJson(body) ?? 'null') : undefined,
                }),
                { params: Promise.resolve(params) },
              )) as Response;
            } catch (error) {
              throw new Error(
                `threw (a 500): ${error instanceof Error ? error.message : String(error)} — ${describeCase()}`,
              );
            }
            const text = await response.text();
            expect(statuses, `status ${response.status}: ${describeCase()} → ${text.slice(0, 300)}`).toContain(
              response.status,
            );
            if (response.status !== endpoint.response.status) {
              expect(response.headers.get('content-type'), describeCase()).toBe(PROBLEM_CONTENT_TYPE);
              const problem = problemSchema.parse(JSON.parse(text));
              expect(problem.detail && !LEAK.test(problem.detail), `${describeCase()} → ${problem.detail}`).toBe(true);
              expect(await fingerprint(database.db, TABLES), `refused but changed data: ${describeCase()}`).toBe(
                before,
              );
            }
          }),
          { numRuns: RUNS, seed: SEED },
        );
      },
      300_000,
    );
  }
});
