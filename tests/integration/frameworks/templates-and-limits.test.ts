import { and, eq } from 'drizzle-orm';
import type { NextConfig } from 'next';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditLog, frameworks } from '@/db/schema';
import type { SessionContext } from '@/lib/auth/session';
import { importFrameworkAction, previewFrameworkAction } from '@/lib/frameworks/actions';
import { countNodesByKind, type FrameworkNode } from '@/lib/frameworks/document';
import { importFrameworkTemplateAction } from '@/lib/frameworks/template-actions';
import { FRAMEWORK_TEMPLATES, listFrameworkTemplates, loadFrameworkTemplate } from '@/lib/frameworks/templates';
import { MAX_FRAMEWORK_FILE_BYTES, SERVER_ACTION_BODY_BYTES, utf8Bytes } from '@/lib/frameworks/upload-limits';
import { createMember, createOrganization } from '../../fixtures/actors';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let database: TestDatabase;
let orgId: string;
let admin: SessionContext;
let manager: SessionContext;

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  orgId = await createOrganization(database.db, 'Template Org');
  admin = await createMember(database.db, orgId, 'admin');
  manager = await createMember(database.db, orgId, 'manager');
});

afterAll(async () => {
  await database?.close();
});

function skillsOf(nodes: readonly FrameworkNode[]): FrameworkNode[] {
  return nodes.flatMap((node) => (node.kind === 'skill' ? [node] : skillsOf(node.children)));
}

describe('starter frameworks', () => {
  it.each(FRAMEWORK_TEMPLATES.map((template) => template.id))(
    '%s parses to at least 40 described skills in sections, with level descriptors',
    async (id) => {
      const { document } = await loadFrameworkTemplate(id);
      const counts = countNodesByKind(document.nodes);
      expect(counts.skill).toBeGreaterThanOrEqual(40);
      expect(counts.category).toBeGreaterThanOrEqual(3);
      const described = skillsOf(document.nodes).filter((skill) => (skill.description ?? '').length > 10);
      expect(described.length).toBeGreaterThanOrEqual(40);
      expect(document.levels.map((level) => level.level)).toEqual([0, 1, 2, 3, 4]);
      expect(document.levels.every((level) => level.descriptor.length > 10)).toBe(true);
      // The list shows the counts written out in FRAMEWORK_TEMPLATES (no file parsed per view): they must be the file's.
      const written = FRAMEWORK_TEMPLATES.find((template) => template.id === id)!;
      expect({
        key: written.key,
        name: written.name,
        description: written.description,
        areas: written.areas,
        sections: written.sections,
        skills: written.skills,
      }).toEqual({
        key: document.key,
        name: document.name,
        description: document.description ?? null,
        areas: counts.area,
        sections: counts.category,
        skills: counts.skill,
      });
    },
  );

  it('the seed and at least three more are offered', () => {
    const ids = FRAMEWORK_TEMPLATES.map((template) => template.id);
    expect(ids).toContain('python-devops-mastery');
    expect(ids.length).toBeGreaterThanOrEqual(4);
  });

  it('imports a template in one action as version 1, audited, and refuses a second import', async () => {
    actAs(admin);
    const result = await importFrameworkTemplateAction({ templateId: 'site-reliability-platform' });
    expect(result).toMatchObject({ ok: true, data: { key: 'site-reliability-platform' } });
    const [framework] = await database.db
      .select()
      .from(frameworks)
      .where(and(eq(frameworks.organizationId, orgId), eq(frameworks.key, 'site-reliability-platform')));
    expect(framework?.version).toBe(1);
    const audit = await database.db
      .select({ details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, orgId), eq(auditLog.action, 'framework.imported')));
    expect(audit.map((row) => row.details)).toContainEqual(
      expect.objectContaining({ key: 'site-reliability-platform', template: 'site-reliability-platform' }),
    );

    const again = await importFrameworkTemplateAction({ templateId: 'site-reliability-platform' });
    expect(again).toMatchObject({ ok: false, error: expect.stringContaining('already one of your frameworks') });

    const list = await listFrameworkTemplates(database.db, orgId);
    expect(list.find((template) => template.id === 'site-reliability-platform')?.importedFrameworkId).toBe(
      framework?.id,
    );
    expect(list.find((template) => template.id === 'frontend-engineering')?.importedFrameworkId).toBeNull();
    expect(list.every((template) => template.skills >= 40)).toBe(true);
  });

  it('the seed template brings its mapping: three areas and 320 skills', async () => {
    actAs(admin);
    expect((await importFrameworkTemplateAction({ templateId: 'python-devops-mastery' })).ok).toBe(true);
    const list = await listFrameworkTemplates(database.db, orgId);
    expect(list.find((template) => template.id === 'python-devops-mastery')).toMatchObject({ areas: 3, skills: 320 });
  });

  it('refuses unknown templates and non-admins without writing', async () => {
    actAs(admin);
    expect((await importFrameworkTemplateAction({ templateId: '../../etc/passwd' })).ok).toBe(false);
    actAs(manager);
    expect((await importFrameworkTemplateAction({ templateId: 'frontend-engineering' })).ok).toBe(false);
    const rows = await database.db
      .select({ id: frameworks.id })
      .from(frameworks)
      .where(and(eq(frameworks.organizationId, orgId), eq(frameworks.key, 'frontend-engineering')));
    expect(rows).toHaveLength(0);
  });
});

