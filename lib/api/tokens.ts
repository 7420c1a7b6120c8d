import 'server-only';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { apiTokens, memberships, users } from '@/db/schema';
import { isApiScope, type ApiScope } from './scopes';
import { displayedPrefix, generateTokenSecret, hashTokenSecret } from './token-secret';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface NewApiToken {
  organizationId: string;
  name: string;
  scopes: readonly ApiScope[];
  /** Days until it expires; null = never. */
  expiresInDays: number | null;
  /** Set for a member's personal token. */
  membershipId: string | null;
  createdByUserId: string;
}

export interface CreatedApiToken {
  id: string;
  name: string;
  scopes: ApiScope[];
  expiresAt: string | null;
  /** The whole secret: returned once, to be shown once; only its hash is kept. */
  secret: string;
}

export async function createApiToken(db: Db, token: NewApiToken, now = new Date()): Promise<CreatedApiToken> {
  const secret = generateTokenSecret();
  const expiresAt = token.expiresInDays === null ? null : new Date(now.getTime() + token.expiresInDays * DAY_MS);
  const [row] = await db
    .insert(apiTokens)
    .values({
      organizationId: token.organizationId,
      name: token.name,
      scopes: [...new Set(token.scopes)],
      secretHash: hashTokenSecret(secret),
      secretPrefix: displayedPrefix(secret),
      membershipId: token.membershipId,
      createdByUserId: token.createdByUserId,
      expiresAt,
    })
    .returning({ id: apiTokens.id, scopes: apiTokens.scopes });
  if (!row) throw new Error('insert failed');
  return {
    id: row.id,
    name: token.name,
    scopes: row.scopes.filter(isApiScope),
    expiresAt: expiresAt?.toISOString() ?? null,
    secret,
  };
}

/**
 * Revokes a token of the organization (only a personal token of that member
 * when `membershipId` is given). Null when there is no such live token:
 * another organization's id, or one already revoked.
 */
export async function revokeApiToken(
  db: Db,
  args: { organizationId: string; tokenId: string; revokedByUserId: string; membershipId?: string },
  now = new Date(),
): Promise<{ id: string; name: string; personal: boolean } | null> {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: now, revokedByUserId: args.revokedByUserId })
    .where(
      and(
        eq(apiTokens.organizationId, args.organizationId),
        eq(apiTokens.id, args.tokenId),
        isNull(apiTokens.revokedAt),
        args.membershipId ? eq(apiTokens.membershipId, args.membershipId) : undefined,
      ),
    )
    .returning({ id: apiTokens.id, name: apiTokens.name, membershipId: apiTokens.membershipId });
  return row ? { id: row.id, name: row.name, personal: row.membershipId !== null } : null;
}

export type TokenStatus = 'active' | 'expired' | 'revoked';

export interface ApiTokenListItem {
  id: string;
  name: string;
  scopes: ApiScope[];
  secretPrefix: string;
  status: TokenStatus;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
  createdByName: string | null;
  /** The member a personal token belongs to; null for organization tokens. */
  ownerName: string | null;
}

const MAX_LISTED = 500;

/** The organization's tokens (or one member's personal tokens), newest first. */
export async function listApiTokens(
  db: Db,
  organizationId: string,
  filter: { membershipId?: string } = {},
  now = new Date(),
): Promise<ApiTokenListItem[]> {
  const creator = sql<string | null>`(select u.name from users u where u.id = ${apiTokens.createdByUserId})`;
  const rows = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      scopes: apiTokens.scopes,
      secretPrefix: apiTokens.secretPrefix,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
      createdAt: apiTokens.createdAt,
      createdByName: creator,
      ownerName: users.name,
    })
    .from(apiTokens)
    .leftJoin(
      memberships,
      and(eq(memberships.organizationId, apiTokens.organizationId), eq(memberships.id, apiTokens.membershipId)),
    )
    .leftJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(apiTokens.organizationId, organizationId),
        filter.membershipId ? eq(apiTokens.membershipId, filter.membershipId) : undefined,
      ),
    )
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
    .limit(MAX_LISTED);
  return rows.map((row) => ({
    ...row,
    scopes: row.scopes.filter(isApiScope),
    status: row.revokedAt
      ? 'revoked'
      : row.expiresAt && row.expiresAt.getTime() <= now.getTime()
        ? 'expired'
        : 'active',
  }));
}
