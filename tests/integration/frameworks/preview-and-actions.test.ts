import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rowsOf } from '@/db';
import { auditLog, frameworks, frameworkVersions, skillNodes } from '@/db/schema';
import { GET as exportRoute } from '@/app/api/frameworks/[key]/export/route';
import type { SessionContext } from '@/lib/auth/session';
import { importFrameworkAction, previewFrameworkAction } from '@/lib/frameworks/actions';
import { frameworkToCsv, parseFrameworkCsv } from '@/lib/frameworks/csv';
import { toFrameworkJson, type FrameworkDocument } from '@/lib/frameworks/document';
import { loadFrameworkDocument } from '@/lib/frameworks/export';
import { importFramework } from '@/lib/frameworks/import';
import { listFrameworks } from '@/lib/frameworks/list';
import { parseFrameworkJson } from '@/lib/frameworks/load-file';
import { parseFrameworkMarkdown } from '@/lib/frameworks/parse-markdown';
import type { FrameworkPreview } from '@/lib/frameworks/preview';
import { frameworkToMarkdown } from '@/lib/frameworks/to-markdown';
import { MAX_FRAMEWORK_FILE_BYTES } from '@/lib/frameworks/upload-limits';
import { createMember, createOrganization } from '../../fixtures/actors';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const SEEDS = {
  'python-devops-mastery': path.join(process.cwd(), 'db', 'seed', 'frameworks', 'python-devops-mastery.md'),
  'data-engineering-ladder': path.join(process.cwd(), 'db', 'seed', 'frameworks', 'data-engineering-ladder.md'),
};

let database: TestDatabase;
let orgId: string;
let admin: SessionContext;
let manager: SessionContext;

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  orgId = await createOrganization(database.db, 'Upload Org');
  admin = await createMember(database.db, orgId, 'admin');
  manager = await createMember(database.db, orgId, 'manager');
});

afterAll(async () => {
  await database?.close();
});

/** Row counts of everything an upload could write. */
async function counts(): Promise<string> {
  const rows = rowsOf<{ n: string }>(
    await database.db.execute(sql`select (
      (select count(*) from frameworks)::text || '/' || (select count(*) from skill_nodes)::text || '/' ||
      (select count(*) from framework_versions)::text || '/' || (select count(*) from proficiency_levels)::text || '/' ||
      (select count(*) from audit_log)::text || '/' ||
      (select coalesce(max(updated_at)::text, '') from skill_nodes)) as n`),
  );
  return rows[0]?.n ?? '';
}

async function seedDocument(key: keyof typeof SEEDS): Promise<{ text: string; document: FrameworkDocument }> {
  const text = await readFile(SEEDS[key], 'utf8');
  const mappingPath = SEEDS[key].replace(/\.md$/, '.mapping.json');
  const mapping = await readFile(mappingPath, 'utf8').then(
    (json) => JSON.parse(json) as unknown,
    () => undefined,
  );
  return { text, document: parseFrameworkMarkdown(text, mapping === undefined ? {} : { mapping }) };
}

/** The tree as a comparable value: keys, kinds, names, descriptions, order. */
function tree(document: FrameworkDocument) {
  return { key: document.key, name: document.name, levels: document.levels, nodes: document.nodes };
}

describe('round trip through the database: import → export → import gives the same tree', () => {
  for (const key of Object.keys(SEEDS) as (keyof typeof SEEDS)[]) {
    it(`${key} as Markdown, JSON and CSV`, async () => {
      const org = await createOrganization(database.db, `Round trip ${key}`);
      const { text, document } = await seedDocument(key);
      await importFramework(database.db, { organizationId: org, document, sourceFormat: 'markdown', sourceText: text });
      const exported = await loadFrameworkDocument(database.db, org, document.key);
      expect(exported).not.toBeNull();
      const original = tree(exported!);

      const writers = {
        md: { write: frameworkToMarkdown, read: (t: string) => parseFrameworkMarkdown(t), format: 'markdown' },
        json: { write: toFrameworkJson, read: (t: string) => parseFrameworkJson(t), format: 'json' },
        csv: { write: frameworkToCsv, read: (t: string) => parseFrameworkCsv(t), format: 'csv' },
      } as const;
      for (const [name, { write, read, format }] of Object.entries(writers)) {
        const file = write(exported!);
        const reparsed = read(file);
        expect(tree(reparsed), name).toEqual(original);
        // Re-importing the export onto the same framework changes nothing.
        const again = await importFramework(database.db, {
          organizationId: org,
          document: reparsed,
          sourceFormat: format,
          sourceText: file,
        });
        expect(again.changed, name).toBe(false);
        // And onto a fresh organization it builds the same tree.
        const fresh = await createOrganization(database.db, `Fresh ${key} ${name}`);
        await importFramework(database.db, {
          organizationId: fresh,
          document: reparsed,
          sourceFormat: format,
          sourceText: file,
        });
        expect(tree((await loadFrameworkDocument(database.db, fresh, document.key))!), name).toEqual(original);
      }
    });
  }
});

