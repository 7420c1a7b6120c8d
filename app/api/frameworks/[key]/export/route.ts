import { z } from 'zod';
import { keySegmentSchema, toFrameworkJson } from '@/lib/frameworks/document';
import { frameworkToCsv } from '@/lib/frameworks/csv';
import { FrameworkVersionUnavailableError, loadFrameworkDocument } from '@/lib/frameworks/export';
import { frameworkToMarkdown } from '@/lib/frameworks/to-markdown';
import { defineRoute } from '@/lib/http/define-route';

export const dynamic = 'force-dynamic';

const querySchema = z.object({
  format: z.enum(['md', 'json', 'csv']).default('md'),
  // Absent: the current version. A number: that published version, from its snapshot.
  version: z.coerce
    .number('version must be a number')
    .int('version must be a whole number')
    .min(1)
    .max(2_147_483_647)
    .optional(),
});

const FORMATS = {
  md: { type: 'text/markdown; charset=utf-8', write: frameworkToMarkdown },
  json: { type: 'application/json; charset=utf-8', write: toFrameworkJson },
  csv: { type: 'text/csv; charset=utf-8', write: frameworkToCsv },
} as const;

/** Malformed percent-encoding (`/api/frameworks/%/export`) is an invalid key, not a 500. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
}

/**
 * The organization's framework `key` (its current version, or `?version=N`)
 * as a file that re-imports to the same tree. defineRoute hands over only the request, so the key is read from the
 * path; a key of another organization is simply not found.
 */
export const GET = defineRoute({
  query: querySchema,
  role: 'admin',
  run: async ({ query, db, context, request }) => {
    const segment = /\/api\/frameworks\/([^/]+)\/export\/?$/.exec(new URL(request.url).pathname)?.[1];
    const key = keySegmentSchema.safeParse(segment ? decodeSegment(segment) : '');
    if (!key.success) return Response.json({ error: 'Invalid framework key.' }, { status: 400 });

    let document;
    try {
      document = await loadFrameworkDocument(db, context.organization.id, key.data, { version: query.version });
    } catch (error) {
      if (!(error instanceof FrameworkVersionUnavailableError)) throw error;
      return Response.json({ error: `Framework ${key.data}: ${error.message}.` }, { status: 404 });
    }
    if (!document) return Response.json({ error: 'Framework not found.' }, { status: 404 });

    const format = FORMATS[query.format];
    const suffix = query.version === undefined ? '' : `-v${query.version}`;
    return new Response(format.write(document), {
      headers: {
        'content-type': format.type,
        'content-disposition': `attachment; filename="${document.key}${suffix}.${query.format}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  },
});
