/**
 * Markdown → framework document, on the mdast tree from remark (no line regexes).
 *
 * Grammar (one `# Title`, then H2 sections):
 *
 *   - `- **Name**: description` bullets are skills; the heading above them is
 *     their parent. A heading holds either bullets or subheadings, never both.
 *   - Paragraphs right after a heading are its description; paragraphs after
 *     its content (like the seed's closing remark) are notes and are ignored.
 *   - `<!-- key: some/key -->` right after a heading or at the end of a bullet
 *     fixes the node's key (`<!-- key: some/key archived -->` marks it retired).
 *     Without it the key is the parent's key plus the slug of the name, which
 *     for an unannotated file is the slug path of the headings and bullet,
 *     e.g. `core-python-fundamentals/data-structures-algorithms/graph-algorithms`.
 *   - The learning path H2 holds one H3 per stage with numbered or bulleted steps.
 *   - Ignored H2s (default "Table of Contents") are skipped whole.
 *   - The framework key is the mapping's `key`, else a key comment after the
 *     title, else the slug of the title.
 *
 * Two layouts, chosen by the mapping (a sidecar `<name>.mapping.json`, or a
 * `<!-- skillgrid:framework {…} -->` comment before the title, which the
 * Markdown export writes):
 *
 *   - with `areas`: areas are not headings but come from the mapping; every H2
 *     is a category listed under one area, its H3s are groups. The H2 named
 *     `keySkillsHeading` instead holds H3 categories, each listed under an area.
 *     This is how the seed is imported.
 *   - without `areas` (also: no mapping at all): every H2 is an area, H3 a
 *     category, H4 a group. A plain Markdown file thus imports with one area
 *     per H2 — the most literal reading of a document nobody annotated — and
 *     the Markdown export uses the same layout so it is self-describing.
 */
import type { List, ListItem, PhrasingContent, Root, RootContent } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { z } from 'zod';
import {
  DEFAULT_LEVELS,
  describeIssues,
  frameworkDocumentSchema,
  isNodeKey,
  keySegmentSchema,
  nodeKeySchema,
  normalizeText,
  proficiencyLevelSchema,
  singleLine,
  slugify,
  type FrameworkDocument,
  type FrameworkNode,
  type FrameworkNodeKind,
  type LearningStageEntry,
} from './document';

/** A Markdown file (or its mapping) that does not follow the grammar; `line` is 1-based when known. */
export class FrameworkFormatError extends Error {
  readonly line: number | undefined;
  readonly reason: string;

  constructor(reason: string, options: { line?: number | undefined; source?: string | undefined } = {}) {
    // `file.md:12: reason`, the compiler convention editors can jump to; `line 12: reason` without a file.
    const line = options.line === undefined ? undefined : String(options.line);
    const where = options.source ? [options.source, line].filter(Boolean).join(':') : line && `line ${line}`;
    super(where ? `${where}: ${reason}` : reason);
    this.name = 'FrameworkFormatError';
    this.line = options.line;
    this.reason = reason;
  }
}

const headingName = z.string().min(1).transform(normalizeText);

export const markdownMappingSchema = z
  .object({
    key: keySegmentSchema.optional(),
    name: singleLine(300).optional(),
    description: singleLine(2000).optional(),
    levels: z.array(proficiencyLevelSchema).optional(),
    areas: z
      .array(
        z
          .object({
            key: nodeKeySchema,
            name: singleLine(300),
            description: singleLine(2000).optional(),
            /** H2 headings that become this area's categories. */
            sections: z.array(headingName).default([]),
            /** H3 headings under `keySkillsHeading` that become this area's categories. */
            keySkills: z.array(headingName).default([]),
          })
          .strict(),
      )
      .min(1)
      .optional(),
    keySkillsHeading: headingName.optional(),
    /** Undefined: an H2 whose name ends in "Learning Path" is the learning path. Null: there is none. */
    learningPath: z
      .object({
        heading: headingName,
        stages: z
          .array(
            z
              .object({
                heading: headingName,
                key: keySegmentSchema.optional(),
                fromLevel: z.number().int().min(0).max(10).nullable(),
                toLevel: z.number().int().min(0).max(10).nullable(),
              })
              .strict(),
          )
          .optional(),
      })
      .strict()
      .nullable()
      .optional(),
    /** H2 headings skipped whole (compared case-insensitively). */
    ignoredHeadings: z.array(headingName).default(['Table of Contents', 'Contents']),
  })
  .strict();
