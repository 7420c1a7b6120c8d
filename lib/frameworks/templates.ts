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
import { loadFrameworkFile, type LoadedFrameworkFile } from './load-file';

/**
 * The templates, with what the list shows of each file written out: the page used to parse every file on every
 * view (87–260 ms of CPU per request, most of `/admin/frameworks`, issue 23). Written by hand from the files;
 * tests/integration/frameworks/templates-and-limits.test.ts parses each file and fails when one of these differs.
 */
export const FRAMEWORK_TEMPLATES = [
  {
    id: 'python-devops-mastery',
    file: 'python-devops-mastery.md',
    audience: 'For DevOps and platform engineers who work in Python.',
    key: 'python-devops-mastery',
    name: 'Python DevOps Mastery',
    description:
      'Python mastery topics for experienced DevOps engineers: the language, infrastructure automation and delivery, and the leadership that comes with ten years in the field.',
    areas: 3,
    sections: 18,
    skills: 320,
  },
  {
    id: 'frontend-engineering',
    file: 'frontend-engineering.md',
    audience: 'For engineers who build web interfaces.',
    key: 'frontend-engineering',
    name: 'Frontend Engineering',
    description:
      'Skills for engineers who build web interfaces: the platform itself, the application on top of it, and the quality that makes it usable by everyone.',
    areas: 3,
    sections: 10,
    skills: 45,
  },
  {
    id: 'data-engineering',
    file: 'data-engineering.md',
    audience: 'For engineers who build pipelines and data platforms.',
    key: 'data-engineering',
    name: 'Data Engineering',
    description:
      'Skills for engineers who move, model and serve data: pipelines, the platform they run on, and the practices that keep data trustworthy and lawful.',
    areas: 3,
    sections: 9,
    skills: 42,
  },
  {
    id: 'site-reliability-platform',
    file: 'site-reliability-platform.md',
    audience: 'For SREs and platform teams who run production.',
    key: 'site-reliability-platform',
    name: 'Site Reliability and Platform Engineering',
    description:
      'Skills for SREs and platform teams: running production, building the internal platform other engineers ship on, and the practices that keep both reliable and secure.',
    areas: 3,
    sections: 10,
    skills: 42,
  },
  {
    id: 'engineering-management',
    file: 'engineering-management.md',
    audience: 'For engineering managers and tech leads.',
    key: 'engineering-management',
    name: 'Engineering Management',
    description:
      'Skills for engineering managers and tech leads: growing people, running a team that delivers, and the judgement that connects engineering to the rest of the business.',
    areas: 3,
    sections: 9,
    skills: 42,
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
 * Every template with its counts, for the "Start from a template" list: the summaries written out above (no
 * file read per view) and, in one statement, which of them the organization has already imported.
 */
export async function listFrameworkTemplates(db: Db, organizationId: string): Promise<FrameworkTemplateSummary[]> {
  const keys = FRAMEWORK_TEMPLATES.map((template) => template.key);
  const existing = await db
    .select({ id: frameworks.id, key: frameworks.key })
    .from(frameworks)
    .where(and(eq(frameworks.organizationId, organizationId), inArray(frameworks.key, keys)));
  const idByKey = new Map(existing.map((row) => [row.key, row.id]));
  return FRAMEWORK_TEMPLATES.map(({ file: _file, ...template }) => ({
    ...template,
    importedFrameworkId: idByKey.get(template.key) ?? null,
  }));
}
