import 'server-only';
import { and, eq, isNull, lte, or } from 'drizzle-orm';
import { getDb, type Db } from '@/db';
import { apiTokens, memberships } from '@/db/schema';
import { problemResponse } from './problem';
import { countApiRequest, rateLimitHeaders, type RateLimitState } from './rate-limit';
import { isApiScope, type ApiScope } from './scopes';
import { SECRET_PATTERN, hashTokenSecret } from './token-secret';

/** Who an API request acts for, once its token is checked. */
export interface ApiPrincipal {
  organizationId: string;
  tokenId: string;
  tokenName: string;
  /** A personal token's member (user and membership); null for an organization token. */
  userId: string | null;
  membershipId: string | null;
  /** The admin who created the token (null once that account is gone). */
  createdByUserId: string | null;
  scopes: ApiScope[];
}

export type ApiAuthSuccess = { ok: true; rateLimit: RateLimitState } & ApiPrincipal;

export type ApiAuthFailureReason =
  | 'missing'
  | 'malformed'
  | 'unknown'
  | 'revoked'
  | 'expired'
  | 'member-inactive'
  | 'rate-limited'
  | 'insufficient-scope';

export interface ApiAuthFailure {
  ok: false;
  status: 401 | 403 | 429;
  reason: ApiAuthFailureReason;
  /** A sentence for the caller (SCIM wraps it in its own error body). */
  detail: string;
  /** Headers the answer must carry: WWW-Authenticate, Retry-After, RateLimit-*. */
  headers: Record<string, string>;
}

export type ApiAuthResult = ApiAuthSuccess | ApiAuthFailure;

/** `last_used_at` is written at most this often per token: a busy token costs no extra write per request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

const DETAILS: Record<Exclude<ApiAuthFailureReason, 'insufficient-scope' | 'rate-limited'>, string> = {
  missing: 'Send an API token in the Authorization header: "Authorization: Bearer sg_…".',
  malformed: 'The Authorization header does not hold a Skillgrid API token ("Bearer sg_…").',
  unknown: 'This API token is not valid. Ask an admin of your organization for a new one.',
  revoked: 'This API token has been revoked. Ask an admin of your organization for a new one.',
  expired: 'This API token has expired. Ask an admin of your organization for a new one.',
  'member-inactive': 'The member this personal token belongs to is no longer active in the organization.',
};

function unauthorized(reason: keyof typeof DETAILS): ApiAuthFailure {
  // RFC 6750: no error code when no credentials were sent at all.
  const challenge =
    reason === 'missing'
      ? 'Bearer realm="skillgrid"'
      : `Bearer realm="skillgrid", error="invalid_token", error_description="${reason}"`;
  return { ok: false, status: 401, reason, detail: DETAILS[reason], headers: { 'www-authenticate': challenge } };
}

/** The secret of `Authorization: Bearer <secret>`, or why there is none. */
function bearerSecret(request: Request): string | 'missing' | 'malformed' {
  const header = request.headers.get('authorization');
  if (!header) return 'missing';
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  if (!match?.[1] || !SECRET_PATTERN.test(match[1])) return 'malformed';
  return match[1];
}

/**
 * Checks the request's bearer token for one scope: known, not revoked, not
 * expired, its member (for a personal token) still active, within its rate
 * limit, and holding `requiredScope` (any one of several, when a list). Revocation and expiry take effect on the
 * next request: nothing about a token is cached.
 *
 * Order: 401 (token) → 429 (rate limit, counted for every request of a real
 * token) → 403 (scope).
 */
export async function authenticateApiRequest(
  request: Request,
  requiredScope: ApiScope | readonly ApiScope[],
  options: { db?: Db; now?: Date } = {},
): Promise<ApiAuthResult> {
  const now = options.now ?? new Date();
  const secret = bearerSecret(request);
  if (secret === 'missing' || secret === 'malformed') return unauthorized(secret);
  const db = options.db ?? (await getDb());

  const [row] = await db
    .select({
      id: apiTokens.id,
      organizationId: apiTokens.organizationId,
      name: apiTokens.name,
      scopes: apiTokens.scopes,
      membershipId: apiTokens.membershipId,
      createdByUserId: apiTokens.createdByUserId,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      lastUsedAt: apiTokens.lastUsedAt,
      memberUserId: memberships.userId,
      memberStatus: memberships.status,
    })
    .from(apiTokens)
    .leftJoin(
      memberships,
      and(eq(memberships.organizationId, apiTokens.organizationId), eq(memberships.id, apiTokens.membershipId)),
    )
    .where(eq(apiTokens.secretHash, hashTokenSecret(secret)))
    .limit(1);
  if (!row) return unauthorized('unknown');
  if (row.revokedAt) return unauthorized('revoked');
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return unauthorized('expired');
  if (row.membershipId && row.memberStatus !== 'active') return unauthorized('member-inactive');

  const rateLimit = await countApiRequest(db, { organizationId: row.organizationId, tokenId: row.id }, now);
  if (rateLimit.exceeded) {
    return {
      ok: false,
      status: 429,
      reason: 'rate-limited',
      detail: `This token made more than ${rateLimit.limit} requests this minute. Try again in ${rateLimit.resetSeconds} s.`,
      headers: { ...rateLimitHeaders(rateLimit), 'retry-after': String(rateLimit.resetSeconds) },
    };
  }

  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    const cutoff = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
    // Conditional, so that of several instances racing only one writes.
    await db
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(
        and(
          eq(apiTokens.organizationId, row.organizationId),
          eq(apiTokens.id, row.id),
          or(isNull(apiTokens.lastUsedAt), lte(apiTokens.lastUsedAt, cutoff)),
        ),
      );
  }

  const scopes = row.scopes.filter(isApiScope);
  const accepted: readonly ApiScope[] = typeof requiredScope === 'string' ? [requiredScope] : requiredScope;
  if (!accepted.some((scope) => scopes.includes(scope))) {
    const named = accepted.map((scope) => `"${scope}"`).join(' or ');
    return {
      ok: false,
      status: 403,
      reason: 'insufficient-scope',
      detail: `This token does not have the scope ${named}. An admin can create a token that has it.`,
      headers: {
        ...rateLimitHeaders(rateLimit),
        'www-authenticate': `Bearer realm="skillgrid", error="insufficient_scope", scope="${accepted.join(' ')}"`,
      },
    };
  }

  return {
    ok: true,
    rateLimit,
    organizationId: row.organizationId,
    tokenId: row.id,
    tokenName: row.name,
    userId: row.membershipId ? row.memberUserId : null,
    membershipId: row.membershipId,
    createdByUserId: row.createdByUserId,
    scopes,
  };
}

/** The problem+json answer to a failed authentication (SCIM builds its own body from `status` and `detail`). */
export function apiAuthFailureResponse(failure: ApiAuthFailure): Response {
  const type = failure.status === 401 ? 'unauthorized' : failure.status === 429 ? 'rate-limited' : 'insufficient-scope';
  return problemResponse(type, { detail: failure.detail, headers: failure.headers });
}
