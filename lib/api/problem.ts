/**
 * Errors of the REST API as `application/problem+json` (RFC 9457): a `type`
 * URI naming the kind of problem (documented on the API reference page), a
 * short `title` per type, the HTTP `status`, a `detail` for this occurrence
 * and, for invalid input, `errors` — one entry per problem with its location.
 */
import { z } from 'zod';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Every kind of problem the API answers with; the key is the fragment of its `type` URI. */
export const PROBLEM_TYPES = {
  'invalid-request': { status: 400, title: 'The request is invalid' },
  unauthorized: { status: 401, title: 'A valid API token is required' },
  'insufficient-scope': { status: 403, title: 'The token lacks the scope this needs' },
  forbidden: { status: 403, title: 'Not allowed' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'The request body must be JSON' },
  'rate-limited': { status: 429, title: 'Too many requests' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemType = keyof typeof PROBLEM_TYPES;

/** Where the problem types are described: the API reference page. */
export const PROBLEM_DOCS_PATH = '/docs/api';
export const problemTypeUri = (type: ProblemType) => `${PROBLEM_DOCS_PATH}#problem-${type}`;

export interface ProblemFieldError {
  /** Where: `body.changes.0.level`, `query.cursor`, `path.memberId`. */
  location: string;
  message: string;
}

/** The body's schema: also the OpenAPI document's `Problem` component. */
export const problemSchema = z
  .object({
    type: z.string().describe('A URI reference naming the kind of problem; its page describes it.'),
    title: z.string().describe('A short summary of the kind of problem, the same for every occurrence.'),
    status: z.number().int().describe('The HTTP status code.'),
    detail: z.string().optional().describe('What went wrong in this request, for a person to read.'),
    errors: z
      .array(z.object({ location: z.string(), message: z.string() }))
      .optional()
      .describe('Invalid input: one entry per problem, with where it is.'),
  })
  .meta({ id: 'Problem' });

export type ProblemBody = z.infer<typeof problemSchema>;

export interface ProblemOptions {
  detail?: string;
  errors?: ProblemFieldError[];
  headers?: Record<string, string>;
}

export function problemBody(type: ProblemType, options: Pick<ProblemOptions, 'detail' | 'errors'> = {}): ProblemBody {
  const { status, title } = PROBLEM_TYPES[type];
  return {
    type: problemTypeUri(type),
    title,
    status,
    ...(options.detail ? { detail: options.detail } : {}),
    ...(options.errors && options.errors.length > 0 ? { errors: options.errors } : {}),
  };
}

/** A problem+json response; never cached (answers depend on the token). */
export function problemResponse(type: ProblemType, options: ProblemOptions = {}): Response {
  const body = problemBody(type, options);
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store', ...options.headers },
  });
}

/** zod issues as problem `errors`, each prefixed with where the value came from. */
export function zodProblemErrors(error: z.ZodError, where: 'body' | 'query' | 'path'): ProblemFieldError[] {
  return error.issues.flatMap((issue) => {
    const at = [where, ...issue.path.map(String)];
    // An unknown field is refused so a typo is not silently ignored: say which one, where it is.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        location: [...at, key].join('.'),
        message: where === 'query' ? `Unknown query parameter “${key}”.` : `Unknown field “${key}”.`,
      }));
    }
    return [{ location: at.join('.'), message: issue.message }];
  });
}
