/**
 * What an upload would change, without writing anything: the uploaded file is
 * parsed by the same parsers as the CLI and compared with the organization's
 * framework of the same key by `planFrameworkNodes`, the step the import
 * itself runs, so the confirmed diff is the applied diff.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { frameworks, proficiencyLevels, skillNodes } from '@/db/schema';
import {
  countNodesByKind,
  slugify,
  type FrameworkDocument,
  type FrameworkNode,
  type FrameworkNodeKind,
} from './document';
import { parseFrameworkCsv } from './csv';
import { parseFrameworkJson } from './load-file';
import { FrameworkFormatError, parseFrameworkMarkdown, type DroppedMarkdown } from './parse-markdown';
import { planFrameworkNodes, type NodeChangeLists } from './plan';

export const UPLOAD_FORMATS = ['md', 'json', 'csv'] as const;
export type UploadFormat = (typeof UPLOAD_FORMATS)[number];

const SOURCE_FORMATS = { md: 'markdown', json: 'json', csv: 'csv' } as const;

export interface ParsedUpload {
  document: FrameworkDocument;
  sourceFormat: (typeof SOURCE_FORMATS)[UploadFormat];
  /** What a Markdown file's descriptions held that the framework does not keep (raw HTML, images). */
  dropped: DroppedMarkdown[];
}

/** File text → validated document; throws `FrameworkFormatError` (with the line when known). */
export function parseFrameworkUpload(text: string, format: UploadFormat, fileName?: string): ParsedUpload {
  const sourceFormat = SOURCE_FORMATS[format];
  const dropped: DroppedMarkdown[] = [];
  if (format === 'md')
    return {
      document: parseFrameworkMarkdown(text, { onDrop: (item) => dropped.push(item) }),
      sourceFormat,
      dropped,
    };
  if (format === 'json') return { document: parseFrameworkJson(text), sourceFormat, dropped };
  // A CSV without its framework line is named after the file, as a spreadsheet export would be.
  const base = fileName?.replace(/\.[^.]*$/, '').trim() ?? '';
  return {
    document: parseFrameworkCsv(text, { key: slugify(base) || undefined, name: base || undefined }),
    sourceFormat,
    dropped,
  };
}

export { FrameworkFormatError };

export interface TreeSummaryNode {
  key: string;
  kind: FrameworkNodeKind;
  name: string;
  skills: number;
  children: TreeSummaryNode[];
}

export interface FrameworkPreview {
  key: string;
  name: string;
  /** Null when the organization has no framework of this key yet. */
  currentVersion: number | null;
  counts: Record<FrameworkNodeKind, number>;
  /** Areas and their sections with skill counts; the skills themselves are in the diff lists. */
  tree: TreeSummaryNode[];
  changes: NodeChangeLists;
  levelsChanged: boolean;
  reordered: boolean;
  nameChanged: boolean;
  /** False when importing would not create a new version. */
  hasChanges: boolean;
  /** Parts of the file's descriptions that will not be imported, so the admin is told before confirming (the first 50). */
  dropped: DroppedMarkdown[];
  droppedCount: number;
}

function summarize(nodes: readonly FrameworkNode[], depth: number): TreeSummaryNode[] {
  return nodes
    .filter((node) => node.kind !== 'skill' && !node.archived)
    .map((node) => ({
      key: node.key,
      kind: node.kind,
      name: node.name,
      skills: countNodesByKind(node.children.filter((child) => !child.archived)).skill,
      children: depth > 1 ? summarize(node.children, depth - 1) : [],
    }));
}

export async function previewFrameworkImport(
  db: Db,
  organizationId: string,
  document: FrameworkDocument,
  dropped: DroppedMarkdown[] = [],
): Promise<FrameworkPreview> {
  const [framework] = await db
    .select({
      id: frameworks.id,
      version: frameworks.version,
      name: frameworks.name,
      description: frameworks.description,
    })
    .from(frameworks)
    .where(and(eq(frameworks.organizationId, organizationId), eq(frameworks.key, document.key)));

  const [existingRows, levelRows] = framework
    ? await Promise.all([
        db
          .select({
            id: skillNodes.id,
            key: skillNodes.key,
            parentId: skillNodes.parentId,
            kind: skillNodes.kind,
            name: skillNodes.name,
            description: skillNodes.description,
            position: skillNodes.position,
            depth: skillNodes.depth,
            ancestorIds: skillNodes.ancestorIds,
            archivedAt: skillNodes.archivedAt,
          })
          .from(skillNodes)
          .where(and(eq(skillNodes.organizationId, organizationId), eq(skillNodes.frameworkId, framework.id))),
        db
          .select({
            level: proficiencyLevels.level,
            name: proficiencyLevels.name,
            descriptor: proficiencyLevels.descriptor,
          })
          .from(proficiencyLevels)
          .where(
            and(eq(proficiencyLevels.organizationId, organizationId), eq(proficiencyLevels.frameworkId, framework.id)),
          )
          .orderBy(asc(proficiencyLevels.level)),
      ])
    : [[], []];

  const { lists, planned } = planFrameworkNodes(existingRows, document, new Date());
  const positionBefore = new Map(existingRows.map((row) => [row.id, row.position]));
  // Reorders are applied by the import (a new version) but not listed as changes.
  const reordered = [...planned.values()].some((node) => {
    const before = positionBefore.get(node.id);
    return before !== undefined && before !== node.position;
  });
  const levelsChanged =
    framework !== undefined &&
    (levelRows.length !== document.levels.length ||
      document.levels.some((level, index) => {
        const row = levelRows[index];
        return !row || row.name !== level.name || row.descriptor !== level.descriptor;
      }));
  const nameChanged =
    framework !== undefined &&
    (framework.name !== document.name || framework.description !== (document.description ?? null));
  const listed = Object.values(lists).some((list) => list.length > 0);

  return {
    key: document.key,
    name: document.name,
    currentVersion: framework?.version ?? null,
    counts: countNodesByKind(document.nodes),
    tree: summarize(document.nodes, 2),
    changes: lists,
    levelsChanged,
    nameChanged,
    reordered,
    hasChanges: !framework || listed || reordered || levelsChanged || nameChanged,
    // A long list is cut: the count and the first lines are enough to act on.
    dropped: dropped.slice(0, 50),
    droppedCount: dropped.length,
  };
}