const BASE_MD = `# Upload Test

## Technical

### Python
- **Syntax**: Reads and writes idiomatic code
- **Typing**: Type hints and checkers
- **Asyncio**: Event loops

### Testing
- **Pytest**: Fixtures

## Leadership

### People
- **Mentoring**: Helps others grow
`;

describe('preview', () => {
  it('lists added, renamed, moved, archived and restored nodes and writes nothing', async () => {
    actAs(admin);
    const first = await importFrameworkAction({ text: BASE_MD, format: 'md', fileName: 'upload.md' });
    expect(first).toMatchObject({ ok: true, data: { version: 1, changed: true } });

    // Keys pinned where a node moves or is renamed, as an edited export would have them.
    const next = `# Upload Test

## Technical

### Python
- **Syntax and style**: Reads and writes idiomatic code <!-- key: technical/python/syntax -->
- **Typing**: Type hints, checkers and generics

### Testing
- **Pytest**: Fixtures
- **Asyncio**: Event loops <!-- key: technical/python/asyncio -->
- **Property tests**: Hypothesis

## Leadership

### People
- **Mentoring**: Helps others grow
`;
    const before = await counts();
    const result = await previewFrameworkAction({ text: next, format: 'md' });
    expect(result.ok).toBe(true);
    const preview = (result as { data: FrameworkPreview }).data;
    expect(await counts()).toBe(before);

    expect(preview.currentVersion).toBe(1);
    expect(preview.hasChanges).toBe(true);
    expect(preview.changes.added.map((item) => item.key)).toEqual(['technical/testing/property-tests']);
    expect(preview.changes.renamed.map((item) => item.key).sort()).toEqual([
      'technical/python/syntax',
      'technical/python/typing',
    ]);
    expect(preview.changes.renamed.find((item) => item.key === 'technical/python/syntax')?.before?.name).toBe('Syntax');
    expect(preview.changes.moved).toEqual([
      expect.objectContaining({
        key: 'technical/python/asyncio',
        before: expect.objectContaining({ parentKey: 'technical/python' }),
        after: expect.objectContaining({ parentKey: 'technical/testing' }),
      }),
    ]);
    expect(preview.changes.archived).toEqual([]);
    expect(preview.counts.skill).toBe(6);

    // Dropping a skill archives it; bringing it back restores it.
    const withoutMentoring = BASE_MD.replace(/## Leadership[\s\S]*$/, '');
    const archived = await previewFrameworkAction({ text: withoutMentoring, format: 'md' });
    const archivedKeys = (archived as { data: FrameworkPreview }).data.changes.archived.map((item) => item.key);
    expect(archivedKeys.sort()).toEqual(['leadership', 'leadership/people', 'leadership/people/mentoring']);
    await importFrameworkAction({ text: withoutMentoring, format: 'md' });
    const restored = await previewFrameworkAction({ text: BASE_MD, format: 'md' });
    expect((restored as { data: FrameworkPreview }).data.changes.restored.map((item) => item.key)).toContain(
      'leadership/people/mentoring',
    );

    // What the preview said is what the import does.
    const imported = await importFrameworkAction({ text: next, format: 'md' });
    expect(imported).toMatchObject({
      ok: true,
      data: { changed: true, version: 3, changes: { added: 1, renamed: 3, restored: 3 } },
    });
  });

  it('says when a file changes nothing', async () => {
    actAs(admin);
    const org = admin.organization.id;
    const current = await loadFrameworkDocument(database.db, org, 'upload-test');
    const result = await previewFrameworkAction({ text: toFrameworkJson(current!), format: 'json' });
    expect((result as { data: FrameworkPreview }).data.hasChanges).toBe(false);
  });
});

describe('CSV from a spreadsheet', () => {
  it('without the framework line is named after the file and imports with the default scale', async () => {
    actAs(admin);
    const text =
      'Area,Section,Group,Skill,Description,Key\r\nData,Pipelines,,Batch loads,On a schedule,\r\nData,Pipelines,,Streaming,,\r\n';
    const preview = await previewFrameworkAction({ text, format: 'csv', fileName: 'Team Skills.csv' });
    expect(preview).toMatchObject({
      ok: true,
      data: { key: 'team-skills', name: 'Team Skills', currentVersion: null, counts: { skill: 2 } },
    });
    const imported = await importFrameworkAction({ text, format: 'csv', fileName: 'Team Skills.csv' });
    expect(imported).toMatchObject({ ok: true, data: { key: 'team-skills', version: 1, changes: { added: 4 } } });
    const document = await loadFrameworkDocument(database.db, admin.organization.id, 'team-skills');
    expect(document?.nodes[0]?.children[0]?.children.map((skill) => skill.key)).toEqual([
      'data/pipelines/batch-loads',
      'data/pipelines/streaming',
    ]);
    // Without a file name there is nothing to name it after.
    const nameless = await previewFrameworkAction({ text, format: 'csv' });
    expect(nameless).toMatchObject({ ok: false, error: expect.stringMatching(/framework key and name/) });
  });
});

describe('malformed uploads name the line and change nothing', () => {
  it.each([
    ['md', '# Broken\n\n## Area\n\n### Section\n- **Skill**: fine\n- **Skill**: duplicate\n', /^Line \d+: /],
    [
      'md',
      '# Bad key\n\n## Area\n\n### Section\n- **Skill**: text <!-- key: Not Valid -->\n',
      /^Line 6: malformed key comment/,
    ],
    ['csv', 'area,section,group,skill,description,key\nA,B,,C,,\nA,,G,D,,\n', /^Line 3: a group needs a section/],
    ['json', '{\n  "key": "x",\n  oops\n}', /^Line 3: not valid JSON/],
    ['md', 'x'.repeat(10_001), /./],
  ] as const)('%s upload %#', async (format, text, message) => {
    actAs(admin);
    const before = await counts();
    for (const action of [previewFrameworkAction, importFrameworkAction]) {
      const result = await action({ text, format, fileName: 'broken.csv' });
      expect(result.ok).toBe(false);
      expect((result as { error: string }).error).toMatch(message);
    }
    expect(await counts()).toBe(before);
  });

  it('refuses a file over 2 MB before parsing', async () => {
    actAs(admin);
    const result = await importFrameworkAction({ text: 'a'.repeat(MAX_FRAMEWORK_FILE_BYTES + 1), format: 'md' });
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: {
        text: ['The file is 2.1 MB, over the 2 MB limit. Split it or shorten long descriptions, and try again.'],
      },
    });
  });
});

