/**
 * Framework versions are snapshots: every publish (import, in-place edit)
 * records the tree, and any version exports as Markdown, JSON or CSV that
 * re-imports to the tree that version had.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rowsOf } from '@/db';
import { frameworkVersions, skillNodes } from '@/db/schema';
import { GET as exportRoute } from '@/app/api/frameworks/[key]/export/route';
import type { SessionContext } from '@/lib/auth/session';
import { frameworkToCsv, parseFrameworkCsv } from '@/lib/frameworks/csv';
import { toFrameworkJson, type FrameworkDocument, type FrameworkNode } from '@/lib/frameworks/document';
import { editFramework } from '@/lib/frameworks/edit';
import { FrameworkVersionUnavailableError, loadFrameworkDocument } from '@/lib/frameworks/export';
import { importFramework } from '@/lib/frameworks/import';
import { parseFrameworkJson } from '@/lib/frameworks/load-file';
import { parseFrameworkMarkdown } from '@/lib/frameworks/parse-markdown';
import { frameworkToMarkdown } from '@/lib/frameworks/to-markdown';
import { createMember, createOrganization } from '../../fixtures/actors';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const SEEDS = {
  'python-devops-mastery': path.join(process.cwd(), 'db', 'seed', 'frameworks', 'python-devops-mastery.md'),
  'data-engineering-ladder': path.join(process.cwd(), 'db', 'seed', 'frameworks', 'data-engineering-ladder.md'),
};

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
});
afterAll(async () => {
  await database?.close();
});

async function seedDocument(key: keyof typeof SEEDS): Promise<{ text: string; document: FrameworkDocument }> {
  const text = await readFile(SEEDS[key], 'utf8');
  const mapping = await readFile(SEEDS[key].replace(/\.md$/, '.mapping.json'), 'utf8').then(
    (json) => JSON.parse(json) as unknown,
    () => undefined,
  );
  return { text, document: parseFrameworkMarkdown(text, mapping === undefined ? {} : { mapping }) };
}

function tree(document: FrameworkDocument) {
  return {
    key: document.key,
    name: document.name,
    levels: document.levels,
    nodes: document.nodes,
    learningStages: document.learningStages,
  };
}

const FORMATS = {
  md: { write: frameworkToMarkdown, read: (t: string) => parseFrameworkMarkdown(t), format: 'markdown' },
  json: { write: toFrameworkJson, read: (t: string) => parseFrameworkJson(t), format: 'json' },
  csv: { write: frameworkToCsv, read: (t: string) => parseFrameworkCsv(t), format: 'csv' },
} as const;

function skillsOf(nodes: readonly FrameworkNode[]): FrameworkNode[] {
  return nodes.flatMap((node) => (node.kind === 'skill' ? [node] : skillsOf(node.children)));
}

describe('every version is a snapshot that exports and re-imports to its own tree', () => {
  for (const key of Object.keys(SEEDS) as (keyof typeof SEEDS)[]) {
    it(`${key}: version 1 after three published edits, in Markdown, JSON and CSV`, async () => {
      const db = database.db;
      const org = await createOrganization(db, `Versions ${key}`);
      const { text, document } = await seedDocument(key);
      const { frameworkId } = await importFramework(db, {
        organizationId: org,
        document,
        sourceFormat: 'markdown',
        sourceText: text,
      });
      const v1 = (await loadFrameworkDocument(db, org, document.key))!;

      // The snapshot of version 1 is the whole tree, in one row per node.
      const [nodeCount] = rowsOf<{ live: number; snap: number }>(
        await db.execute(sql`select
          (select count(*)::int from skill_nodes where organization_id = ${org}) as live,
          (select count(*)::int from framework_version_nodes where organization_id = ${org} and version = 1) as snap`),
      );
      expect(nodeCount!.snap).toBe(nodeCount!.live);

      // Three in-place edits: rename, archive, reorder → versions 2, 3, 4.
      const skills = await db
        .select({ id: skillNodes.id, parentId: skillNodes.parentId })
        .from(skillNodes)
        .where(and(eq(skillNodes.organizationId, org), eq(skillNodes.kind, 'skill')))
        .orderBy(asc(skillNodes.depth), asc(skillNodes.position), asc(skillNodes.key));
      const [a, b] = skills;
      const common = { organizationId: org, frameworkId, actorUserId: null };
      await editFramework(db, {
        ...common,
        edit: { type: 'rename', nodeId: a!.id, name: 'Renamed in v2', description: null },
      });
      await editFramework(db, { ...common, edit: { type: 'archive', nodeId: b!.id } });
      await editFramework(db, { ...common, edit: { type: 'move', nodeId: a!.id, direction: 'down' } });
      const current = (await loadFrameworkDocument(db, org, document.key))!;
      expect(skillsOf(current.nodes).map((s) => s.name)).toContain('Renamed in v2');
      expect(tree(current)).not.toEqual(tree(v1));

      // Each version's snapshot: v2 has the rename but not the archive, v3 both.
      const v2 = (await loadFrameworkDocument(db, org, document.key, { version: 2 }))!;
      const v3 = (await loadFrameworkDocument(db, org, document.key, { version: 3, includeArchived: true }))!;
      expect(skillsOf(v2.nodes).filter((s) => s.name === 'Renamed in v2')).toHaveLength(1);
      expect(skillsOf(v2.nodes)).toHaveLength(skillsOf(v1.nodes).length);
      expect(skillsOf(v3.nodes).filter((s) => s.archived)).toHaveLength(1);

      const exported = (await loadFrameworkDocument(db, org, document.key, { version: 1 }))!;
      expect(tree(exported)).toEqual(tree(v1));
      for (const [name, { write, read, format }] of Object.entries(FORMATS)) {
        const file = write(exported);
        const reparsed = read(file);
        expect(tree(reparsed), name).toEqual(tree(v1));
        const fresh = await createOrganization(db, `Fresh ${key} ${name}`);
        await importFramework(db, {
          organizationId: fresh,
          document: reparsed,
          sourceFormat: format,
          sourceText: file,
        });
        expect(tree((await loadFrameworkDocument(db, fresh, document.key))!), name).toEqual(tree(v1));
      }

      // Re-importing version 1 onto the framework publishes version 5 with version 1's tree (a roll-back).
      const back = await importFramework(db, {
        organizationId: org,
        document: exported,
        sourceFormat: 'json',
        sourceText: toFrameworkJson(exported),
      });
      expect(back).toMatchObject({ changed: true, version: 5 });
      expect(tree((await loadFrameworkDocument(db, org, document.key))!)).toEqual(tree(v1));
      expect(tree((await loadFrameworkDocument(db, org, document.key, { version: 5 }))!)).toEqual(tree(v1));

      const versions = await db
        .select({ version: frameworkVersions.version, hasMeta: sql<boolean>`${frameworkVersions.meta} is not null` })
        .from(frameworkVersions)
        .where(eq(frameworkVersions.organizationId, org))
        .orderBy(asc(frameworkVersions.version));
      expect(versions).toEqual([1, 2, 3, 4, 5].map((version) => ({ version, hasMeta: true })));
    });
  }

  it('refuses a version that does not exist', async () => {
    const org = await createOrganization(database.db, 'No such version');
    const { text, document } = await seedDocument('data-engineering-ladder');
    await importFramework(database.db, { organizationId: org, document, sourceFormat: 'markdown', sourceText: text });
    await expect(loadFrameworkDocument(database.db, org, document.key, { version: 9 })).rejects.toBeInstanceOf(
      FrameworkVersionUnavailableError,
    );
  });
});

describe('GET /api/frameworks/[key]/export?version=N', () => {
  let admin: SessionContext;
  let otherAdmin: SessionContext;
  let key: string;

  beforeAll(async () => {
    const db = database.db;
    const org = await createOrganization(db, 'Route versions');
    admin = await createMember(db, org, 'admin');
    otherAdmin = await createMember(db, await createOrganization(db, 'Route other'), 'admin');
    const { text, document } = await seedDocument('data-engineering-ladder');
    key = document.key;
    const { frameworkId } = await importFramework(db, {
      organizationId: org,
      document,
      sourceFormat: 'markdown',
      sourceText: text,
    });
    const [skill] = await db
      .select({ id: skillNodes.id })
      .from(skillNodes)
      .where(and(eq(skillNodes.organizationId, org), eq(skillNodes.kind, 'skill')))
      .limit(1);
    await editFramework(db, {
      organizationId: org,
      frameworkId,
      actorUserId: null,
      edit: { type: 'rename', nodeId: skill!.id, name: 'Only in version 2', description: null },
    });
  });

  const get = (query: string) =>
    exportRoute(new Request(`http://localhost:3000/api/frameworks/${key}/export?${query}`));

  it('serves version 1 without the later rename and the current version with it, in every format', async () => {
    actAs(admin);
    for (const format of ['md', 'json', 'csv']) {
      const old = await get(`format=${format}&version=1`);
      expect(old.status, format).toBe(200);
      expect(old.headers.get('content-disposition')).toContain(`${key}-v1.${format}`);
      expect(await old.text(), format).not.toContain('Only in version 2');
      const now = await get(`format=${format}`);
      expect(await now.text(), format).toContain('Only in version 2');
    }
  });

  it('answers 400 for a malformed version, 404 for an unknown one or another organization', async () => {
    actAs(admin);
    expect((await get('version=abc')).status).toBe(400);
    expect((await get('version=0')).status).toBe(400);
    expect((await get('version=42')).status).toBe(404);
    actAs(otherAdmin);
    expect((await get('version=1')).status).toBe(404);
  });
});
