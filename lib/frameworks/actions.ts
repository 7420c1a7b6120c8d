'use server';

import { z } from 'zod';
import { defineAction, defineAuditedAction } from '@/lib/actions/define-action';
import { NO_NUL, NO_NUL_MESSAGE } from '@/lib/validation/text';
import type { ActionResult } from '@/lib/actions/result';
import { MAX_FRAMEWORK_FILE_BYTES, tooLargeMessage, utf8Bytes } from './upload-limits';
import type { ImportFrameworkResult } from './import';
import { FRAMEWORK_IMPORTED, importFrameworkForAdmin } from './import-with-audit';
import {
  FrameworkFormatError,
  parseFrameworkUpload,
  previewFrameworkImport,
  UPLOAD_FORMATS,
  type FrameworkPreview,
  type ParsedUpload,
} from './preview';

const uploadSchema = z.object({
  text: z
    .string()
    .min(1, 'Choose a file or paste its text.')
    // A string longer than the limit in characters is over it in bytes too, so the encoding is skipped then.
    .refine((text) => text.length <= MAX_FRAMEWORK_FILE_BYTES && utf8Bytes(text) <= MAX_FRAMEWORK_FILE_BYTES, {
      error: (issue) => tooLargeMessage(utf8Bytes(String(issue.input))),
    })
    .regex(NO_NUL, 'The file contains NUL bytes: is it a text file?'),
  format: z.enum(UPLOAD_FORMATS, 'Choose Markdown, JSON or CSV.'),
  fileName: z.string().trim().max(200).regex(NO_NUL, NO_NUL_MESSAGE).optional(),
});

type UploadError = { ok: false; error: string; line?: number };

/** Parse errors become a message naming the line, never an exception. */
function parseUpload(input: z.output<typeof uploadSchema>): ParsedUpload | UploadError {
  try {
    return parseFrameworkUpload(input.text, input.format, input.fileName);
  } catch (error) {
    if (!(error instanceof FrameworkFormatError)) throw error;
    const reason = error.reason.length > 1_000 ? `${error.reason.slice(0, 1_000)}…` : error.reason;
    return error.line === undefined
      ? { ok: false, error: `The file was not imported: ${reason}` }
      : { ok: false, error: `Line ${error.line}: ${reason}`, line: error.line };
  }
}

export const previewFrameworkAction = defineAction({
  input: uploadSchema,
  role: 'admin',
  run: async ({ input, db, context }): Promise<ActionResult<FrameworkPreview>> => {
    const parsed = parseUpload(input);
    if ('ok' in parsed) return parsed;
    const preview = await previewFrameworkImport(db, context.organization.id, parsed.document, parsed.dropped);
    return { ok: true, data: preview };
  },
});

export const importFrameworkAction = defineAuditedAction<typeof uploadSchema, ImportFrameworkResult & { key: string }>({
  input: uploadSchema,
  role: 'admin',
  audit: { events: [FRAMEWORK_IMPORTED], target: 'framework' },
  revalidate: ['/admin/frameworks'],
  write: async ({ input, tx, context }) => {
    // Parsed again rather than trusting a preview sent back by the browser.
    const parsed = parseUpload(input);
    if ('ok' in parsed) return parsed;
    const { imported, audit } = await importFrameworkForAdmin(tx, {
      organizationId: context.organization.id,
      actorUserId: context.user.id,
      document: parsed.document,
      sourceFormat: parsed.sourceFormat,
      sourceText: input.text,
    });
    const message = imported.changed
      ? `Imported “${parsed.document.name}” as version ${imported.version}.`
      : `“${parsed.document.name}” is already up to date (version ${imported.version}); nothing changed.`;
    return { ok: true, data: { ...imported, key: parsed.document.key }, message, audit };
  },
});