export type MarkdownMapping = z.output<typeof markdownMappingSchema>;
export type MarkdownMappingInput = z.input<typeof markdownMappingSchema>;

/** The comment the Markdown export puts before the title to carry key, levels and stage levels. */
export const EMBEDDED_MAPPING_MARKER = '<!-- skillgrid:framework';

export interface ParseMarkdownOptions {
  /** A sidecar mapping (unvalidated JSON is fine); it replaces any embedded mapping. */
  mapping?: unknown;
  /** File name used in error messages. */
  source?: string;
  /** Told about every piece of a description the import does not keep (raw HTML, images). */
  onDrop?: (dropped: DroppedMarkdown) => void;
}

interface Section {
  name: string;
  depth: number;
  line: number;
  key?: string;
  archived: boolean;
  description?: string;
  lists: List[];
  children: Section[];
  /** Blocks the grammar has no place for; only an error if the section is actually used. */
  unsupported: RootContent[];
}

const KEY_COMMENT_RE = /^<!--\s*key:\s*(\S+?)(\s+archived)?\s*-->$/;

function lineOf(node: { position?: { start: { line: number } } | undefined }): number | undefined {
  return node.position?.start.line;
}

function inlineText(nodes: readonly PhrasingContent[]): string {
  let text = '';
  for (const node of nodes) {
    if (node.type === 'text') text += node.value;
    // Backticks are kept: `lru_cache` reads as code in the UI and survives a round trip.
    else if (node.type === 'inlineCode') text += `\`${node.value}\``;
    else if (node.type === 'break') text += ' ';
    else if (node.type === 'image' || node.type === 'imageReference') text += node.alt ?? '';
    else if ('children' in node) text += inlineText(node.children);
  }
  return text;
}

/** Something in a description the framework cannot keep, reported by the import preview. */
export interface DroppedMarkdown {
  line: number | undefined;
  kind: 'html' | 'image';
  /** The dropped source, shortened. */
  text: string;
}

/**
 * A description's inline Markdown, kept as Markdown: code, emphasis, strong,
 * strike-through and links are written back in their usual syntax, and the
 * <Markdown> component renders them. Raw HTML and images are not kept (an
 * image keeps its alt text); each is reported through `drop`, never silently.
 * Text is written as it was parsed, as before: an exported description is
 * escaped (to-markdown.ts) and re-imports to the same string.
 */
function inlineMarkdown(nodes: readonly PhrasingContent[], drop?: (dropped: DroppedMarkdown) => void): string {
  let text = '';
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
        text += node.value;
        break;
      case 'inlineCode':
        text += `\`${node.value}\``;
        break;
      case 'break':
        text += ' ';
        break;
      case 'emphasis':
        text += `*${inlineMarkdown(node.children, drop)}*`;
        break;
      case 'strong':
        text += `**${inlineMarkdown(node.children, drop)}**`;
        break;
      case 'delete':
        text += `~~${inlineMarkdown(node.children, drop)}~~`;
        break;
      case 'link': {
        const label = inlineMarkdown(node.children, drop);
        // A URL with spaces or parentheses is kept inside <…> so it parses back as one link.
        const url = /[\s()<>]/.test(node.url) ? `<${node.url.replace(/[<>]/g, encodeURIComponent)}>` : node.url;
        text += label ? `[${label}](${url})` : url;
        break;
      }
      case 'html':
        // Comments are notes for human readers (key comments are taken out before this); anything else is dropped.
        if (!node.value.trim().startsWith('<!--'))
          drop?.({ line: lineOf(node), kind: 'html', text: node.value.trim().slice(0, 80) });
        break;
      case 'image':
      case 'imageReference':
        drop?.({ line: lineOf(node), kind: 'image', text: node.alt ?? '' });
        text += node.alt ?? '';
        break;
      default:
        if ('children' in node) text += inlineMarkdown(node.children, drop);
        else if ('value' in node) text += node.value;
    }
  }
  return text;
}

