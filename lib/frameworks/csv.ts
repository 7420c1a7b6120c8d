/**
 * CSV ↔ framework document, for admins who keep their framework in a
 * spreadsheet.
 *
 * Columns (any order, header required): area, section, group, skill,
 * description, key. A row with a skill is a skill; an empty group puts it
 * straight under the section, an empty section straight under the area. A row
 * without a skill describes the deepest container it names (its key and
 * description), so an export keeps container keys and re-imports onto the same
 * rows; without such a row a container's key is its parent's key plus the slug
 * of its name, as in Markdown.
 *
 * What a grid cannot hold — the framework key and name, the levels and the
 * learning stages — travels in an optional first line
 * `"# skillgrid:framework {…json…}"`, which the export writes as one quoted
 * cell (so a spreadsheet shows it as one text cell and never splits the JSON
 * at its commas into cells it might evaluate); files from before, with the
 * line unquoted, still read. Without it the caller supplies key and name and
 * the default scale applies.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import {
  DEFAULT_LEVELS,
  describeIssues,
  frameworkDocumentSchema,
  isNodeKey,
  keySegmentSchema,
  learningStageSchema,
  normalizeText,
  proficiencyLevelSchema,
  singleLine,
  slugify,
  type FrameworkDocument,
  type FrameworkNode,
  type FrameworkNodeKind,
} from './document';
import { neutraliseReversibly, restoreNeutralised } from '@/lib/reports/csv-safety';
import { FrameworkFormatError } from './parse-markdown';

export const CSV_COLUMNS = ['area', 'section', 'group', 'skill', 'description', 'key'] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];

export const CSV_META_MARKER = '# skillgrid:framework ';

const csvMetaSchema = z
  .object({
    key: keySegmentSchema,
    name: singleLine(300),
    description: singleLine(2000).optional(),
    levels: z.array(proficiencyLevelSchema).optional(),
    learningStages: z.array(learningStageSchema).optional(),
  })
  .strict();

export interface ParseCsvOptions {
  /** Used when the file has no `# skillgrid:framework` line. */
  key?: string | undefined;
  name?: string | undefined;
  source?: string | undefined;
}

interface Draft {
  node: FrameworkNode;
  explicitKey?: string;
  line: number;
  children: Draft[];
  /** A container row already set this container's key/description. */
  described: boolean;
}

const LEVEL_KINDS: readonly FrameworkNodeKind[] = ['area', 'category', 'group'];

/**
 * The `# skillgrid:framework {…}` text of the file's first line, or null when
 * there is none: the line as one quoted CSV cell (what the export writes), or
 * bare (files exported before it was quoted). The JSON has no line breaks.
 */
function frameworkLineOf(body: string): string | null {
  const end = body.indexOf('\n');
  const line = (end === -1 ? body : body.slice(0, end)).replace(/\r$/, '');
  if (line.startsWith(CSV_META_MARKER)) return line;
  if (!line.startsWith(`"${CSV_META_MARKER}`)) return null;
  try {
    const [record] = parse(line) as string[][];
    const cell = record?.length === 1 ? restoreNeutralised(record[0] ?? '') : '';
    return cell.startsWith(CSV_META_MARKER) ? cell : null;
  } catch {
    return null;
  }
}

