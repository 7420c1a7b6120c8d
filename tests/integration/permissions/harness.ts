/**
 * What the permission matrix and the property-based suite share: finding every
 * server action and route handler in the code, calling one and classifying its
 * outcome, the four kinds of caller, and a digest of tables that proves a
 * refused call changed nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db';
import type { SessionContext } from '@/lib/auth/session';
import type { World } from '../../fixtures/world';
import type { Caller, Outcome } from './action-matrix';

export const ROOT = path.resolve(__dirname, '../../..');
export const CALLERS: Caller[] = ['signedOut', 'sameTeamMember', 'otherTeamManager', 'otherOrgAdmin'];
const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

export type Callable = (...args: unknown[]) => Promise<unknown>;

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(relative);
    return /\.tsx?$/.test(entry.name) ? [relative] : [];
  });
}

const isServerActionModule = (file: string) =>
  /^\s*(?:\/\/[^\n]*\n|\/\*[\s\S]*?\*\/\s*)*\s*['"]use server['"]/.test(readFileSync(path.join(ROOT, file), 'utf8'));

/** Every export of every `'use server'` module, keyed `path#exportName`. */
export async function discoverActions(): Promise<Map<string, Callable>> {
  const found = new Map<string, Callable>();
  const files = [...sourceFiles('lib'), ...sourceFiles('app'), ...sourceFiles('components')].filter(
    isServerActionModule,
  );
  for (const file of files) {
    const exported = (await import(path.join(ROOT, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exported)) {
      if (typeof value === 'function') found.set(`${file}#${name}`, value as Callable);
    }
  }
  return found;
}

/** Every HTTP method export of every `route.ts`, keyed `path#METHOD`. */
export async function discoverRoutes(): Promise<Map<string, Callable>> {
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

export const isRedirect = (error: unknown) =>
  typeof error === 'object' &&
  error !== null &&
  'digest' in error &&
  String((error as { digest: unknown }).digest).startsWith('NEXT_REDIRECT');

/** Calls the action (an array input is the argument list); a redirect is success, any other exception propagates. */
export async function outcomeOf(action: Callable, input: unknown): Promise<{ outcome: Outcome; detail: unknown }> {
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

export function callerContext(world: World, caller: Caller): SessionContext | null {
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

export const FINGERPRINTED_TABLES = [
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
  'api_tokens',
  'webhook_endpoints',
  'webhook_deliveries',
];

/**
 * A digest that changes whenever any row of the tables is inserted, updated or
 * deleted, in one round trip. With `organizationId` only that organization's
 * rows count (tables without an organization_id column are then skipped,
 * `organizations` is narrowed to the one row).
 *
 * Per table it is the row count and the newest row version's transaction id
 * (`xmin`): PostgreSQL writes every insert and every update as a new row
 * version stamped with the writing transaction, whose id is above every id
 * before it, so an insert or update raises the maximum and a delete lowers the
 * count. It is stricter than comparing contents (an update that rewrites a row
 * with the same values counts as a change) and, unlike hashing every row
 * sorted as text, costs one scan without a sort: the permission matrix takes
 * ~1,200 digests of a database that grows with each test's world, and the
 * content hash was more than half of its time.
 */
export async function fingerprint(
  db: Db,
  tables: readonly string[] = FINGERPRINTED_TABLES,
  scope?: { organizationId: string; tablesWithOrganization: ReadonlySet<string> },
): Promise<string> {
  const parts = tables.flatMap((table) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`not a table name: ${table}`);
    let where = sql``;
    if (scope) {
      if (table === 'organizations') where = sql` where t.id = ${scope.organizationId}`;
      else if (scope.tablesWithOrganization.has(table)) where = sql` where t.organization_id = ${scope.organizationId}`;
      else return [];
    }
    return [
      sql`select ${table}::text as name, (select count(*)::text || '@' || coalesce(max(t.xmin::text::bigint), 0)::text from ${sql.raw(table)} t${where}) as digest`,
    ];
  });
  const rows = rowsOf<{ name: string; digest: string | null }>(await db.execute(sql.join(parts, sql` union all `)));
  return rows
    .map((row) => `${row.name}:${row.digest}`)
    .sort()
    .join(',');
}
