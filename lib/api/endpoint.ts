/**
 * One operation of the REST API, declared once: its method and path, who may
 * call it (scopes), the zod schemas of its path, query, body and answer, and
 * what it does. The route handler (define-api-route.ts) and the OpenAPI
 * document (v1/openapi.ts) are both made from this declaration, so the
 * document cannot describe a request the route would parse differently.
 */
import type { z } from 'zod';
import type { Db } from '@/db';
import type { Actor } from '@/lib/auth/authorize';
import type { ApiAuthSuccess } from './authenticate';
import type { ProblemType } from './problem';
import type { ApiScope } from './scopes';

/** Problems an operation may answer with besides those of authentication, for its documentation. */
export type DocumentedProblem = Extract<
  ProblemType,
  'invalid-request' | 'forbidden' | 'not-found' | 'conflict' | 'payload-too-large' | 'unsupported-media-type'
>;

export interface EndpointContext<Params, Query, Body> {
  params: Params;
  query: Query;
  body: Body;
  db: Db;
  /** The token, or null for a public operation. */
  principal: ApiAuthSuccess | null;
  /** Whom the token acts as, for lib/auth/authorize.ts's filters (null for a public operation). */
  actor: Actor | null;
  request: Request;
}

export interface ApiEndpoint<
  Params extends z.ZodType = z.ZodType,
  Query extends z.ZodType = z.ZodType,
  Body extends z.ZodType = z.ZodType,
  Result extends z.ZodType = z.ZodType,
> {
  method: 'GET' | 'POST' | 'PATCH';
  /** OpenAPI style: `/api/v1/members/{memberId}`. */
  path: string;
  /** Groups operations on the reference page. */
  tag: string;
  operationId: string;
  summary: string;
  description?: string;
  /** Any one of these lets the token in; `public` needs no token. */
  scopes: readonly [ApiScope, ...ApiScope[]] | 'public';
  params?: Params;
  query?: Query;
  body?: Body;
  /** The largest body accepted (default 64 KiB). */
  maxBodyBytes?: number;
  response: { status: 200 | 201; description: string; schema: Result };
  problems: readonly DocumentedProblem[];
  run: (context: EndpointContext<z.output<Params>, z.output<Query>, z.output<Body>>) => Promise<z.input<Result>>;
}

/** Declares an endpoint with its types inferred from its schemas. */
export function endpoint<
  Params extends z.ZodType = z.ZodType<Record<string, never>>,
  Query extends z.ZodType = z.ZodType<Record<string, never>>,
  Body extends z.ZodType = z.ZodType<undefined>,
  Result extends z.ZodType = z.ZodType,
>(definition: ApiEndpoint<Params, Query, Body, Result>): ApiEndpoint<Params, Query, Body, Result> {
  return definition;
}
