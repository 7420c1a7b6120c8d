/**
 * Calls /api/v1 route handlers as Next.js would (a Request and the route's params), and checks every answer
 * against the OpenAPI document: a success against the endpoint's response schema (strict objects: an extra or
 * missing field fails), a problem against the Problem schema, with a status the document lists for the operation.
 */
import path from 'node:path';
import { expect } from 'vitest';
import { apiRouteEndpoint } from '@/lib/api/define-api-route';
import { PROBLEM_CONTENT_TYPE, problemSchema, type ProblemBody } from '@/lib/api/problem';
import { V1_ENDPOINTS } from '@/lib/api/v1/endpoints';
import { buildOpenApiDocument } from '@/lib/api/v1/openapi';
import type { TestToken } from '../../fixtures/api-tokens';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

const ROOT = path.resolve(__dirname, '../../..');
const document = buildOpenApiDocument(V1_ENDPOINTS);

/** The route file's handler for a method. */
export async function routeHandler(file: string, method: 'GET' | 'POST' | 'PATCH'): Promise<Handler> {
  const exported = (await import(path.join(ROOT, file))) as Record<string, unknown>;
  const handler = exported[method];
  if (typeof handler !== 'function') throw new Error(`${file} has no ${method}`);
  return handler as Handler;
}

export interface CallOptions {
  token?: TestToken | string | null;
  params?: Record<string, string>;
  query?: string;
  body?: unknown;
  /** Sent as is instead of JSON of `body`. */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface Answer {
  status: number;
  headers: Headers;
  /** The parsed JSON of a success. */
  json: unknown;
  problem: ProblemBody | null;
}

export async function call(handler: Handler, url: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) {
    headers.authorization = `Bearer ${typeof options.token === 'string' ? options.token : options.token.secret}`;
  }
  const hasBody = options.body !== undefined || options.rawBody !== undefined;
  if (hasBody && !headers['content-type']) headers['content-type'] = 'application/json';
  const endpoint = apiRouteEndpoint(handler);
  if (!endpoint) throw new Error(`${url}: not a defineApiRoute handler`);
  const request = new Request(`http://localhost:3000${url}${options.query ? `?${options.query}` : ''}`, {
    method: endpoint.method,
    headers,
    body: hasBody ? (options.rawBody ?? JSON.stringify(options.body)) : undefined,
  });
  const response = await handler(request, { params: Promise.resolve(options.params ?? {}) });
  const text = await response.text();
  const body: unknown = JSON.parse(text);
  const operation = (document.paths?.[endpoint.path] as Record<string, { responses: Record<string, unknown> }>)[
    endpoint.method.toLowerCase()
  ];
  expect(
    Object.keys(operation!.responses),
    `${endpoint.operationId}: status ${response.status} is documented`,
  ).toContain(String(response.status));
  if (response.status === endpoint.response.status) {
    const parsed = endpoint.response.schema.safeParse(body);
    expect(parsed.success, `${endpoint.operationId}: the answer matches its schema: ${parsed.error?.message}`).toBe(
      true,
    );
    return { status: response.status, headers: response.headers, json: body, problem: null };
  }
  expect(response.headers.get('content-type')).toBe(PROBLEM_CONTENT_TYPE);
  const problem = problemSchema.strict().parse(body);
  expect(problem.status).toBe(response.status);
  return { status: response.status, headers: response.headers, json: null, problem };
}

/** The data of a list answer. */
export const dataOf = <Item>(answer: Answer): Item[] => (answer.json as { data: Item[] }).data;
export const nextCursorOf = (answer: Answer): string | null =>
  (answer.json as { nextCursor: string | null }).nextCursor;