/** A valid framework file of about `bytes` bytes: many described skills. */
function largeFramework(bytes: number, title: string): string {
  const lines = [`# ${title}`, ''];
  let size = 0;
  let section = 0;
  while (size < bytes) {
    section += 1;
    lines.push(`## Area ${section}`, '', `### Section ${section}`);
    for (let skill = 0; skill < 50; skill += 1) {
      const line = `- **Skill ${section}.${skill}**: ${'A long description of what this skill means in practice. '.repeat(8)}`;
      lines.push(line);
      size += line.length + 1;
    }
    lines.push('');
  }
  return lines.join('\n');
}

describe('upload size limit', () => {
  it('one limit: the server action body limit in next.config.mjs leaves room for the escaped file', async () => {
    // A JavaScript config without type declarations: the specifier is widened so TypeScript does not look for them.
    const configPath: string = '@/next.config.mjs';
    const { default: nextConfig } = (await import(configPath)) as { default: NextConfig };
    const limit = nextConfig.experimental?.serverActions?.bodySizeLimit;
    expect(limit).toBe(SERVER_ACTION_BODY_BYTES);
    // JSON escaping can double a file's size on the wire (every newline becomes \n).
    expect(SERVER_ACTION_BODY_BYTES).toBeGreaterThanOrEqual(2 * MAX_FRAMEWORK_FILE_BYTES);
  });

  it('a 1.5 MB file previews and imports', async () => {
    actAs(admin);
    const text = largeFramework(1.5 * 1024 * 1024, 'Large Framework');
    expect(utf8Bytes(text)).toBeGreaterThan(1.5 * 1024 * 1024);
    const preview = await previewFrameworkAction({ text, format: 'md', fileName: 'large.md' });
    expect(preview.ok).toBe(true);
    const imported = await importFrameworkAction({ text, format: 'md', fileName: 'large.md' });
    expect(imported).toMatchObject({ ok: true, data: { key: 'large-framework', version: 1 } });
  });

  it('counts bytes, not characters: 1.1 million "é" (2.2 MB) is refused with the stated limit', async () => {
    actAs(admin);
    const result = await previewFrameworkAction({ text: `# T\n\n${'é'.repeat(1_100_000)}`, format: 'md' });
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { text: [expect.stringMatching(/^The file is 2\.1 MB, over the 2 MB limit/)] },
    });
  });
});
