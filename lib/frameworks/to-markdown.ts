/**
 * Framework document → Markdown that `parseFrameworkMarkdown` reads back to
 * an identical document.
 *
 * The export uses the "one area per H2" layout (H2 area, H3 category, H4
 * group, bullets skills), writes `<!-- key: … -->` on every node so that an
 * edited export re-imports onto the same rows (a renamed skill keeps its key
 * and therefore its ratings), and carries what headings cannot say — the
 * framework key, the levels and the learning stages' levels — in a
 * `<!-- skillgrid:framework {…} -->` comment before the title. The file is
 * therefore self-contained: no sidecar needed.
 */
import type { FrameworkDocument, FrameworkNode } from './document';
import { EMBEDDED_MAPPING_MARKER, type MarkdownMappingInput } from './parse-markdown';

// A code span the parser would read back to the same text (`x` … `y`, no edge spaces).
const CODE_SPAN_RE = /`[^`\s](?:[^`]*[^`\s])?`/g;

/** Escapes text for an inline context; code spans stay verbatim so `lru_cache` keeps its backticks. */
export function escapeInline(text: string): string {
  const escape = (plain: string) => plain.replace(/[\\`*_[\]<]/g, '\\$&').replace(/&(?=#?[0-9a-z]+;)/gi, '\\&');
  let out = '';
  let last = 0;
  for (const match of text.matchAll(CODE_SPAN_RE)) {
    out += escape(text.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + escape(text.slice(last));
}

/** Escapes what would start another block (list, heading, quote, fence…) at the beginning of a line. */
function escapeLineStart(markdown: string): string {
  if (/^[#>+\-=~|]/.test(markdown)) return `\\${markdown}`;
  return markdown.replace(/^(\d+)([.)])/, '$1\\$2');
}

function escapeHeading(text: string): string {
  // A trailing run of # would be read as the heading's closing sequence.
  return escapeInline(text).replace(/#+$/, (run) => run.replace(/#/g, '\\#'));
}

function keyComment(node: FrameworkNode): string {
  return `<!-- key: ${node.key}${node.archived ? ' archived' : ''} -->`;
}

/** Strings in the JSON may contain `-->`; \u escapes keep the comment closed where it should be. */
function commentJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /[<>]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export function frameworkToMarkdown(document: FrameworkDocument): string {
  const areaNames = new Set(document.nodes.map((node) => node.name));
  let learningPathHeading = 'Learning Path';
  while (areaNames.has(learningPathHeading)) learningPathHeading = `${learningPathHeading} (stages)`;

  const mapping: MarkdownMappingInput = {
    key: document.key,
    levels: document.levels,
    learningPath:
      document.learningStages.length === 0
        ? null
        : {
            heading: learningPathHeading,
            stages: document.learningStages.map((stage) => ({
              heading: stage.name,
              key: stage.key,
              fromLevel: stage.fromLevel,
              toLevel: stage.toLevel,
            })),
          },
    // Nothing is skipped: an area may well be called "Contents".
    ignoredHeadings: [],
  };

  const blocks: string[] = [
    `${EMBEDDED_MAPPING_MARKER}\n${commentJson(mapping)}\n-->`,
    `# ${escapeHeading(document.name)}`,
  ];
  if (document.description) blocks.push(escapeLineStart(escapeInline(document.description)));

  const writeNode = (node: FrameworkNode, depth: number) => {
    blocks.push(`${'#'.repeat(depth)} ${escapeHeading(node.name)} ${keyComment(node)}`);
    if (node.description) blocks.push(escapeLineStart(escapeInline(node.description)));
    const skills = node.children.filter((child) => child.kind === 'skill');
    if (skills.length > 0) {
      blocks.push(
        skills
          .map((skill) => {
            const description = skill.description ? `: ${escapeInline(skill.description)}` : '';
            return `- **${escapeInline(skill.name)}**${description} ${keyComment(skill)}`;
          })
          .join('\n'),
      );
    }
    for (const child of node.children) if (child.kind !== 'skill') writeNode(child, depth + 1);
  };
  for (const area of document.nodes) writeNode(area, 2);

  if (document.learningStages.length > 0) {
    blocks.push(`## ${escapeHeading(learningPathHeading)}`);
    for (const stage of document.learningStages) {
      blocks.push(`### ${escapeHeading(stage.name)}`);
      blocks.push(stage.steps.map((step, index) => `${index + 1}. ${escapeLineStart(escapeInline(step))}`).join('\n'));
    }
  }
  return `${blocks.join('\n\n')}\n`;
}
