/**
 * The whole organization as one archive (issue 21, data portability): a zip
 * holding `tables/<table>.json` for every exported table (organization-tables.ts)
 * and `manifest.json`. Each table file is a JSON array written one row per
 * line, so both sides stream it: the export reads a table in pages of
 * PAGE_ROWS rows by its primary key and the import inserts pages of as many
 * lines — memory stays flat whatever the organization's size.
 *
 * Rows are PostgreSQL's own JSON of the row (`row_to_json`), read back with
 * `json_populate_recordset`: timestamps, arrays, jsonb, enums and bigints
 * make the round trip exactly, on PGlite and PostgreSQL alike, with no
 * per-column code to keep in step with the schema. Ids are kept, so every
 * relation holds in the new database.
 *
 * Zip rather than tar: a zip entry's size may follow its data (a data
 * descriptor), so a table can be streamed into the archive without knowing
 * its size first, and everyone can open a zip. yazl writes it, yauzl reads it
 * (one author, small, no dependencies of note, used by millions of packages).
 */
import 'server-only';
import { createInterface } from 'node:readline';
import { PassThrough, Readable } from 'node:stream';
import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import yauzl from 'yauzl';
import yazl from 'yazl';
import type { Db } from '@/db';
import { column, queryRows } from '@/db/rows';
import { uniqueViolation } from '@/db/unique-violation';
import { writeAudit } from '@/lib/audit/write-audit';
import {
  EXCLUDED_TABLES,
  REDACTED_COLUMNS,
  RENUMBERED_COLUMNS,
  exportTables,
  type ExportTable,
} from './organization-tables';

export const ORGANIZATION_EXPORT_FORMAT = 'skillgrid.organization-export/1';
const PAGE_ROWS = 1000;
const MANIFEST = 'manifest.json';
const tableFile = (name: string) => `tables/${name}.json`;

const ident = (name: string) => sql.raw(`"${name.replaceAll('"', '""')}"`);
const columnList = (columns: PgColumn[], prefix = '') =>
  sql.raw(columns.map((column) => `${prefix}"${column.name}"`).join(', '));

const manifestSchema = z.strictObject({
  format: z.literal(ORGANIZATION_EXPORT_FORMAT),
  exportedAt: z.iso.datetime({ offset: true }),
  /** The newest migration of the exporting database: an import needs the same schema. */
  schemaVersion: z.number(),
  organization: z.strictObject({ id: z.guid(), slug: z.string(), name: z.string() }),
  tables: z.array(z.strictObject({ name: z.string(), file: z.string(), rows: z.number().int().min(0) })),
  notExported: z.record(z.string(), z.string()),
  redactedColumns: z.record(z.string(), z.array(z.string())),
});
export type OrganizationManifest = z.infer<typeof manifestSchema>;

/** An archive that cannot be imported here, with the sentence to show the operator. */
export class ImportRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportRefused';
  }
}

async function schemaVersion(db: Db): Promise<number> {
  const [row] = await queryRows(
    db,
    sql`select max(created_at) as version from drizzle.__drizzle_migrations`,
    z.object({ version: column.nullableNumber }),
  );
  return row?.version ?? 0;
}

/** Which rows of a table belong to the organization. */
function scopeOf(table: ExportTable, organizationId: string, tables: ExportTable[]): SQL {
  if (table.scope === 'organization') return sql`"id" = ${organizationId}`;
  if (table.scope === 'tenant') return sql`"organization_id" = ${organizationId}`;
  // The accounts the organization's rows name: its members, and the authors of its audit entries, versions…
  const sources = tables.flatMap((other) =>
    other.scope === 'tenant'
      ? other.userReferences.map(
          (reference) =>
            sql`select ${ident(reference.name)} from ${ident(other.name)} where "organization_id" = ${organizationId}`,
        )
      : [],
  );
  return sql`"id" in (${sql.join(sources, sql` union `)})`;
}

function selectList(table: ExportTable): SQL {
  const redacted = REDACTED_COLUMNS[table.name] ?? {};
  return sql.raw(
    table.columns
      .map((column) =>
        column.name in redacted
          ? `(${redacted[column.name]})::${column.getSQLType()} as "${column.name}"`
          : `"${column.name}"`,
      )
      .join(', '),
  );
}