export function parseFrameworkCsv(text: string, options: ParseCsvOptions = {}): FrameworkDocument {
  const fail: (reason: string, line?: number) => never = (reason, line) => {
    throw new FrameworkFormatError(reason, { line, source: options.source });
  };

  let body = text.replace(/^\uFEFF/, '');
  let lineOffset = 0;
  let meta: z.output<typeof csvMetaSchema> | undefined;
  const metaLine = frameworkLineOf(body);
  if (metaLine !== null) {
    const end = body.indexOf('\n');
    let raw: unknown;
    try {
      raw = JSON.parse(metaLine.slice(CSV_META_MARKER.length).trim());
    } catch {
      fail('the # skillgrid:framework line is not valid JSON', 1);
    }
    const parsed = csvMetaSchema.safeParse(raw);
    if (!parsed.success) fail(`invalid # skillgrid:framework line: ${describeIssues(parsed.error)}`, 1);
    meta = parsed.data;
    body = end === -1 ? '' : body.slice(end + 1);
    lineOffset = 1;
  }

  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info` each record carries the line it ended on, which error messages need.
    records = parse(body, {
      info: true,
      skip_empty_lines: true,
      relax_column_count: false,
    }) as unknown as typeof records;
  } catch (error) {
    const lines = (error as { lines?: unknown }).lines;
    const reason = error instanceof Error ? error.message.replace(/^Invalid [^:]*: /, '') : 'unreadable CSV';
    fail(`not valid CSV (${reason})`, typeof lines === 'number' ? lines + lineOffset : undefined);
  }

  const [header, ...rows] = records;
  if (!header)
    fail('the file is empty: expected a header row with area, section, group, skill, description, key', 1 + lineOffset);
  const headerLine = header.info.lines + lineOffset;
  const columnIndex = new Map<CsvColumn, number>();
  header.record.forEach((cell, index) => {
    const name = cell.trim().toLowerCase();
    if (!(CSV_COLUMNS as readonly string[]).includes(name)) {
      fail(`unknown column "${cell.slice(0, 40)}": expected the columns ${CSV_COLUMNS.join(', ')}`, headerLine);
    }
    if (columnIndex.has(name as CsvColumn)) fail(`column "${name}" appears twice`, headerLine);
    columnIndex.set(name as CsvColumn, index);
  });
  for (const column of CSV_COLUMNS) {
    if (!columnIndex.has(column))
      fail(`missing column "${column}": expected the columns ${CSV_COLUMNS.join(', ')}`, headerLine);
  }

  const frameworkKey = meta?.key ?? options.key;
  const frameworkName = meta?.name ?? options.name;
  if (!frameworkKey || !frameworkName)
    fail('a CSV without a # skillgrid:framework line needs a framework key and name', 1);

  const roots: Draft[] = [];
  const containers = new Map<string, Draft>();
  const lineOf = new Map<FrameworkNode, number>();

  const containerAt = (path: string[], line: number): Draft => {
    let siblings = roots;
    let draft: Draft | undefined;
    path.forEach((name, depth) => {
      const id = JSON.stringify(path.slice(0, depth + 1));
      draft = containers.get(id);
      if (!draft) {
        const kind = LEVEL_KINDS[depth] ?? 'group';
        if (siblings.some((sibling) => sibling.node.kind === 'skill')) {
          fail(
            `"${path.slice(0, depth).join(' › ')}" already holds skills; its children must be all skills or all subsections`,
            line,
          );
        }
        draft = { node: { key: '', kind, name, children: [] }, line, children: [], described: false };
        lineOf.set(draft.node, line);
        containers.set(id, draft);
        siblings.push(draft);
      }
      siblings = draft.children;
    });
    if (!draft) fail('a row needs an area', line);
    return draft;
  };

  for (const { record, info } of rows) {
    const line = info.lines + lineOffset;
    // The export quotes text a spreadsheet would run as a formula (`'=…`); the quote is not part of the name.
    const cell = (column: CsvColumn) => restoreNeutralised(normalizeText(record[columnIndex.get(column) ?? -1] ?? ''));
    const area = cell('area');
    const section = cell('section');
    const group = cell('group');
    const skill = cell('skill');
    const description = cell('description');
    const key = cell('key');
    if (!area) fail('the area is empty', line);
    if (group && !section) fail('a group needs a section', line);
    for (const [label, value, max] of [
      ['name', area, 300],
      ['name', section, 300],
      ['name', group, 300],
      ['name', skill, 300],
      ['description', description, 2000],
    ] as const) {
      if (value.length > max) fail(`the ${label} "${value.slice(0, 40)}…" is longer than ${max} characters`, line);
    }
    if (key && !isNodeKey(key))
      fail(`invalid key "${key.slice(0, 60)}": use lower-case slug segments separated by /`, line);
    const path = [area, section, group].filter(Boolean);

    if (!skill) {
      const draft = containerAt(path, line);
      if (draft.described) fail(`"${path.join(' › ')}" is described twice`, line);
      draft.described = true;
      lineOf.set(draft.node, line);
      if (key) draft.explicitKey = key;
      if (description) draft.node.description = description;
      continue;
    }
    const parent = containerAt(path, line);
    if (parent.children.some((child) => child.node.kind === 'skill' && child.node.name === skill)) {
      fail(`the skill "${skill}" appears twice under "${path.join(' › ')}"`, line);
    }
    if (parent.children.some((child) => child.node.kind !== 'skill')) {
      fail(`"${path.join(' › ')}" already holds subsections; its children must be all skills or all subsections`, line);
    }
    const node: FrameworkNode = {
      key: '',
      kind: 'skill',
      name: skill,
      ...(description ? { description } : {}),
      children: [],
    };
    lineOf.set(node, line);
    parent.children.push({ node, ...(key ? { explicitKey: key } : {}), line, children: [], described: true });
  }
  if (roots.length === 0) fail('the file has a header but no skills', headerLine);

  const build = (drafts: Draft[], parentKey: string | null): FrameworkNode[] =>
    drafts.map((draft) => {
      const slug = slugify(draft.node.name);
      if (!draft.explicitKey && !slug) fail(`"${draft.node.name}" gives an empty key: add a key`, draft.line);
      const key = draft.explicitKey ?? (parentKey ? `${parentKey}/${slug}` : slug);
      draft.node.key = key;
      draft.node.children = build(draft.children, key);
      return draft.node;
    });
  const nodes = build(roots, null);

  const result = frameworkDocumentSchema.safeParse({
    key: frameworkKey,
    name: frameworkName,
    ...(meta?.description ? { description: meta.description } : {}),
    levels: meta?.levels ?? DEFAULT_LEVELS,
    nodes,
    learningStages: meta?.learningStages ?? [],
  });
  if (!result.success) {
    const issue = result.error.issues[0];
    // Walk the issue's path (nodes[i].children[j]…) back to the row it came from.
    let node: FrameworkNode | undefined;
    let list: FrameworkNode[] | undefined;
    const path = issue?.path ?? [];
    for (let i = 0; i < path.length; i += 1) {
      const part = path[i];
      if (part === 'nodes') list = nodes;
      else if (part === 'children') list = node?.children;
      else if (typeof part === 'number' && list) {
        node = list[part];
        list = undefined;
      } else break;
    }
    fail(issue ? issue.message : describeIssues(result.error), node ? lineOf.get(node) : undefined);
  }
  return result.data;
}

