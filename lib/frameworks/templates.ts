import 'server-only';
/**
 * The starter frameworks a new organization can begin from: Markdown files in
 * db/seed/frameworks, imported through the same parser and `importFramework`
 * as an upload, so once imported they are ordinary frameworks (versions,
 * in-place editing, export). The list is fixed in code: the action takes a
 * template id from this list, never a path.
 */
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db';
import { frameworks } from '@/db/schema';
import { countNodesByKind } from './document';
import { loadFrameworkFile, type LoadedFrameworkFile } from './load-file';

export const FRAMEWORK_TEMPLATES = [
  {
    id: 'python-devops-mastery',
    file: 'python-devops-mastery.md',
    audience: 'For DevOps and platform engineers who work in Python.',
  },
  { id: 'frontend-engineering', file: 'frontend-engineering.md', audience: 'For engineers who build web interfaces.' },
  {
    id: 'data-engineering',
    file: 'data-engineering.md',
    audience: 'For engineers who build pipelines and data platforms.',
  },
  {
    id: 'site-reliability-platform',
    file: 'site-reliability-platform.md',
    audience: 'For SREs and platform teams who run production.',
  },
  {
    id: 'engineering-management',
    file: 'engineering-management.md',
    audience: 'For engineering managers and tech leads.',
  },
] as const;

export type FrameworkTemplateId = (typeof FRAMEWORK_TEMPLATES)[number]['id'];
export const FRAMEWORK_TEMPLATE_IDS = FRAMEWORK_TEMPLATES.map((template) => template.id) as [
  FrameworkTemplateId,
  ...FrameworkTemplateId[],
];

export interface FrameworkTemplateSummary {
  id: FrameworkTemplateId;
  key: string;
  name: string;
  description: string | null;
  audience: string;
  areas: number;
  sections: number;
  skills: number;
  /** The organization's framework of the same key, when it has already been imported. */
  importedFrameworkId: string | null;
}

const TEMPLATE_DIR = path.join(process.cwd(), 'db', 'seed', 'frameworks');

export function loadFrameworkTemplate(id: FrameworkTemplateId): Promise<LoadedFrameworkFile> {
  const template = FRAMEWORK_TEMPLATES.find((candidate) => candidate.id === id);
  if (!template) throw new Error(`unknown framework template "${id}"`);
  return loadFrameworkFile(path.join(TEMPLATE_DIR, template.file));
}

/**
 * Every template with its counts, for the "Start from a template" list. Parsed
 * on each call (a few milliseconds) rather than cached in the process; a
 * template whose file is missing from a deployment is left out.
 */
export async function listFrameworkTemplates(db: Db, organizationId: string): Promise<FrameworkTemplateSummary[]> {
  const loaded = await Promise.all(
    FRAMEWORK_TEMPLATES.map(async (template) => {
      try {
        return { template, document: (await loadFrameworkTemplate(template.id)).document };
      } catch (error) {
        console.error(`Framework template ${template.file} could not be loaded`, error);
        return null;
      }
    }),
  );
  const available = loaded.filter((entry) => entry !== null);
  const keys = available.map((entry) => entry.document.key);
  const existing =
    keys.length === 0
      ? []
      : await db
          .select({ id: frameworks.id, key: frameworks.key })
          .from(frameworks)
          .where(and(eq(frameworks.organizationId, organizationId), inArray(frameworks.key, keys)));
  const idByKey = new Map(existing.map((row) => [row.key, row.id]));
  return available.map(({ template, document }) => {
    const counts = countNodesByKind(document.nodes);
    return {
      id: template.id,
      key: document.key,
      name: document.name,
      description: document.description ?? null,
      audience: template.audience,
      areas: counts.area,
      sections: counts.category,
      skills: counts.skill,
      importedFrameworkId: idByKey.get(document.key) ?? null,
    };
  });
}