/** One table's rows, a page at a time, as the lines of a JSON array. */
async function* tableLines(
  db: Db,
  table: ExportTable,
  organizationId: string,
  tables: ExportTable[],
  counted: (rows: number) => void,
  pageRows: number,
): AsyncGenerator<string> {
  const scope = scopeOf(table, organizationId, tables);
  const key = columnList(table.primaryKey);
  const keyText = sql.raw(table.primaryKey.map((column, index) => `"${column.name}"::text as k${index}`).join(', '));
  const rowSchema = z.object({
    json: column.text,
    ...Object.fromEntries(table.primaryKey.map((_, index) => [`k${index}`, column.text])),
  });
  let after: string[] | null = null;
  let rows = 0;
  yield '[';
  for (;;) {
    const keyset: SQL = after
      ? sql`and (${key}) > (${sql.join(
          table.primaryKey.map((column, index) => sql`${after![index]}::${sql.raw(column.getSQLType())}`),
          sql`, `,
        )})`
      : sql``;
    const page = await queryRows(
      db,
      sql`select row_to_json(x)::text as json, ${keyText}
          from (select ${selectList(table)} from ${ident(table.name)} where ${scope} ${keyset}) x
          order by ${key} limit ${pageRows}`,
      rowSchema,
    );
    for (const row of page) {
      yield `${rows === 0 ? '\n' : ',\n'}${row.json}`;
      rows += 1;
    }
    if (page.length < pageRows) break;
    const last = page[page.length - 1] as Record<string, string>;
    after = table.primaryKey.map((_, index) => last[`k${index}`]!);
  }
  yield '\n]\n';
  counted(rows);
}

/**
 * Streams the organization's archive: the zip's bytes come out as the
 * tables are read, one table at a time. The caller audits the export.
 */
export async function exportOrganizationArchive(
  db: Db,
  organizationId: string,
  // Tests read small organizations in pages of a few rows, so the keyset paging runs on every table.
  { pageRows = PAGE_ROWS }: { pageRows?: number } = {},
): Promise<Readable> {
  const tables = exportTables();
  const [organization] = await queryRows(
    db,
    sql`select id::text as id, slug, name from organizations where id = ${organizationId}`,
    z.object({ id: column.text, slug: column.text, name: column.text }),
  );
  if (!organization) throw new Error(`No organization ${organizationId}`);
  const about = organization;
  const version = await schemaVersion(db);
  const counts = new Map<string, number>();
  const zip = new yazl.ZipFile();
  // A table that fails to read (a lost connection, a bug) ends the download with that error. yazl does not
  // pass its sources' errors on: unhandled, one was an uncaught exception and a response that never ended.
  const output = new PassThrough();
  const failed = (error: Error) => output.destroy(error);
  for (const table of tables) {
    const lines = Readable.from(
      tableLines(db, table, organizationId, tables, (rows) => counts.set(table.name, rows), pageRows),
    );
    lines.on('error', failed);
    zip.addReadStream(lines, tableFile(table.name));
  }
  // Written last, lazily: yazl reads one entry at a time, so by then every table has been counted.
  async function* manifest(): AsyncGenerator<string> {
    const body: OrganizationManifest = {
      format: ORGANIZATION_EXPORT_FORMAT,
      exportedAt: new Date().toISOString(),
      schemaVersion: version,
      organization: about,
      tables: tables.map((table) => ({
        name: table.name,
        file: tableFile(table.name),
        rows: counts.get(table.name) ?? 0,
      })),
      notExported: EXCLUDED_TABLES,
      redactedColumns: Object.fromEntries(
        Object.entries(REDACTED_COLUMNS).map(([name, columns]) => [name, Object.keys(columns)]),
      ),
    };
    yield JSON.stringify(body, null, 2);
  }
  zip.addReadStream(Readable.from(manifest()), MANIFEST);
  zip.end();
  zip.outputStream.on('error', failed);
  return zip.outputStream.pipe(output);
}

// ---------------------------------------------------------------- import

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false }, (error, zip) => (error ? reject(error) : resolve(zip))),
  );
}

function zipEntries(zip: yauzl.ZipFile): Promise<Map<string, yauzl.Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, yauzl.Entry>();
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

function entryStream(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))),
  );
}