/** Document → CSV that `parseFrameworkCsv` reads back to the same document (archived nodes left out). */
export function frameworkToCsv(document: FrameworkDocument): string {
  const rows: string[][] = [];
  const visit = (node: FrameworkNode, names: [string, string, string]) => {
    if (node.archived) return;
    if (node.kind === 'skill') {
      rows.push([...names, node.name, node.description ?? '', node.key]);
      return;
    }
    const depth = node.kind === 'area' ? 0 : node.kind === 'category' ? 1 : 2;
    const own: [string, string, string] = [...names];
    own[depth] = node.name;
    rows.push([...own, '', node.description ?? '', node.key]);
    node.children.forEach((child) => visit(child, own));
  };
  document.nodes.forEach((node) => visit(node, ['', '', '']));

  const meta = {
    key: document.key,
    name: document.name,
    ...(document.description ? { description: document.description } : {}),
    levels: document.levels,
    ...(document.learningStages.length > 0 ? { learningStages: document.learningStages } : {}),
  };
  // Every field quoted, so no data line can start with the marker's `#`, and every cell — the
  // framework line included, as one cell — through the same formula guard as every CSV the product
  // writes: framework text is typed by admins and opened in spreadsheets (OWASP CSV injection).
  // Reversibly, so the file still re-imports to the same tree.
  const records = [[`${CSV_META_MARKER}${JSON.stringify(meta)}`], [...CSV_COLUMNS], ...rows];
  return stringify(
    records.map((record) => record.map(neutraliseReversibly)),
    { quoted: true, record_delimiter: '\n' },
  );
}
