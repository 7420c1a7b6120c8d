import 'server-only';
import type { Db } from '@/db';
import { authenticateApiRequest } from '@/lib/api/authenticate';

/** Who is provisioning: an organization's API token carrying the `scim` scope. */
export interface ScimCredential {
  organizationId: string;
  tokenId: string;
}

export type CredentialCheck =
  | { ok: true; credential: ScimCredential }
  | { ok: false; status: 401 | 403 | 429; detail: string; headers?: Record<string, string> };

/**
 * The request's bearer token for the `scim` scope, checked by lib/api (the one
 * token system: hashed secrets, expiry, revocation on the next request, per-token
 * rate limits in the database). Its refusals keep their status, sentence and
 * headers; define-scim-route.ts wraps them in a SCIM error body.
 */
export async function authenticateScim(db: Db, request: Request): Promise<CredentialCheck> {
  const result = await authenticateApiRequest(request, 'scim', { db });
  if (!result.ok) return { ok: false, status: result.status, detail: result.detail, headers: result.headers };
  return { ok: true, credential: { organizationId: result.organizationId, tokenId: result.tokenId } };
}
