import 'server-only';
import type { Db } from '@/db';

/** Who is provisioning: an organization's API token carrying the `scim` scope. */
export interface ScimCredential {
  organizationId: string;
  tokenId: string;
}

export type CredentialCheck =
  | { ok: true; credential: ScimCredential }
  | { ok: false; status: 401 | 403 | 429; detail: string; headers?: Record<string, string> };

/**
 * Authenticates the request's bearer token for the `scim` scope. The tokens
 * themselves (hashing, expiry, revocation, per-token rate limits) are lib/api's
 * (issue 21a); this is the one seam between the two. Until that module is on
 * main, no token is accepted here, so /scim/v2 stays closed.
 */
export async function authenticateScim(_db: Db, _request: Request): Promise<CredentialCheck> {
  return { ok: false, status: 401, detail: 'SCIM tokens are not available yet on this instance.' };
}
