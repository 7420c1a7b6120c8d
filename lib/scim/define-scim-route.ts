import 'server-only';
import { z } from 'zod';
import { getDb } from '@/db';
import { clientIp } from '@/lib/auth/client-ip';
import { AuthorizationError } from '@/lib/auth/errors';
import { env } from '@/lib/env';
import { readJsonBody } from '@/lib/http/json-body';
import type { ScimRequestContext } from './audit';
import { authenticateScim } from './credential';
import { ScimError, scimErrorResponse } from './errors';

/** Large enough for a group of 10,000 members sent at once; the body is never read past it. */
export const SCIM_MAX_BODY_BYTES = 1024 * 1024;

const noQuery = z.looseObject({});

interface ScimRouteOptions<Query extends z.ZodType, Body extends z.ZodType | undefined> {
  query?: Query;
  /** A JSON body (application/scim+json or application/json), parsed with zod before anything runs. */
  body?: Body;
  run: (args: {
    context: ScimRequestContext;
    query: z.output<Query>;
    body: Body extends z.ZodType ? z.output<Body> : undefined;
    /** The last path segment: the resource id of `/Users/{id}`, `/Groups/{id}`, `/Schemas/{id}`. */
    id: string;
  }) => Promise<Response>;
}

const describe = (error: z.ZodError) =>
  error.issues
    .slice(0, 5)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');

function lastSegment(request: Request): string {
  const segment = new URL(request.url).pathname.split('/').filter(Boolean).pop() ?? '';
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Every /scim/v2 handler goes through here: bearer token with the `scim`
 * scope (lib/scim/credential.ts → lib/api) → query and JSON body parsed with
 * zod → run, every refusal as a SCIM error body. The token alone decides the
 * organization: nothing in the path or body can point at another one.
 * No session cookie is read, so the proxy's same-origin check does not apply
 * to these paths (lib/http/request-checks.ts).
 */
export function defineScimRoute<
  Query extends z.ZodType = typeof noQuery,
  Body extends z.ZodType | undefined = undefined,
>(options: ScimRouteOptions<Query, Body>) {
  return async (request: Request): Promise<Response> => {
    try {
      const db = await getDb();
      const checked = await authenticateScim(db, request);
      if (!checked.ok) throw new ScimError(checked.status, checked.detail, undefined, checked.headers);
      const params = Object.fromEntries(new URL(request.url).searchParams.entries());
      const query = (options.query ?? noQuery).safeParse(params);
      if (!query.success) throw new ScimError(400, `The query is not valid: ${describe(query.error)}`, 'invalidValue');
      let body: unknown = undefined;
      if (options.body) {
        const read = await readJsonBody(request, options.body, SCIM_MAX_BODY_BYTES);
        if (!read.ok) {
          if (read.reason === 'too-large') {
            throw new ScimError(413, `The request is larger than ${SCIM_MAX_BODY_BYTES} bytes.`);
          }
          if (read.reason === 'not-json')
            throw new ScimError(400, 'The request body is not valid JSON.', 'invalidSyntax');
          throw new ScimError(400, describe(read.error), 'invalidValue');
        }
        body = read.value;
      }
      const origin = env.AUTH_URL ? new URL(env.AUTH_URL).origin : new URL(request.url).origin;
      return await options.run({
        context: {
          db,
          credential: checked.credential,
          baseUrl: `${origin}/scim/v2`,
          ip: clientIp(request.headers),
        },
        query: query.data as z.output<Query>,
        body: body as Body extends z.ZodType ? z.output<Body> : undefined,
        id: lastSegment(request),
      });
    } catch (error) {
      if (error instanceof ScimError) return scimErrorResponse(error);
      if (error instanceof AuthorizationError) return scimErrorResponse(new ScimError(error.status, error.message));
      throw error;
    }
  };
}
