/**
 * Which tables an organization export holds, how each is scoped to the
 * organization, which columns are left out, and in which order an import
 * inserts them — derived from `db/schema.ts`, so that a table added there is
 * exported without anyone remembering to list it. A tenant table that must
 * not travel has to be named in `EXCLUDED_TABLES` with its reason
 * (tests/integration/portability/organization-archive.test.ts fails on a
 * tenant table that is in neither). docs/decisions/0010-organization-export.md
 * says why each is left out.
 */
import { getTableConfig, PgTable, type PgColumn } from 'drizzle-orm/pg-core';
import { is } from 'drizzle-orm';
import * as schema from '@/db/schema';

/** Tenant tables that are not exported, with the reason (also shown in the archive's manifest). */
export const EXCLUDED_TABLES: Record<string, string> = {
  api_tokens: 'credentials: a token is only a hash of a secret nobody can recover; create new tokens',
  api_token_usage: 'rate-limit counters of the current minute',
  webhook_endpoints: 'holds signing secrets; register the endpoints again (receivers get a new secret)',
  webhook_deliveries: 'delivery log of endpoints that are not exported (kept 30 days)',
  webhook_delivery_attempts: 'delivery log of endpoints that are not exported (kept 30 days)',
  mail_outbox: 'development mail, which holds single-use links',
  team_chat_webhooks: 'a chat webhook URL is a secret that posts to the channel; set it again on the team',
  gap_report_snapshots: 'derived figures (the gap report as of a time); the new instance computes its own',
  gap_report_snapshot_skills: 'derived figures (the gap report as of a time); the new instance computes its own',
  gap_report_snapshot_people: 'derived figures (the gap report as of a time); the new instance computes its own',
  team_completion_snapshots: 'derived figures (the /teams list as of a time); the new instance computes its own',
  trend_cycle_figures: 'derived from the ratings: the trends page asks for them again after an import',
  trend_skill_figures: 'derived from the ratings: the trends page asks for them again after an import',
};

/**
 * Columns whose value is not exported: the export holds this SQL expression
 * instead (of the column's type). An imported password account signs in
 * again through "Forgot password?" or single sign-on; a pending invitation's
 * link from the old instance does not work on the new one (resend it).
 */
export const REDACTED_COLUMNS: Record<string, Record<string, string>> = {
  users: { password_hash: 'null' },
  // Unique and not null, and never the SHA-256 hex of any link: the row stays, its link does not.
  invitations: { token_hash: `'not-exported:' || "id"` },
};

/**
 * Columns exported but given a new value on import: the audit log's id is a
 * sequence shared by every organization of a database, so the new database
 * numbers the entries itself (in the archive's order; nothing refers to them).
 */
export const RENUMBERED_COLUMNS: Record<string, string[]> = {
  audit_log: ['id'],
};

export interface ExportTable {
  name: string;
  table: PgTable;
  columns: PgColumn[];
  primaryKey: PgColumn[];
  /** Columns that point at another row of the same table (inserted in a second pass). */
  selfReferences: PgColumn[];
  /** Columns holding a user id (single-column foreign keys to `users`): who must come with the organization. */
  userReferences: PgColumn[];
  /** Identity columns, whose sequences an import moves past the imported ids. */
  identity: PgColumn[];
  scope: 'organization' | 'users' | 'tenant';
}

const allTables = (): PgTable[] =>
  (Object.values(schema) as unknown[]).filter((value): value is PgTable => is(value, PgTable));

function describeTable(table: PgTable): ExportTable {
  const config = getTableConfig(table);
  // A composite key's columns (`primaryKey({ columns })` in the table's extra config) are placeholder
  // copies whose getSQLType() recurses forever: use the table's own columns of the same names.
  const compositeKey = config.primaryKeys[0]?.columns.map((placeholder) => {
    const real = config.columns.find((column) => column.name === placeholder.name);
    if (!real) throw new Error(`${config.name}: primary key column ${placeholder.name} not found`);
    return real;
  });
  const primaryKey = compositeKey ?? config.columns.filter((column) => column.primary);
  const selfReferences: PgColumn[] = [];
  const userReferences: PgColumn[] = [];
  for (const foreignKey of config.foreignKeys) {
    const reference = foreignKey.reference();
    const target = getTableConfig(reference.foreignTable).name;
    if (target === config.name) {
      selfReferences.push(...reference.columns.filter((column) => column.name !== 'organization_id'));
    } else if (target === 'users' && reference.columns.length === 1) {
      userReferences.push(reference.columns[0]!);
    }
  }
  return {
    name: config.name,
    table,
    columns: config.columns,
    primaryKey,
    selfReferences,
    userReferences,
    identity: config.columns.filter((column) => column.generatedIdentity !== undefined),
    scope: config.name === 'organizations' ? 'organization' : config.name === 'users' ? 'users' : 'tenant',
  };
}

/** Every table keyed on `organization_id` (tenant tables), exported or not. */
export function tenantTableNames(): string[] {
  return allTables()
    .map((table) => getTableConfig(table))
    .filter((config) => config.columns.some((column) => column.name === 'organization_id'))
    .map((config) => config.name);
}

/**
 * The exported tables in insertion order: a table after every table it
 * refers to (self references aside), so an import never inserts a row before
 * the row it points at.
 */
export function exportTables(): ExportTable[] {
  const tenant = new Set(tenantTableNames());
  const chosen = allTables()
    .map(describeTable)
    .filter((table) => table.scope !== 'tenant' || (tenant.has(table.name) && !(table.name in EXCLUDED_TABLES)));
  const byName = new Map(chosen.map((table) => [table.name, table]));
  const dependencies = new Map(
    chosen.map((table) => [
      table.name,
      getTableConfig(table.table)
        .foreignKeys.map((foreignKey) => getTableConfig(foreignKey.reference().foreignTable).name)
        .filter((name) => name !== table.name && byName.has(name)),
    ]),
  );
  const ordered: ExportTable[] = [];
  const placed = new Set<string>();
  while (ordered.length < chosen.length) {
    const next = chosen.find(
      (table) => !placed.has(table.name) && dependencies.get(table.name)!.every((name) => placed.has(name)),
    );
    if (!next) throw new Error('The schema’s foreign keys form a cycle: no insertion order exists.');
    ordered.push(next);
    placed.add(next.name);
  }
  for (const table of ordered) {
    if (table.primaryKey.length === 0)
      throw new Error(`${table.name} has no primary key: it cannot be exported in pages.`);
  }
  return ordered;
}
