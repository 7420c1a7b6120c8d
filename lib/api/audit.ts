import 'server-only';
import type { Db } from '@/db';
import { writeAudit } from '@/lib/audit/write-audit';
import { clientIp } from '@/lib/auth/client-ip';
import type { ApiPrincipal } from './authenticate';
import type { ApiScope } from './scopes';

/** The audit event of a request that used a write scope. */
export const API_WRITE_EVENT = 'api_token.used';

/**
 * The audit entry of a change made through a token with a write scope, in the
 * caller's transaction so that it commits with the change: the domain's own
 * event (`member.created`, `member.deactivated`… as the admin pages write
 * them) with the token named in the details (`via: api`). The actor is a
 * personal token's member; an organization token acts for nobody.
 */
export async function auditApiChange(
  db: Db,
  principal: ApiPrincipal,
  request: Request,
  entry: {
    action: string;
    scope: ApiScope;
    targetType: string;
    targetId: string;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  const url = new URL(request.url);
  await writeAudit(db, {
    organizationId: principal.organizationId,
    actorUserId: principal.userId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    details: {
      via: 'api',
      tokenId: principal.tokenId,
      token: principal.tokenName,
      scope: entry.scope,
      method: request.method,
      path: url.pathname,
      ...entry.details,
    },
    ip: clientIp(request.headers),
  });
}

/**
 * Records a request that changed data through a write scope with no domain
 * event of its own (a batch of ratings: issue 21, "every use of a write scope
 * is audited"), targeting the token.
 */
export function auditApiWrite(
  db: Db,
  principal: ApiPrincipal,
  request: Request,
  use: { scope: ApiScope; details?: Record<string, unknown> },
): Promise<void> {
  return auditApiChange(db, principal, request, {
    action: API_WRITE_EVENT,
    scope: use.scope,
    targetType: 'api_token',
    targetId: principal.tokenId,
    details: use.details,
  });
}
