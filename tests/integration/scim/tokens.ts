/** Real API tokens (lib/api) for the SCIM tests: created as an admin would, used as a provider does. */
import { eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { apiTokens } from '@/db/schema';
import { createApiToken } from '@/lib/api/tokens';
import type { ApiScope } from '@/lib/api/scopes';

export async function issueScimToken(
  db: Db,
  organizationId: string,
  createdByUserId: string,
  scopes: ApiScope[] = ['scim'],
): Promise<string> {
  const created = await createApiToken(db, {
    organizationId,
    name: `SCIM test ${scopes.join(' ')}`,
    scopes,
    expiresInDays: 30,
    membershipId: null,
    createdByUserId,
  });
  return created.secret;
}

/** Revocation as the admin page does it, without the page: the token stops at the next request. */
export async function revokeAllTokens(db: Db, organizationId: string): Promise<void> {
  await db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.organizationId, organizationId));
}