async function readSmallEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, limit = 1024 * 1024): Promise<string> {
  if (entry.uncompressedSize > limit) throw new ImportRefused(`${entry.fileName} is larger than expected.`);
  const chunks: Buffer[] = [];
  for await (const chunk of await entryStream(zip, entry)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A table file's rows, as pages of row JSON texts (one row per line, as the export writes them). */
async function* rowPages(zip: yauzl.ZipFile, entry: yauzl.Entry): AsyncGenerator<string[]> {
  const lines = createInterface({ input: await entryStream(zip, entry), crlfDelay: Infinity });
  let page: string[] = [];
  for await (const raw of lines) {
    const line = raw.trim().replace(/,$/, '');
    if (line === '' || line === '[' || line === ']') continue;
    page.push(line);
    if (page.length === PAGE_ROWS) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

const countRow = z.object({ count: column.number });

async function refuseCollisions(db: Db, manifest: OrganizationManifest): Promise<void> {
  const { id, slug, name } = manifest.organization;
  const [existing] = await queryRows(
    db,
    sql`select id::text as id, slug, name from organizations where id = ${id} or slug = ${slug}`,
    z.object({ id: column.text, slug: column.text, name: column.text }),
  );
  if (existing) {
    throw new ImportRefused(
      existing.id === id
        ? `This database already holds the organization “${existing.name}” (id ${id}): the archive was imported here ` +
            'before, or exported from this database. Import into a fresh database, or delete that organization first.'
        : `This database already has an organization with the address “${slug}” (“${existing.name}”). ` +
            `Import “${name}” into a fresh database, or rename that organization's slug first.`,
    );
  }
}

/**
 * Users travel with the organization. An account that already exists here
 * with the same id and email (a person in another organization of this
 * database) is linked, not copied; an email or id that belongs to someone
 * else here is refused rather than merged.
 */
async function insertUsers(tx: Db, json: string): Promise<number> {
  const clashes = await queryRows(
    tx,
    sql`select u.email, u.id::text as id, src.id::text as archived_id
        from json_populate_recordset(null::users, ${json}::json) src
        join users u on u.id = src.id or u.email = src.email
        where u.id <> src.id or u.email <> src.email`,
    z.object({ email: column.text, id: column.text, archived_id: column.text }),
  );
  if (clashes[0]) {
    throw new ImportRefused(
      `The account ${clashes[0].email} exists in this database as another person ` +
        `(id ${clashes[0].id}, archive ${clashes[0].archived_id}). Import into a fresh database.`,
    );
  }
  const [inserted] = await queryRows(
    tx,
    sql`with added as (
          insert into users select * from json_populate_recordset(null::users, ${json}::json)
          on conflict (id) do nothing returning 1)
        select count(*) as count from added`,
    countRow,
  );
  return inserted?.count ?? 0;
}

async function insertPage(tx: Db, table: ExportTable, organizationId: string, lines: string[]): Promise<void> {
  const json = `[${lines.join(',')}]`;
  if (table.name === 'users') {
    await insertUsers(tx, json);
    return;
  }
  const renumbered = RENUMBERED_COLUMNS[table.name] ?? [];
  const inserted = table.columns.filter((column) => !renumbered.includes(column.name));
  const columns = columnList(inserted);
  // A self reference is set in a second pass, once every row it may point at is in.
  const values = sql.raw(
    inserted
      .map((column) =>
        table.selfReferences.includes(column) ? `null::${column.getSQLType()}` : `src."${column.name}"`,
      )
      .join(', '),
  );
  // Renumbered rows get their new numbers in the archive's order.
  const order = sql.raw(table.primaryKey.map((column) => `src."${column.name}"`).join(', '));
  const owner = table.scope === 'organization' ? sql`src."id"` : sql`src."organization_id"`;
  const [outside] = await queryRows(
    tx,
    sql`select count(*) as count from json_populate_recordset(null::${ident(table.name)}, ${json}::json) src
        where ${owner} is distinct from ${organizationId}::uuid`,
    countRow,
  );
  if (outside && outside.count > 0) {
    throw new ImportRefused(`${tableFile(table.name)} holds rows of another organization than the manifest's.`);
  }
  await tx.execute(
    sql`insert into ${ident(table.name)} (${columns}) overriding system value
        select ${values} from json_populate_recordset(null::${ident(table.name)}, ${json}::json) src
        order by ${order}`,
  );
}

async function linkSelfReferences(tx: Db, table: ExportTable, lines: string[]): Promise<void> {
  const json = `[${lines.join(',')}]`;
  const assignments = sql.raw(
    table.selfReferences.map((column) => `"${column.name}" = src."${column.name}"`).join(', '),
  );
  const match = sql.raw(table.primaryKey.map((column) => `t."${column.name}" = src."${column.name}"`).join(' and '));
  await tx.execute(
    sql`update ${ident(table.name)} t set ${assignments}
        from json_populate_recordset(null::${ident(table.name)}, ${json}::json) src where ${match}`,
  );
}

export interface ImportSummary {
  organization: OrganizationManifest['organization'];
  tables: { name: string; rows: number }[];
}

/**
 * Imports an archive into this database in one transaction: all of it or,
 * on any refusal or error, nothing. Refused: another format or schema
 * version, an organization whose id or address exists here, an account that
 * clashes with another person's, rows of another organization.
 */
export async function importOrganizationArchive(db: Db, file: string): Promise<ImportSummary> {
  const zip = await openZip(file);
  try {
    const entries = await zipEntries(zip);
    const manifestEntry = entries.get(MANIFEST);
    if (!manifestEntry) throw new ImportRefused(`${file} is not a Skillgrid organization export (no ${MANIFEST}).`);
    let manifestJson: unknown;
    try {
      manifestJson = JSON.parse(await readSmallEntry(zip, manifestEntry));
    } catch (error) {
      if (error instanceof ImportRefused) throw error;
      throw new ImportRefused(`${MANIFEST} is not valid JSON.`);
    }
    const parsed = manifestSchema.safeParse(manifestJson);
    if (!parsed.success) {
      throw new ImportRefused(`${MANIFEST} is not a ${ORGANIZATION_EXPORT_FORMAT} manifest: ${parsed.error.message}`);
    }
    const manifest = parsed.data;
    const here = await schemaVersion(db);
    if (manifest.schemaVersion !== here) {
      throw new ImportRefused(
        `The archive was exported from a database at schema version ${manifest.schemaVersion}, this one is at ${here}: ` +
          'import it with the Skillgrid release that exported it (then upgrade), or export it again from an up-to-date instance.',
      );
    }
    const tables = exportTables();
    const listed = new Map(manifest.tables.map((table) => [table.name, table]));
    for (const table of tables) {
      if (!listed.has(table.name) || !entries.has(tableFile(table.name))) {
        throw new ImportRefused(`The archive lacks ${tableFile(table.name)}.`);
      }
    }
    const organizationId = manifest.organization.id;
    const imported = await db.transaction(async (tx) => {
      await refuseCollisions(tx, manifest);
      const counts: { name: string; rows: number }[] = [];
      for (const table of tables) {
        const entry = entries.get(tableFile(table.name))!;
        let rows = 0;
        for await (const page of rowPages(zip, entry)) {
          await insertPage(tx, table, organizationId, page);
          rows += page.length;
        }
        if (table.selfReferences.length > 0) {
          for await (const page of rowPages(zip, entry)) await linkSelfReferences(tx, table, page);
        }
        if (rows !== listed.get(table.name)!.rows) {
          throw new ImportRefused(
            `${tableFile(table.name)} holds ${rows} rows, its manifest says ${listed.get(table.name)!.rows}: the archive is damaged.`,
          );
        }
        for (const identity of table.identity) {
          // The next row this database makes must not take an imported id.
          await tx.execute(
            sql`select setval(pg_get_serial_sequence(${table.name}, ${identity.name}),
                  greatest((select max(${ident(identity.name)}) from ${ident(table.name)}), 1))`,
          );
        }
        counts.push({ name: table.name, rows });
      }
      await writeAudit(tx, {
        organizationId,
        action: 'organization.imported',
        targetType: 'organization',
        targetId: organizationId,
        details: { exportedAt: manifest.exportedAt, rows: Object.fromEntries(counts.map((c) => [c.name, c.rows])) },
      });
      return counts;
    });
    return { organization: manifest.organization, tables: imported };
  } catch (error) {
    // Two databases that both hold a row id (a non-fresh target): say so rather than show a constraint name.
    const duplicate = uniqueViolation(error);
    if (duplicate !== null) {
      throw new ImportRefused(
        `Rows of the archive collide with rows already in this database (${duplicate || 'a unique key'}). ` +
          'Import into a fresh database.',
      );
    }
    throw error;
  } finally {
    zip.close();
  }
}