/** Splits inline content into its text and a trailing `<!-- key: … -->`, if any. */
function textAndKey(
  nodes: readonly PhrasingContent[],
  fail: (reason: string, line?: number) => never,
  /** Set for descriptions: their inline Markdown is kept, and what cannot be kept is reported here. */
  markdown?: { drop?: ((dropped: DroppedMarkdown) => void) | undefined },
): { text: string; key?: string; archived: boolean } {
  let key: string | undefined;
  let archived = false;
  const rest: PhrasingContent[] = [];
  for (const node of nodes) {
    const match = node.type === 'html' ? KEY_COMMENT_RE.exec(node.value.trim()) : null;
    if (node.type === 'html' && /^<!--\s*key\s*:/.test(node.value) && !match) {
      fail('malformed key comment, expected <!-- key: some/key -->', lineOf(node));
    }
    if (match?.[1]) {
      if (key !== undefined) fail('more than one key comment', lineOf(node));
      if (!isNodeKey(match[1]))
        fail(`invalid key "${match[1]}": use lower-case slug segments separated by /`, lineOf(node));
      key = match[1];
      archived = Boolean(match[2]);
    } else {
      rest.push(node);
    }
  }
  const text = markdown ? inlineMarkdown(rest, markdown.drop) : inlineText(rest);
  return { text: normalizeText(text), ...(key === undefined ? {} : { key }), archived };
}

function parseMapping(raw: unknown, fail: (reason: string, line?: number) => never, line?: number): MarkdownMapping {
  const result = markdownMappingSchema.safeParse(raw);
  if (!result.success) fail(`invalid mapping: ${describeIssues(result.error)}`, line);
  return result.data;
}

