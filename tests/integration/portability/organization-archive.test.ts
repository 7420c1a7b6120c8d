/**
 * The organization export (GET /api/admin/organization-export) and its import
 * (`npm run org:import`): an organization with ratings, history, cycles,
 * targets, teams, endorsements, certifications and audit entries is exported
 * by its admin, imported into a fresh database, and every exported table's
 * rows are compared — all columns, the deliberately redacted ones aside.
 * Another organization's rows never travel; a second import is refused.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { rowsOf, type Db } from '@/db';
import {
  auditLog,
  certificationSkills,
  certifications,
  endorsements,
  ratings,
  teamTargets,
  webhookEndpoints,
} from '@/db/schema';
import { GET as exportOrganization } from '@/app/api/admin/organization-export/route';
import { writeAudit } from '@/lib/audit/write-audit';
import {
  ImportRefused,
  exportOrganizationArchive,
  importOrganizationArchive,
} from '@/lib/portability/organization-archive';
import {
  EXCLUDED_TABLES,
  REDACTED_COLUMNS,
  RENUMBERED_COLUMNS,
  exportTables,
  tenantTableNames,
} from '@/lib/portability/organization-tables';
import { createTestToken } from '../../fixtures/api-tokens';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { buildWorld, type World } from '../../fixtures/world';

let source: TestDatabase;
let target: TestDatabase;
let world: World;
let directory: string;
let archive: string;

async function seed(db: Db): Promise<void> {
  const self = (membershipId: string, skill: number, level: number) => ({
    organizationId: world.orgA,
    cycleId: world.cycleA,
    membershipId,
    skillId: world.framework.skillIds[skill]!,
    source: 'self' as const,
    level,
    note: `note ${skill}`,
    evidenceLinks: ['https://example.test/evidence'],
    ratedByMembershipId: membershipId,
  });
  await db.insert(ratings).values([
    self(world.subjectA1.membership.id, 0, 3),
    self(world.subjectA1.membership.id, 1, 1),
    self(world.memberA1.membership.id, 0, 2),
    {
      ...self(world.subjectA1.membership.id, 0, 2),
      source: 'manager',
      ratedByMembershipId: world.managerA1.membership.id,
    },
  ]);
  await db.execute(sql`
    insert into rating_history (organization_id, cycle_id, membership_id, skill_id, source, level, not_applicable,
      interest, note, rated_by_membership_id, changed_at)
    select organization_id, cycle_id, membership_id, skill_id, source, level, not_applicable, interest, note,
      rated_by_membership_id, changed_at from ratings`);
  await db.insert(teamTargets).values({
    organizationId: world.orgA,
    teamId: world.teamA1,
    nodeId: world.framework.skillIds[0]!,
    level: 3,
  });
  await db.insert(endorsements).values({
    organizationId: world.orgA,
    cycleId: world.cycleA,
    membershipId: world.subjectA1.membership.id,
    skillId: world.framework.skillIds[0]!,
    endorserMembershipId: world.memberA1.membership.id,
    levelEndorsed: 3,
    comment: 'Saw it in the incident review',
  });
  const [certification] = await db
    .insert(certifications)
    .values({
      organizationId: world.orgA,
      membershipId: world.subjectA1.membership.id,
      name: 'CKA',
      issuer: 'CNCF',
      issuedOn: '2026-01-10',
      expiresOn: '2029-01-10',
      credentialUrl: 'https://example.test/cka',
    })
    .returning({ id: certifications.id });
  await db.insert(certificationSkills).values({
    organizationId: world.orgA,
    certificationId: certification!.id,
    skillId: world.framework.skillIds[0]!,
  });
  await writeAudit(db, {
    organizationId: world.orgA,
    actorUserId: world.adminA.user.id,
    action: 'team.created',
    targetType: 'team',
    targetId: world.teamA1,
    details: { name: 'Platform', nested: { list: [1, 2] } },
    ip: '192.0.2.1',
  });
  // Secrets that must not travel.
  await createTestToken(db, {
    organizationId: world.orgA,
    scopes: ['members:read'],
    createdByUserId: world.adminA.user.id,
  });
  await db.insert(webhookEndpoints).values({
    organizationId: world.orgA,
    url: 'https://hooks.example.test/skillgrid',
    events: ['member.created'],
    secret: 'whsec_dGVzdA',
  });
}

/** A table's rows of organization A, every column but the redacted ones, in a stable order. */
async function rowsOfOrganization(db: Db, table: string, { imported = false } = {}): Promise<unknown[]> {
  const scope =
    table === 'organizations'
      ? sql`id = ${world.orgA}`
      : table === 'users'
        ? sql`id in (select user_id from memberships where organization_id = ${world.orgA})`
        : sql`organization_id = ${world.orgA}`;
  // The import's own audit entry is the one row only the new database has.
  const extra = imported && table === 'audit_log' ? sql`and action <> 'organization.imported'` : sql``;
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`select * from ${sql.raw(`"${table}"`)} where ${scope} ${extra}`),
  );
  const redacted = [...Object.keys(REDACTED_COLUMNS[table] ?? {}), ...(RENUMBERED_COLUMNS[table] ?? [])];
  return rows
    .map((row) => Object.fromEntries(Object.entries(row).filter(([name]) => !redacted.includes(name))))
    .map((row) => JSON.stringify(row))
    .sort();
}

