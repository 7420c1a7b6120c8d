/**
 * The framework document: the one interchange format of a skills framework.
 *
 * Markdown import produces it, JSON import/export is it verbatim, the database
 * import consumes it and the exporters rebuild it from the database. Keeping a
 * single validated shape means every source is checked by the same rules
 * before anything is written.
 *
 * Pure module (zod only): safe to import from client components too.
 */
import { z } from 'zod';

export const FRAMEWORK_NODE_KINDS = ['area', 'category', 'group', 'skill'] as const;
export type FrameworkNodeKind = (typeof FRAMEWORK_NODE_KINDS)[number];

/**
 * Which kinds may sit directly under which. Depth may vary (a category may hold
 * skills without groups) but the order never inverts, and because every kind
 * has exactly one heading level in Markdown the tree always round-trips.
 */
export const CHILD_KINDS: Readonly<Record<FrameworkNodeKind, readonly FrameworkNodeKind[]>> = {
  area: ['category', 'skill'],
  category: ['group', 'skill'],
  group: ['skill'],
  skill: [],
};

/** Collapses runs of whitespace; names and descriptions are stored in this form so imports compare equal. */
export function normalizeText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** `Data Structures & Algorithms` → `data-structures-algorithms`; `/` becomes `-` so it never splits a key path. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const SEGMENT = '[a-z0-9]+(?:[-_.][a-z0-9]+)*';
const SEGMENT_RE = new RegExp(`^${SEGMENT}$`);
const NODE_KEY_RE = new RegExp(`^${SEGMENT}(?:/${SEGMENT})*$`);

export function isNodeKey(value: string): boolean {
  return value.length <= 200 && NODE_KEY_RE.test(value);
}

/** A framework or learning-stage key: one slug segment. */
export const keySegmentSchema = z
  .string()
  .max(100)
  .regex(SEGMENT_RE, 'must be lower-case letters, digits and single - _ . separators');
/** A node key: slug segments joined by `/` (the names path by default). */
export const nodeKeySchema = z.string().max(200).regex(NODE_KEY_RE, 'must be lower-case slug segments separated by /');

export const singleLine = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((value) => value === normalizeText(value), 'must be trimmed, on one line, without repeated spaces');

const nameText = singleLine(300);
const descriptionText = singleLine(2000);

export interface FrameworkNode {
  key: string;
  kind: FrameworkNodeKind;
  name: string;
  description?: string;
  /** Present (true) only on retired nodes, which exports include on request. */
  archived?: boolean;
  children: FrameworkNode[];
}

/** What a JSON file may contain: skills may leave out `children`. */
export interface FrameworkNodeInput {
  key: string;
  kind: FrameworkNodeKind;
  name: string;
  description?: string | undefined;
  archived?: boolean | undefined;
  children?: FrameworkNodeInput[] | undefined;
}

export const frameworkNodeSchema: z.ZodType<FrameworkNode, FrameworkNodeInput> = z
  .object({
    key: nodeKeySchema,
    kind: z.enum(FRAMEWORK_NODE_KINDS),
    name: nameText,
    description: descriptionText.optional(),
    archived: z.boolean().optional(),
    children: z.array(z.lazy(() => frameworkNodeSchema)).default([]),
  })
  .strict()
  // `archived: false` and a missing flag mean the same; keep one spelling so documents compare equal.
  .transform(({ key, kind, name, description, archived, children }) => ({
    key,
    kind,
    name,
    ...(description === undefined ? {} : { description }),
    ...(archived ? { archived: true } : {}),
    children,
  }));

export const proficiencyLevelSchema = z
  .object({
    level: z.number().int().min(0).max(10),
    name: singleLine(60),
    descriptor: singleLine(300),
  })
  .strict();
export type ProficiencyLevelEntry = z.output<typeof proficiencyLevelSchema>;

export const learningStageSchema = z
  .object({
    key: keySegmentSchema,
    name: nameText,
    /** Null/null for an open-ended stage such as "Continuous learning". */
    fromLevel: z.number().int().min(0).max(10).nullable(),
    toLevel: z.number().int().min(0).max(10).nullable(),
    steps: z.array(descriptionText).min(1),
  })
  .strict();
export type LearningStageEntry = z.output<typeof learningStageSchema>;

/** The product's default scale (0–4). */
export const DEFAULT_LEVELS: ProficiencyLevelEntry[] = [
  { level: 0, name: 'None', descriptor: 'No knowledge or experience yet.' },
  { level: 1, name: 'Beginner', descriptor: 'Knows the basics; needs guidance to apply them.' },
  { level: 2, name: 'Intermediate', descriptor: 'Applies it independently in everyday work.' },
  { level: 3, name: 'Advanced', descriptor: 'Handles complex cases and guides others.' },
  { level: 4, name: 'Expert', descriptor: 'Recognised authority; shapes practice across teams.' },
];

