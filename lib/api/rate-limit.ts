import { lt, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { apiTokenUsage } from '@/db/schema';

/**
 * Requests per token per minute, counted in the database like the sign-in
 * limits (lib/auth/rate-limit.ts), so the limit holds across restarts and app
 * instances. A fixed one-minute window: one upsert per request.
 */
export const API_REQUESTS_PER_MINUTE = 300;
const WINDOW_MS = 60_000;
/** Windows older than this matter to nothing and are deleted. */
const RETENTION_MS = 60 * 60_000;
/** Share of requests that also prune old windows: cheap on average, no scheduler needed. */
const PRUNE_PROBABILITY = 0.01;

export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Seconds until the window ends and the count starts again. */
  resetSeconds: number;
  exceeded: boolean;
}

export function windowStartOf(now: Date): Date {
  return new Date(Math.floor(now.getTime() / WINDOW_MS) * WINDOW_MS);
}

/** Counts this request against the token's current window and says whether it is over the limit. */
export async function countApiRequest(
  db: Db,
  token: { organizationId: string; tokenId: string },
  now = new Date(),
  random: () => number = Math.random,
  limit = API_REQUESTS_PER_MINUTE,
): Promise<RateLimitState> {
  const windowStart = windowStartOf(now);
  const [row] = await db
    .insert(apiTokenUsage)
    .values({ organizationId: token.organizationId, tokenId: token.tokenId, windowStart, requests: 1 })
    .onConflictDoUpdate({
      target: [apiTokenUsage.organizationId, apiTokenUsage.tokenId, apiTokenUsage.windowStart],
      set: { requests: sql`${apiTokenUsage.requests} + 1` },
    })
    .returning({ requests: apiTokenUsage.requests });
  if (random() < PRUNE_PROBABILITY) await pruneApiUsage(db, now);
  const requests = row?.requests ?? 1;
  return {
    limit,
    remaining: Math.max(0, limit - requests),
    resetSeconds: Math.max(1, Math.ceil((windowStart.getTime() + WINDOW_MS - now.getTime()) / 1000)),
    exceeded: requests > limit,
  };
}

export async function pruneApiUsage(db: Db, now = new Date()): Promise<number> {
  const deleted = await db
    .delete(apiTokenUsage)
    .where(lt(apiTokenUsage.windowStart, new Date(now.getTime() - RETENTION_MS)))
    .returning({ tokenId: apiTokenUsage.tokenId });
  return deleted.length;
}

/** The IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers) for a response. */
export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  return {
    'ratelimit-limit': String(state.limit),
    'ratelimit-remaining': String(state.remaining),
    'ratelimit-reset': String(state.resetSeconds),
  };
}