async function download(): Promise<{ status: number; bytes: Buffer }> {
  const response = await exportOrganization(new Request('http://localhost:3000/api/admin/organization-export'));
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** Every entry of a zip, by name (yauzl reads it from memory). */
function entriesOf(bytes: Buffer): Promise<Map<string, string>> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const entries = new Map<string, string>();
      zip.on('error', reject);
      zip.on('end', () => resolve(entries));
      zip.on('entry', (entry: yauzl.Entry) =>
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
            zip.readEntry();
          });
        }),
      );
      zip.readEntry();
    }),
  );
}

function entryNames(file: string): Promise<string[]> {
  return new Promise((resolve, reject) =>
    yauzl.open(file, { lazyEntries: false }, (error, zip) => {
      if (error) return reject(error);
      const names: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => names.push(entry.fileName));
      zip.on('end', () => resolve(names));
    }),
  );
}

/** A copy of the archive with one entry's text changed (the test archive is small: read whole). */
async function rewrite(file: string, name: string, edit: (text: string) => string): Promise<string> {
  const entries = await new Promise<Map<string, Buffer>>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const read = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) =>
        zip.openReadStream(entry, async (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks: Buffer[] = [];
          for await (const chunk of stream) chunks.push(chunk as Buffer);
          read.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        }),
      );
      zip.on('end', () => resolve(read));
      zip.readEntry();
    }),
  );
  const zip = new yazl.ZipFile();
  for (const [entry, bytes] of entries) {
    zip.addBuffer(entry === name ? Buffer.from(edit(bytes.toString('utf8'))) : bytes, entry);
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  const copy = path.join(directory, `edited-${name.replaceAll('/', '-')}.zip`);
  await writeFile(copy, Buffer.concat(chunks));
  return copy;
}

beforeAll(async () => {
  [source, target] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  useTestDatabase(source.db);
  world = await buildWorld(source.db);
  await seed(source.db);
  directory = await mkdtemp(path.join(tmpdir(), 'skillgrid-org-export-'));
  actAs(world.adminA);
  const { status, bytes } = await download();
  expect(status).toBe(200);
  archive = path.join(directory, 'organization.zip');
  await writeFile(archive, bytes);
  await importOrganizationArchive(target.db, archive);
});
afterAll(async () => {
  await Promise.all([source?.close(), target?.close()]);
  if (directory) await rm(directory, { recursive: true, force: true });
});

