/**
 * Tokens for the SCIM tests. Until lib/api's tokens are on main, the test
 * files replace lib/scim/credential.ts with `credentialStandIn`, which answers
 * as that seam promises (401 unknown, 403 without the `scim` scope); then
 * `issueScimToken` will create real tokens and the stand-in goes.
 */
import type { CredentialCheck } from '@/lib/scim/credential';

const issued = new Map<string, { organizationId: string; tokenId: string; scopes: string[] }>();

export async function issueScimToken(organizationId: string, scopes: string[] = ['scim']): Promise<string> {
  const tokenId = crypto.randomUUID();
  const token = `sg_test_${tokenId.replace(/-/g, '')}`;
  issued.set(token, { organizationId, tokenId, scopes });
  return token;
}

export const credentialStandIn = {
  authenticateScim: async (_db: unknown, request: Request): Promise<CredentialCheck> => {
    const header = request.headers.get('authorization') ?? '';
    const token = /^Bearer (\S+)$/i.exec(header)?.[1];
    const found = token ? issued.get(token) : undefined;
    if (!found) return { ok: false, status: 401, detail: 'A valid bearer token is required.' };
    if (!found.scopes.includes('scim')) return { ok: false, status: 403, detail: 'This token lacks the scim scope.' };
    return { ok: true, credential: { organizationId: found.organizationId, tokenId: found.tokenId } };
  },
};
