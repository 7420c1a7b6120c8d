/**
 * Reads a framework file from disk: `.md` (with its `<name>.mapping.json`
 * sidecar when there is one) or `.json` (a framework document). Used by the
 * CLI and the seed; the admin upload calls the same parsers on text.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describeIssues, frameworkDocumentSchema, type FrameworkDocument } from './document';
import { FrameworkFormatError, parseFrameworkMarkdown } from './parse-markdown';

export interface LoadedFrameworkFile {
  document: FrameworkDocument;
  sourceFormat: 'markdown' | 'json';
  /** The file's text, hashed into the framework version. */
  sourceText: string;
}

/** 1-based line of a JSON.parse error, from the `position N` Node reports. */
function jsonErrorLine(text: string, error: unknown): number | undefined {
  const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
  return position === undefined ? undefined : text.slice(0, Number(position)).split('\n').length;
}

function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new FrameworkFormatError(`not valid JSON (${(error as Error).message})`, {
      line: jsonErrorLine(text, error),
      source,
    });
  }
}

/** A JSON framework document (the export format) → validated document. */
export function parseFrameworkJson(text: string, source = 'framework.json'): FrameworkDocument {
  const result = frameworkDocumentSchema.safeParse(parseJsonText(text, source));
  if (!result.success)
    throw new FrameworkFormatError(`not a valid framework document:\n${describeIssues(result.error)}`, { source });
  return result.data;
}

export async function loadFrameworkFile(filePath: string): Promise<LoadedFrameworkFile> {
  const extension = path.extname(filePath).toLowerCase();
  const source = path.basename(filePath);
  const sourceText = await readFile(filePath, 'utf8');
  if (extension === '.json')
    return { document: parseFrameworkJson(sourceText, source), sourceFormat: 'json', sourceText };
  if (extension !== '.md' && extension !== '.markdown') {
    throw new FrameworkFormatError('unsupported file type: expected .md, .markdown or .json', { source });
  }
  const sidecar = path.join(path.dirname(filePath), `${path.basename(filePath, path.extname(filePath))}.mapping.json`);
  const mapping = existsSync(sidecar)
    ? parseJsonText(await readFile(sidecar, 'utf8'), path.basename(sidecar))
    : undefined;
  return {
    document: parseFrameworkMarkdown(sourceText, { ...(mapping === undefined ? {} : { mapping }), source }),
    sourceFormat: 'markdown',
    sourceText,
  };
}
