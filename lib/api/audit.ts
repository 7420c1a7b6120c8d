import 'server-only';
import type { Db } from '@/db';
import { writeAudit } from '@/lib/audit/write-audit';
import { clientIp } from '@/lib/auth/client-ip';
import type { ApiPrincipal } from './authenticate';
import type { ApiScope } from './scopes';

/** The audit event of a request that used a write scope. */
export const API_WRITE_EVENT = 'api_token.used';

/**
 * Records a request that changed data through a write scope (issue 21: "every
 * use of a write scope is audited"), in the caller's transaction so that the
 * entry commits with the change. The actor is the personal token's member;
 * an organization token acts for nobody, and the entry names the token.
 */
export async function auditApiWrite(
  db: Db,
  principal: ApiPrincipal,
  request: Request,
  use: { scope: ApiScope; details?: Record<string, unknown> },
): Promise<void> {
  const url = new URL(request.url);
  await writeAudit(db, {
    organizationId: principal.organizationId,
    actorUserId: principal.userId,
    action: API_WRITE_EVENT,
    targetType: 'api_token',
    targetId: principal.tokenId,
    details: {
      token: principal.tokenName,
      scope: use.scope,
      method: request.method,
      path: url.pathname,
      ...use.details,
    },
    ip: clientIp(request.headers),
  });
}
