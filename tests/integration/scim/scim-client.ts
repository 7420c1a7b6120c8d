/**
 * Calls the real /scim/v2 route handlers the way a provisioning client does:
 * a bearer token, a JSON body, the response's status and JSON. Tokens are
 * issued by `issueScimToken` (tokens.ts).
 */
import * as groupById from '@/app/scim/v2/Groups/[id]/route';
import * as groups from '@/app/scim/v2/Groups/route';
import * as resourceTypeById from '@/app/scim/v2/ResourceTypes/[id]/route';
import * as resourceTypes from '@/app/scim/v2/ResourceTypes/route';
import * as schemaById from '@/app/scim/v2/Schemas/[id]/route';
import * as schemas from '@/app/scim/v2/Schemas/route';
import * as serviceProviderConfig from '@/app/scim/v2/ServiceProviderConfig/route';
import * as userById from '@/app/scim/v2/Users/[id]/route';
import * as users from '@/app/scim/v2/Users/route';

export const SCIM_BASE = 'http://localhost:3000/scim/v2';

type Handler = (request: Request) => Promise<Response>;
type Module = Partial<Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', Handler>>;

const ROUTES: [RegExp, Module][] = [
  [/^\/ServiceProviderConfig$/, serviceProviderConfig],
  [/^\/ResourceTypes$/, resourceTypes],
  [/^\/ResourceTypes\/[^/]+$/, resourceTypeById],
  [/^\/Schemas$/, schemas],
  [/^\/Schemas\/[^/]+$/, schemaById],
  [/^\/Users$/, users],
  [/^\/Users\/[^/]+$/, userById],
  [/^\/Groups$/, groups],
  [/^\/Groups\/[^/]+$/, groupById],
];

export interface ScimCall {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Below /scim/v2, with its query: `/Users?filter=…`. */
  path: string;
  body?: unknown;
  /** A raw body (malformed JSON, oversized) instead of `body`. */
  rawBody?: string;
}

export interface ScimReply {
  status: number;
  headers: Headers;
  // The body of a SCIM response is JSON of many shapes; tests read fields by name.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export function scimRequest(token: string | null, call: ScimCall): Request {
  const headers: Record<string, string> = { accept: 'application/scim+json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const body = call.rawBody ?? (call.body === undefined ? undefined : JSON.stringify(call.body));
  if (body !== undefined) headers['content-type'] = 'application/scim+json';
  return new Request(`${SCIM_BASE}${call.path}`, { method: call.method, headers, body });
}

export function handlerFor(call: Pick<ScimCall, 'method' | 'path'>): Handler {
  const pathname = call.path.split('?')[0]!;
  const found = ROUTES.find(([pattern]) => pattern.test(pathname));
  const handler = found?.[1][call.method];
  if (!handler) throw new Error(`No SCIM handler for ${call.method} ${pathname}`);
  return handler;
}

export async function scim(token: string | null, call: ScimCall): Promise<ScimReply> {
  const response = await handlerFor(call)(scimRequest(token, call));
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : null };
}

export const filterPath = (resource: 'Users' | 'Groups', filter: string, extra = '') =>
  `/${resource}?filter=${encodeURIComponent(filter)}${extra}`;