describe('organization export and import', () => {
  it('every tenant table is exported or named as left out, with its reason', () => {
    const exported = exportTables().map((table) => table.name);
    const tenant = tenantTableNames();
    for (const name of Object.keys(EXCLUDED_TABLES)) expect(tenant).toContain(name);
    for (const name of tenant) expect(exported.includes(name) || name in EXCLUDED_TABLES, name).toBe(true);
    expect(exported).toEqual(
      expect.arrayContaining(['organizations', 'users', 'ratings', 'endorsements', 'audit_log']),
    );
  });

  it('the archive holds a manifest and one JSON file per exported table, and the export is audited', async () => {
    const names = await entryNames(archive);
    expect(names).toContain('manifest.json');
    for (const table of exportTables()) expect(names).toContain(`tables/${table.name}.json`);
    expect(names).not.toContain('tables/api_tokens.json');
    const audited = rowsOf<{ action: string }>(
      await source.db.execute(sql`select action from audit_log where organization_id = ${world.orgA}`),
    );
    expect(audited.map((row) => row.action)).toContain('organization.exported');
  });

  it('the fresh database holds exactly organization A’s rows: every exported table equal, column for column', async () => {
    for (const table of exportTables()) {
      const before = await rowsOfOrganization(source.db, table.name);
      const after = await rowsOfOrganization(target.db, table.name, { imported: true });
      expect(after, table.name).toEqual(before);
    }
    // The seed put rows in the tables the issue names: the comparison above compared something.
    for (const name of ['ratings', 'rating_history', 'assessment_cycles', 'team_targets', 'teams', 'endorsements']) {
      expect((await rowsOfOrganization(target.db, name)).length, name).toBeGreaterThan(0);
    }
    expect((await rowsOfOrganization(target.db, 'certification_skills')).length).toBe(1);
    const organizations = rowsOf<{ id: string }>(await target.db.execute(sql`select id from organizations`));
    expect(organizations.map((row) => row.id)).toEqual([world.orgA]);
    const bert = rowsOf(await target.db.execute(sql`select 1 from users where id = ${world.adminB.user.id}`));
    expect(bert).toEqual([]);
  });

  it('leaves secrets behind: no password hash, no invitation link, no API token or webhook secret', async () => {
    const hashes = rowsOf<{ password_hash: string | null }>(
      await target.db.execute(sql`select password_hash from users`),
    );
    expect(hashes.every((row) => row.password_hash === null)).toBe(true);
    const links = rowsOf<{ token_hash: string }>(await target.db.execute(sql`select token_hash from invitations`));
    expect(links).toHaveLength(1);
    expect(links[0]!.token_hash).toMatch(/^not-exported:/);
    for (const table of ['api_tokens', 'webhook_endpoints']) {
      expect(rowsOf(await target.db.execute(sql.raw(`select 1 from ${table}`))), table).toEqual([]);
    }
  });

  it('the new database goes on from the imported ids, and the import is audited', async () => {
    await target.db.insert(ratings).values({
      organizationId: world.orgA,
      cycleId: world.cycleA,
      membershipId: world.memberA1.membership.id,
      skillId: world.framework.skillIds[2]!,
      source: 'self',
      level: 1,
      ratedByMembershipId: world.memberA1.membership.id,
    });
    const imported = rowsOf<{ action: string }>(
      await target.db.execute(sql`select action from ${auditLog} where action = 'organization.imported'`),
    );
    expect(imported).toHaveLength(1);
  });

  it('reads every table in key order a page at a time: pages of 2 rows give the same files (composite keys too)', async () => {
    // A page boundary makes the next page's query compare the last key, typed by each key column's SQL type.
    // In a composite key drizzle hands placeholder columns whose type lookup recursed forever: the export of
    // any organization with more than a page of such rows crashed the server.
    const bytesOf = async (pageRows?: number) => {
      const chunks: Buffer[] = [];
      for await (const chunk of await exportOrganizationArchive(source.db, world.orgA, { pageRows })) {
        chunks.push(chunk as Buffer);
      }
      return Buffer.concat(chunks);
    };
    const small = await entriesOf(await bytesOf(2));
    const whole = await entriesOf(await bytesOf());
    const tables = [...whole.keys()].filter((name) => name.startsWith('tables/'));
    expect(tables.length).toBeGreaterThan(10);
    const paginatedComposite = exportTables().filter(
      (table) =>
        table.primaryKey.length > 1 &&
        (JSON.parse(whole.get(`tables/${table.name}.json`) ?? '[]') as unknown[]).length > 2,
    );
    expect(paginatedComposite.length, 'a table with a composite key runs over a page').toBeGreaterThan(0);
    for (const name of tables) expect(small.get(name), name).toBe(whole.get(name));
  });

  it('refuses an archive whose organization exists, changing nothing', async () => {
    const count = async (db: Db) =>
      rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from ratings`))[0]!.n;
    const before = await count(target.db);
    await expect(importOrganizationArchive(target.db, archive)).rejects.toThrow(ImportRefused);
    await expect(importOrganizationArchive(target.db, archive)).rejects.toThrow(/already holds the organization/);
    expect(await count(target.db)).toBe(before);
    await expect(importOrganizationArchive(source.db, archive)).rejects.toThrow(/already holds/);
  });

  it('refuses an archive of another schema version or format before touching the database', async () => {
    const newer = await rewrite(archive, 'manifest.json', (text) =>
      JSON.stringify({ ...JSON.parse(text), schemaVersion: 1 }),
    );
    await expect(importOrganizationArchive(target.db, newer)).rejects.toThrow(/schema version 1, this one is at/);
    const other = await rewrite(archive, 'manifest.json', (text) =>
      JSON.stringify({ ...JSON.parse(text), format: 'something-else/1' }),
    );
    await expect(importOrganizationArchive(target.db, other)).rejects.toThrow(/not a skillgrid\.organization-export/);
  });

  it('is for admins, and an admin exports only their own organization', async () => {
    actAs(world.managerA1);
    expect((await download()).status).toBe(403);
    actAs(world.adminB);
    const other = await download();
    expect(other.status).toBe(200);
    const file = path.join(directory, 'other.zip');
    await writeFile(file, other.bytes);
    // Into the database that already holds A: B's archive brings B and nothing of A's.
    const count = async () =>
      rowsOf<{ n: number }>(
        await target.db.execute(sql`select count(*)::int as n from memberships where organization_id = ${world.orgA}`),
      )[0]!.n;
    const before = await count();
    const summary = await importOrganizationArchive(target.db, file);
    expect(summary.organization.id).toBe(world.orgB);
    expect(await count()).toBe(before);
    const ofB = rowsOf<{ user_id: string }>(
      await target.db.execute(sql`select user_id from memberships where organization_id = ${world.orgB}`),
    );
    expect(ofB.map((row) => row.user_id)).toEqual([world.adminB.user.id]);
  });
});