export const frameworkDocumentSchema = z
  .object({
    key: keySegmentSchema,
    name: nameText,
    description: descriptionText.optional(),
    levels: z.array(proficiencyLevelSchema).min(2).max(11),
    nodes: z.array(frameworkNodeSchema).min(1),
    learningStages: z.array(learningStageSchema).default([]),
  })
  .strict()
  .superRefine((doc, ctx) => {
    doc.levels.forEach((level, index) => {
      if (level.level !== index) {
        ctx.addIssue({
          code: 'custom',
          path: ['levels', index, 'level'],
          message: `levels must be numbered 0, 1, 2, … in order (expected ${index}, got ${level.level})`,
        });
      }
    });
    const maxLevel = doc.levels.length - 1;

    const stageKeys = new Set<string>();
    const stageNames = new Set<string>();
    doc.learningStages.forEach((stage, index) => {
      const path = ['learningStages', index];
      if (stageKeys.has(stage.key))
        ctx.addIssue({ code: 'custom', path: [...path, 'key'], message: `duplicate stage key "${stage.key}"` });
      // Markdown matches stages by heading, so names must be unique too.
      if (stageNames.has(stage.name))
        ctx.addIssue({ code: 'custom', path: [...path, 'name'], message: `duplicate stage name "${stage.name}"` });
      stageKeys.add(stage.key);
      stageNames.add(stage.name);
      const { fromLevel, toLevel } = stage;
      if ((fromLevel === null) !== (toLevel === null)) {
        ctx.addIssue({ code: 'custom', path, message: 'fromLevel and toLevel must both be set or both be null' });
      } else if (fromLevel !== null && toLevel !== null) {
        if (toLevel <= fromLevel) ctx.addIssue({ code: 'custom', path, message: 'toLevel must be above fromLevel' });
        if (toLevel > maxLevel)
          ctx.addIssue({
            code: 'custom',
            path,
            message: `toLevel ${toLevel} is not a level of this framework (max ${maxLevel})`,
          });
      }
    });

    const keys = new Set<string>();
    const visit = (node: FrameworkNode, path: (string | number)[], parent: FrameworkNode | null) => {
      const issue = (message: string) =>
        ctx.addIssue({ code: 'custom', path, message: `${message} (node "${node.key}")` });
      if (keys.has(node.key)) issue('duplicate key');
      keys.add(node.key);
      if (parent === null && node.kind !== 'area') issue(`top-level nodes must be areas, not ${node.kind}`);
      if (parent !== null && !CHILD_KINDS[parent.kind].includes(node.kind))
        issue(`a ${node.kind} cannot sit under a ${parent.kind}`);
      if (parent?.archived && !node.archived) issue('a node under an archived node must be archived too');
      if (node.kind === 'skill') {
        if (node.children.length > 0) issue('skills are leaves and cannot have children');
      } else {
        // Only skills are rated, so every branch must end in skills.
        if (node.children.length === 0) issue(`a ${node.kind} needs at least one child; leaves must be skills`);
        else if (!node.archived && node.children.every((child) => child.archived))
          issue(`a ${node.kind} needs at least one child that is not archived`);
        const leaves = node.children.filter((child) => child.kind === 'skill').length;
        // Markdown cannot put a bullet after a subheading of the same parent, so no mixing.
        if (leaves > 0 && leaves < node.children.length)
          issue('children must be all skills or all subsections, not a mix');
      }
      node.children.forEach((child, index) => visit(child, [...path, 'children', index], node));
    };
    doc.nodes.forEach((node, index) => visit(node, ['nodes', index], null));
  });

export type FrameworkDocument = z.output<typeof frameworkDocumentSchema>;
export type FrameworkDocumentInput = z.input<typeof frameworkDocumentSchema>;

/** Formats zod issues as `nodes[2].children[0].key: duplicate key …`, one per line. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path
        .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
        .join('')
        .replace(/^\./, '');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('\n');
}

/** Number of nodes of each kind (archived included), e.g. for a CLI summary or tests. */
export function countNodesByKind(nodes: readonly FrameworkNode[]): Record<FrameworkNodeKind, number> {
  const counts: Record<FrameworkNodeKind, number> = { area: 0, category: 0, group: 0, skill: 0 };
  const visit = (node: FrameworkNode) => {
    counts[node.kind] += 1;
    node.children.forEach(visit);
  };
  nodes.forEach(visit);
  return counts;
}

/** JSON export: skills drop their empty `children` so a 320-skill file stays readable. */
export function toFrameworkJson(document: FrameworkDocument): string {
  const compact = (node: FrameworkNode): FrameworkNodeInput => {
    const { children, ...rest } = node;
    return children.length > 0 ? { ...rest, children: children.map(compact) } : rest;
  };
  return `${JSON.stringify({ ...document, nodes: document.nodes.map(compact) }, null, 2)}\n`;
}