describe('authorization', () => {
  it('managers and the signed-out cannot preview or import', async () => {
    const before = await counts();
    for (const caller of [manager, null]) {
      actAs(caller);
      expect((await previewFrameworkAction({ text: BASE_MD, format: 'md' })).ok).toBe(false);
      expect((await importFrameworkAction({ text: BASE_MD.replace('Upload Test', 'Sneaky'), format: 'md' })).ok).toBe(
        false,
      );
    }
    expect(await counts()).toBe(before);
  });

  it('imports audit framework.imported and show up in the list with versions', async () => {
    actAs(admin);
    const org = admin.organization.id;
    const entries = await database.db
      .select({ action: auditLog.action, details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, org), eq(auditLog.action, 'framework.imported')));
    expect(entries.length).toBeGreaterThanOrEqual(3);
    const list = await listFrameworks(database.db, org);
    const entry = list.find((framework) => framework.key === 'upload-test');
    expect(entry).toMatchObject({ version: 3, areas: 2, sections: 3, skills: 6, archived: 0 });
    expect(entry?.versions.map((version) => version.version)).toEqual([3, 2, 1]);
    // Another organization's list does not include it.
    const other = await createOrganization(database.db, 'Other');
    expect(await listFrameworks(database.db, other)).toEqual([]);
  });
});

describe('export route', () => {
  it('downloads md, json and csv as attachments that re-import to the same tree', async () => {
    actAs(admin);
    const org = admin.organization.id;
    const current = await loadFrameworkDocument(database.db, org, 'upload-test');
    for (const format of ['md', 'json', 'csv'] as const) {
      const response = await exportRoute(
        new Request(`http://localhost:3000/api/frameworks/upload-test/export?format=${format}`),
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="upload-test.${format}"`);
      const body = await response.text();
      const preview = await previewFrameworkAction({ text: body, format });
      expect((preview as { data: FrameworkPreview }).data.hasChanges, format).toBe(false);
      const reparsed =
        format === 'md'
          ? parseFrameworkMarkdown(body)
          : format === 'json'
            ? parseFrameworkJson(body)
            : parseFrameworkCsv(body);
      expect(tree(reparsed)).toEqual(tree(current!));
    }
  });

  it('is 404 for an unknown key, 400 for a bad format, 403 for a manager', async () => {
    actAs(admin);
    expect((await exportRoute(new Request('http://localhost:3000/api/frameworks/nope/export'))).status).toBe(404);
    expect(
      (await exportRoute(new Request('http://localhost:3000/api/frameworks/upload-test/export?format=xml'))).status,
    ).toBe(400);
    actAs(manager);
    expect((await exportRoute(new Request('http://localhost:3000/api/frameworks/upload-test/export'))).status).toBe(
      403,
    );
  });
});

describe('versions table', () => {
  it('records one row per changed import with its format', async () => {
    const org = admin.organization.id;
    const [framework] = await database.db
      .select()
      .from(frameworks)
      .where(and(eq(frameworks.organizationId, org), eq(frameworks.key, 'upload-test')));
    const versions = await database.db
      .select({ version: frameworkVersions.version, sourceFormat: frameworkVersions.sourceFormat })
      .from(frameworkVersions)
      .where(and(eq(frameworkVersions.organizationId, org), eq(frameworkVersions.frameworkId, framework!.id)));
    expect(versions.map((row) => row.sourceFormat)).toEqual(['markdown', 'markdown', 'markdown']);
    const nodes = await database.db
      .select({ key: skillNodes.key })
      .from(skillNodes)
      .where(eq(skillNodes.frameworkId, framework!.id));
    // 2 areas, 3 sections, 6 skills: the moved skill kept its row.
    expect(nodes.length).toBe(11);
  });
});