export function parseFrameworkMarkdown(markdown: string, options: ParseMarkdownOptions = {}): FrameworkDocument {
  // Explicitly typed so that TypeScript narrows after `if (…) fail(…)`.
  const fail: (reason: string, line?: number) => never = (reason, line) => {
    throw new FrameworkFormatError(reason, { line, source: options.source });
  };
  const root: Root = unified().use(remarkParse).parse(markdown);

  // ---- pass 1: mdast (flat blocks) → outline of nested headings
  let embeddedMapping: MarkdownMapping | undefined;
  let title: Section | undefined;
  const stack: Section[] = [];
  let lastHeading: Section | undefined;
  for (const node of root.children) {
    const current = stack.at(-1) ?? title;
    const afterHeading = lastHeading;
    lastHeading = undefined;
    switch (node.type) {
      case 'html': {
        const value = node.value.trim();
        if (value.startsWith(EMBEDDED_MAPPING_MARKER)) {
          if (title) fail('the skillgrid:framework comment must come before the # title', lineOf(node));
          let json: unknown;
          try {
            json = JSON.parse(value.slice(EMBEDDED_MAPPING_MARKER.length, value.lastIndexOf('-->')));
          } catch (error) {
            fail(`the skillgrid:framework comment is not valid JSON (${(error as Error).message})`, lineOf(node));
          }
          embeddedMapping = parseMapping(json, fail, lineOf(node));
        } else if (/^<!--\s*key\s*:/.test(value)) {
          if (!afterHeading || afterHeading.key !== undefined)
            fail('a key comment must directly follow a heading', lineOf(node));
          const { key, archived } = textAndKey([node], fail);
          if (key !== undefined) afterHeading.key = key;
          afterHeading.archived = archived;
        }
        // Any other comment is a note for human readers.
        break;
      }
      case 'heading': {
        const { text, key, archived } = textAndKey(node.children, fail);
        if (!text) fail('empty heading', lineOf(node));
        const section: Section = {
          name: text,
          depth: node.depth,
          line: lineOf(node) ?? 0,
          archived,
          lists: [],
          children: [],
          unsupported: [],
          ...(key === undefined ? {} : { key }),
        };
        if (node.depth === 1) {
          if (title) fail('only one # title is allowed', section.line);
          title = section;
        } else {
          if (!title) fail('the document must start with a # title', section.line);
          while ((stack.at(-1)?.depth ?? 1) >= node.depth) stack.pop();
          const parent = stack.at(-1) ?? title;
          if (parent.depth !== node.depth - 1) {
            fail(`heading level skipped: "${text}" is an H${node.depth} under an H${parent.depth}`, section.line);
          }
          parent.children.push(section);
          stack.push(section);
        }
        lastHeading = section;
        break;
      }
      case 'paragraph': {
        if (!current) fail('text before the # title', lineOf(node));
        if (current.lists.length === 0 && current.children.length === 0) {
          const description = normalizeText(
            `${current.description ?? ''} ${textAndKey(node.children, fail, { drop: options.onDrop }).text}`,
          );
          if (description) current.description = description;
        }
        break;
      }
      case 'list': {
        if (!current || current.depth === 1) fail('a list must sit under a ## section', lineOf(node));
        current.lists.push(node);
        break;
      }
      case 'thematicBreak':
      case 'blockquote':
      case 'definition':
        break;
      default:
        if (!current) fail(`unsupported Markdown block (${node.type}) before the # title`, lineOf(node));
        current.unsupported.push(node);
    }
  }
  if (!title) fail('the document has no # title', 1);

  const mapping =
    options.mapping === undefined ? (embeddedMapping ?? parseMapping({}, fail)) : parseMapping(options.mapping, fail);

  // ---- pass 2: outline + mapping → nodes
  const keyLines = new Map<string, number>();
  const claimKey = (key: string, line: number) => {
    const earlier = keyLines.get(key);
    if (earlier !== undefined) {
      const where = earlier > 0 ? `already used on line ${earlier}` : 'already the key of a mapping area';
      fail(`duplicate key "${key}" (${where}); rename one or give it <!-- key: … -->`, line || undefined);
    }
    keyLines.set(key, line);
  };
  const checkSupported = (section: Section) => {
    const [block] = section.unsupported;
    if (block) fail(`unsupported Markdown block (${block.type}) in "${section.name}"`, lineOf(block));
  };
  const derivedKey = (path: readonly string[], name: string, line: number): string[] => {
    const slug = slugify(name);
    if (!slug) fail(`"${name}" has no letters or digits to derive a key from; add <!-- key: … -->`, line);
    return [...path, slug];
  };

  const parseSkill = (item: ListItem, path: readonly string[]): FrameworkNode => {
    const line = lineOf(item) ?? 0;
    const [paragraph, ...more] = item.children;
    const nested = more.find((child) => child.type === 'list');
    if (nested) fail('nested lists are not supported; use a ### heading for a group', lineOf(nested));
    const [first, ...rest] = paragraph?.type === 'paragraph' ? paragraph.children : [];
    if (!paragraph || paragraph.type !== 'paragraph' || more.length > 0 || first?.type !== 'strong') {
      fail('a skill bullet must look like "- **Name**: description"', line);
    }
    const name = normalizeText(inlineText(first.children));
    if (!name) fail('a skill bullet has an empty **name**', line);
    const { text, key, archived } = textAndKey(rest, fail, { drop: options.onDrop });
    if (text && !text.startsWith(':'))
      fail(`expected ":" after **${name}** (a skill bullet is "- **Name**: description")`, line);
    const description = normalizeText(text.slice(1));
    const nodeKey = key ?? derivedKey(path, name, line).join('/');
    claimKey(nodeKey, line);
    return {
      key: nodeKey,
      kind: 'skill',
      name,
      ...(description ? { description } : {}),
      ...(archived ? { archived: true } : {}),
      children: [],
    };
  };

  const parseBranch = (
    section: Section,
    kinds: readonly FrameworkNodeKind[],
    parentPath: readonly string[],
  ): FrameworkNode => {
    const [kind, ...deeper] = kinds;
    if (!kind) throw new Error('unreachable: no kind left');
    checkSupported(section);
    // Children derive their keys from this node's key, so renaming a heading that carries an
    // explicit key keeps the derived keys below it (and their ratings) too.
    const key = section.key ?? derivedKey(parentPath, section.name, section.line).join('/');
    const path = key.split('/');
    claimKey(key, section.line);
    const [firstList] = section.lists;
    const [firstChild] = section.children;
    let children: FrameworkNode[];
    if (firstChild) {
      if (firstList)
        fail(`"${section.name}" mixes bullets and subheadings; put the bullets under a subheading`, lineOf(firstList));
      if (deeper.length === 0)
        fail(`"${firstChild.name}" is nested too deep: a ${kind} holds skill bullets, not headings`, firstChild.line);
      children = section.children.map((child) => parseBranch(child, deeper, path));
    } else if (firstList) {
      children = section.lists.flatMap((list) => {
        if (list.ordered)
          fail('skills must be a bullet list ("- **Name**: description"), not a numbered one', lineOf(list));
        return list.children.map((item) => parseSkill(item, path));
      });
    } else {
      fail(`"${section.name}" is empty: add subheadings or "- **Name**: description" bullets`, section.line);
    }
    return {
      key,
      kind,
      name: section.name,
      ...(section.description ? { description: section.description } : {}),
      ...(section.archived ? { archived: true } : {}),
      children,
    };
  };

  const parseLearningPath = (section: Section): LearningStageEntry[] => {
    checkSupported(section);
    const [strayList] = section.lists;
    if (strayList) fail(`steps under "${section.name}" must sit under a ### stage heading`, lineOf(strayList));
    if (section.children.length === 0) fail(`"${section.name}" has no ### stages`, section.line);
    const mapped = mapping.learningPath?.stages;
    const seen = new Set<string>();
    const stages = section.children.map((stage): LearningStageEntry => {
      checkSupported(stage);
      const [deeper] = stage.children;
      if (deeper) fail(`learning stages cannot have subheadings ("${deeper.name}")`, deeper.line);
      const steps = stage.lists.flatMap((list) =>
        list.children.map((item) => {
          const [paragraph, ...more] = item.children;
          if (paragraph?.type !== 'paragraph' || more.length > 0)
            fail('a learning step must be a single line of text', lineOf(item));
          const text = normalizeText(inlineText(paragraph.children));
          if (!text) fail('empty learning step', lineOf(item));
          return text;
        }),
      );
      if (steps.length === 0) fail(`learning stage "${stage.name}" has no steps`, stage.line);
      const entry = mapped?.find((candidate) => candidate.heading === stage.name);
      if (mapped && !entry)
        fail(`learning stage "${stage.name}" is not listed in the mapping's learningPath.stages`, stage.line);
      seen.add(stage.name);
      const key = stage.key ?? entry?.key ?? slugify(stage.name);
      if (!keySegmentSchema.safeParse(key).success)
        fail(`learning stage key "${key}" must be a single slug without /`, stage.line);
      return { key, name: stage.name, fromLevel: entry?.fromLevel ?? null, toLevel: entry?.toLevel ?? null, steps };
    });
    const missing = mapped?.find((entry) => !seen.has(entry.heading));
    if (missing)
      fail(
        `the mapping lists learning stage "${missing.heading}" but "${section.name}" has no such ### heading`,
        section.line,
      );
    return stages;
  };

  // Classify the H2s.
  const ignored = new Set(mapping.ignoredHeadings.map((heading) => heading.toLowerCase()));
  let learningPath: Section | undefined;
  let keySkills: Section | undefined;
  const sections: Section[] = [];
  for (const section of title.children) {
    if (ignored.has(section.name.toLowerCase())) continue;
    const isLearningPath =
      mapping.learningPath === undefined
        ? /learning path$/i.test(section.name)
        : mapping.learningPath !== null && section.name === mapping.learningPath.heading;
    if (isLearningPath) {
      if (learningPath)
        fail(`a second learning path section "${section.name}" (first on line ${learningPath.line})`, section.line);
      learningPath = section;
    } else if (mapping.areas && section.name === mapping.keySkillsHeading) {
      if (keySkills) fail(`a second "${section.name}" section (first on line ${keySkills.line})`, section.line);
      keySkills = section;
    } else {
      sections.push(section);
    }
  }
  if (mapping.learningPath && !learningPath)
    fail(`the mapping names learning path "${mapping.learningPath.heading}" but there is no such ## heading`);

  let nodes: FrameworkNode[];
  if (!mapping.areas) {
    nodes = sections.map((section) => parseBranch(section, ['area', 'category', 'group'], []));
  } else {
    const areas = mapping.areas;
    const areaOf = (names: 'sections' | 'keySkills') => {
      const owner = new Map<string, number>();
      areas.forEach((area, index) =>
        area[names].forEach((heading) => {
          if (owner.has(heading)) fail(`the mapping assigns "${heading}" to more than one area`);
          owner.set(heading, index);
        }),
      );
      return owner;
    };
    const sectionArea = areaOf('sections');
    const keySkillArea = areaOf('keySkills');
    // Area keys come first so that a heading colliding with one is the one reported, with its line.
    for (const area of areas) claimKey(area.key, 0);
    const placed = areas.map(() => [] as { line: number; node: FrameworkNode }[]);
    const used = new Set<string>();
    const place = (section: Section, owner: Map<string, number>, parentPath: readonly string[]) => {
      const index = owner.get(section.name);
      const bucket = index === undefined ? undefined : placed[index];
      if (!bucket) fail(`"${section.name}" is not assigned to an area in the mapping`, section.line);
      used.add(section.name);
      bucket.push({ line: section.line, node: parseBranch(section, ['category', 'group'], parentPath) });
    };
    for (const section of sections) place(section, sectionArea, []);
    if (mapping.keySkillsHeading && !keySkills)
      fail(`the mapping names key skills section "${mapping.keySkillsHeading}" but there is no such ## heading`);
    if (keySkills) {
      checkSupported(keySkills);
      const [strayList] = keySkills.lists;
      if (strayList) fail(`bullets under "${keySkills.name}" must sit under a ### heading`, lineOf(strayList));
      const containerPath = keySkills.key?.split('/') ?? derivedKey([], keySkills.name, keySkills.line);
      for (const section of keySkills.children) place(section, keySkillArea, containerPath);
    }
    const unused = [...sectionArea.keys(), ...keySkillArea.keys()].find((heading) => !used.has(heading));
    if (unused !== undefined) fail(`the mapping lists "${unused}" but the Markdown has no such heading`);
    nodes = areas.map((area, index) => {
      // Document order, so a key skills section placed first in the file comes first in its area.
      const children = (placed[index] ?? []).sort((a, b) => a.line - b.line).map(({ node }) => node);
      if (children.length === 0) fail(`area "${area.name}" in the mapping has no sections`);
      return {
        key: area.key,
        kind: 'area' as const,
        name: area.name,
        ...(area.description ? { description: area.description } : {}),
        children,
      };
    });
  }

  const candidate = {
    key: mapping.key ?? title.key ?? slugify(title.name),
    name: mapping.name ?? title.name,
    ...((mapping.description ?? title.description) ? { description: mapping.description ?? title.description } : {}),
    levels: mapping.levels ?? DEFAULT_LEVELS,
    nodes,
    learningStages: learningPath ? parseLearningPath(learningPath) : [],
  };
  const result = frameworkDocumentSchema.safeParse(candidate);
  if (!result.success) {
    const [issue] = result.error.issues;
    fail(describeIssues(result.error), issue ? lineOfIssue(candidate.nodes, issue.path, keyLines) : undefined);
  }
  return result.data;
}

/** Finds the source line of the node a schema issue points at (`nodes[i].children[j]…`). */
function lineOfIssue(
  nodes: readonly FrameworkNode[],
  path: readonly PropertyKey[],
  keyLines: ReadonlyMap<string, number>,
): number | undefined {
  if (path[0] !== 'nodes') return undefined;
  let list = nodes;
  let found: FrameworkNode | undefined;
  for (let i = 1; i < path.length; i += 2) {
    const index = path[i];
    if (typeof index !== 'number') break;
    found = list[index];
    if (!found || path[i + 1] !== 'children') break;
    list = found.children;
  }
  const line = found ? keyLines.get(found.key) : undefined;
  return line ? line : undefined;
}
