/**
 * SCIM error bodies (RFC 7644 §3.12): every refusal under /scim/v2 is one of
 * these, never the app's own JSON or problem+json, because provisioning clients
 * (Okta, Entra) read `status`, `scimType` and `detail` from exactly this shape.
 */
export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const SCIM_CONTENT_TYPE = 'application/scim+json';

export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

export class ScimError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 501,
    detail: string,
    readonly scimType?: ScimType,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'ScimError';
  }
}

export const scimNotFound = (what: 'User' | 'Group' | 'Schema' | 'ResourceType', id: string) =>
  new ScimError(404, `${what} ${id} was not found.`);

export function scimJson(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': SCIM_CONTENT_TYPE, 'cache-control': 'no-store', ...headers },
  });
}

export function scimErrorResponse(error: ScimError): Response {
  return scimJson(
    error.status,
    {
      schemas: [SCIM_ERROR_SCHEMA],
      // RFC 7644 §3.12: the HTTP status, as a string.
      status: String(error.status),
      ...(error.scimType ? { scimType: error.scimType } : {}),
      detail: error.message,
    },
    error.headers,
  );
}
