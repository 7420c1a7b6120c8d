import 'server-only';
import type { z } from 'zod';
import { getDb, type Db } from '@/db';
import { requireRole } from '@/lib/auth/authorize';
import { AuthorizationError } from '@/lib/auth/errors';
import { getSessionContext, type SessionContext } from '@/lib/auth/session';
import type { MembershipRole } from '@/db/schema';
import { isSameOrigin } from './same-origin';

interface RouteOptions<Query extends z.ZodType> {
  /** Validates the URL's search parameters. */
  query: Query;
  role: MembershipRole;
  run: (args: { query: z.output<Query>; db: Db; context: SessionContext; request: Request }) => Promise<Response>;
}

const json = (status: number, body: Record<string, unknown>) =>
  Response.json(body, { status, headers: { 'cache-control': 'no-store' } });

/**
 * Every route handler goes through here: same-origin check for changes →
 * parse the query with zod → require the session and role → run.
 */
export function defineRoute<Query extends z.ZodType>(options: RouteOptions<Query>) {
  return async (request: Request): Promise<Response> => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && !isSameOrigin(request)) {
      return json(403, { error: 'Cross-site requests are not allowed.' });
    }
    const params = Object.fromEntries(new URL(request.url).searchParams.entries());
    const parsed = options.query.safeParse(params);
    if (!parsed.success) {
      return json(400, { error: 'Invalid query.', issues: parsed.error.issues.map((issue) => issue.message) });
    }
    try {
      const context = await getSessionContext();
      requireRole(context, options.role);
      return await options.run({ query: parsed.data, db: await getDb(), context: context as SessionContext, request });
    } catch (error) {
      if (error instanceof AuthorizationError) return json(error.status, { error: error.message });
      throw error;
    }
  };
}
