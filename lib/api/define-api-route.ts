import 'server-only';
import { z } from 'zod';
import { getDb } from '@/db';
import { tokenActor } from '@/lib/auth/authorize';
import { AuthorizationError } from '@/lib/auth/errors';
import { readJsonBody } from '@/lib/http/json-body';
import { apiAuthFailureResponse, authenticateApiRequest } from './authenticate';
import type { ApiEndpoint } from './endpoint';
import { ApiProblem } from './errors';
import { problemResponse, zodProblemErrors } from './problem';
import { rateLimitHeaders } from './rate-limit';

const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
const emptyObject = z.strictObject({});

type RouteContext = { params?: Promise<Record<string, string | string[] | undefined>> };

// Keyed by the handler: which endpoint a route file's export serves (tests map route files to the document).
const endpoints = new WeakMap<object, ApiEndpoint>();

/** The endpoint a route handler made by `defineApiRoute` serves; undefined for anything else. */
export function apiRouteEndpoint(handler: unknown): ApiEndpoint | undefined {
  return typeof handler === 'function' ? endpoints.get(handler) : undefined;
}

/** The query string as an object; a parameter given twice is refused rather than silently picking one. */
function queryObject(url: URL): { ok: true; value: Record<string, string> } | { ok: false; name: string } {
  const value: Record<string, string> = {};
  for (const [name, item] of url.searchParams) {
    if (Object.hasOwn(value, name)) return { ok: false, name };
    value[name] = item;
  }
  return { ok: true, value };
}

function authorizationProblem(error: AuthorizationError): Response {
  if (error.status === 404) return problemResponse('not-found', { detail: error.message });
  if (error.status === 401) return problemResponse('unauthorized', { detail: error.message });
  return problemResponse('forbidden', { detail: error.message });
}

/**
 * Every `/api/v1` route handler: the v1 counterpart of `defineRoute`
 * (lib/http/define-route.ts), whose body reader (lib/http/json-body.ts) it shares. Bearer token for
 * the endpoint's scopes first (401/403/429: nothing about the input is told
 * to a caller without a token) → path, query and JSON body parsed by the
 * endpoint's zod schemas (404 / 400 / 413 / 415 as problem+json, nothing
 * run) → the endpoint, as the token's actor → JSON, with the token's
 * RateLimit headers. The session cookie is never read here.
 */
export function defineApiRoute(definition: ApiEndpoint) {
  const handler = async (request: Request, context?: RouteContext): Promise<Response> => {
    let principal = null;
    if (definition.scopes !== 'public') {
      const auth = await authenticateApiRequest(request, definition.scopes);
      if (!auth.ok) return apiAuthFailureResponse(auth);
      principal = auth;
    }
    const limitHeaders = principal ? rateLimitHeaders(principal.rateLimit) : {};
    const problem = (...args: Parameters<typeof problemResponse>) =>
      problemResponse(args[0], { ...args[1], headers: { ...limitHeaders, ...args[1]?.headers } });

    const rawParams = (await context?.params) ?? {};
    const params = (definition.params ?? emptyObject).safeParse(rawParams);
    // A malformed id in the path names nothing: the same answer as an id that does not exist.
    if (!params.success) return problem('not-found', { detail: 'Nothing exists at this address.' });

    const url = new URL(request.url);
    const rawQuery = queryObject(url);
    if (!rawQuery.ok) {
      return problem('invalid-request', {
        detail: `The query parameter “${rawQuery.name}” is given more than once.`,
        errors: [{ location: `query.${rawQuery.name}`, message: 'Given more than once.' }],
      });
    }
    const query = (definition.query ?? emptyObject).safeParse(rawQuery.value);
    if (!query.success) {
      const errors = zodProblemErrors(query.error, 'query');
      return problem('invalid-request', { detail: errors[0]?.message ?? 'The query is invalid.', errors });
    }

    let body: unknown = undefined;
    if (definition.body) {
      const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json') {
        return problem('unsupported-media-type', {
          detail: 'Send the body as JSON with "Content-Type: application/json".',
        });
      }
      const limit = definition.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
      const read = await readJsonBody(request, definition.body, limit);
      if (!read.ok) {
        if (read.reason === 'too-large') {
          return problem('payload-too-large', { detail: `The body is larger than ${limit} bytes.` });
        }
        if (read.reason === 'not-json') return problem('invalid-request', { detail: 'The body is not valid JSON.' });
        const errors = zodProblemErrors(read.error, 'body');
        return problem('invalid-request', { detail: errors[0]?.message ?? 'The body is invalid.', errors });
      }
      body = read.value;
    }

    try {
      const result = await definition.run({
        params: params.data,
        query: query.data,
        body,
        db: await getDb(),
        principal,
        actor: principal ? tokenActor(principal) : null,
        request,
      });
      return new Response(JSON.stringify(result), {
        status: definition.response.status,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'cache-control': 'no-store',
          ...limitHeaders,
        },
      });
    } catch (error) {
      if (error instanceof ApiProblem) return problem(error.type, { detail: error.detail, errors: error.errors });
      if (error instanceof AuthorizationError) {
        const response = authorizationProblem(error);
        for (const [name, value] of Object.entries(limitHeaders)) response.headers.set(name, value);
        return response;
      }
      throw error;
    }
  };
  endpoints.set(handler, definition);
  return handler;
}
