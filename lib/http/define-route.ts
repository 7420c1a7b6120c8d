import 'server-only';
import { unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import { getDb, type Db } from '@/db';
import { requireRole, type SessionCheck } from '@/lib/auth/authorize';
import { AuthorizationError, signedOut } from '@/lib/auth/errors';
import { getSessionClaims, getSessionContext, type SessionContext } from '@/lib/auth/session';
import type { MembershipRole } from '@/db/schema';
import { readJsonBody } from './json-body';
import { HSTS, originAllowed, wantsTransportSecurity } from './origin-policy';
import { isSameOrigin } from './same-origin';

const noQuery = z.object({});

interface RouteBaseOptions<Query extends z.ZodType, Body extends z.ZodType> {
  /** Validates the URL's search parameters (none when left out). */
  query?: Query;
  /** Validates a JSON request body: larger than `maxBodyBytes` → 413, not JSON or invalid → 400. */
  body?: Body;
  /** The largest body accepted, in bytes (default 64 KiB). */
  maxBodyBytes?: number;
  role: MembershipRole;
  /**
   * The route is left out of proxy.ts's matcher (its path excluded there): the proxy's origin
   * rule and HSTS are applied here instead. Only for a JSON route whose cost per request matters
   * (the autosave batch): the proxy's pass is a large part of it.
   */
  outsideProxy?: boolean;
}

interface RunArgs<Query extends z.ZodType, Body extends z.ZodType> {
  query: z.output<Query>;
  body: z.output<Body>;
  db: Db;
  request: Request;
}

interface ContextRouteOptions<Query extends z.ZodType, Body extends z.ZodType> extends RouteBaseOptions<Query, Body> {
  sessionInStatement?: false;
  run: (args: RunArgs<Query, Body> & { context: SessionContext }) => Promise<Response>;
}

interface StatementRouteOptions<Query extends z.ZodType, Body extends z.ZodType> extends RouteBaseOptions<Query, Body> {
  /**
   * The session is checked by the route's own statement, not by a query before it: one round trip
   * per request instead of two (the autosave batch, where that round trip was a large share of the
   * cost). `run` gets `session`, the cookie's claims and `role`: its statement checks them with
   * authorize.ts's `sessionActorSql`, reads every id it acts on from that row, changes nothing unless
   * the row exists and is `permitted`, and passes the row it saw to `sessionActorVerdict` (401/403 as
   * `requireRole`). A missing, forged or expired cookie is refused here (401) without a round trip.
   */
  sessionInStatement: true;
  run: (args: RunArgs<Query, Body> & { session: SessionCheck }) => Promise<Response>;
}
const json = (status: number, body: Record<string, unknown>) =>
  Response.json(body, { status, headers: { 'cache-control': 'no-store' } });

const issuesOf = (error: z.ZodError) =>
  error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message));

/**
 * Every route handler goes through here: same-origin check for changes →
 * parse the query (and a JSON body) with zod → require the session and role → run
 * (or, with `sessionInStatement`, hand the session check to the route's one statement).
 */
export function defineRoute<Query extends z.ZodType = typeof noQuery, Body extends z.ZodType = z.ZodUndefined>(
  options: StatementRouteOptions<Query, Body>,
): (request: Request) => Promise<Response>;
export function defineRoute<Query extends z.ZodType = typeof noQuery, Body extends z.ZodType = z.ZodUndefined>(
  options: ContextRouteOptions<Query, Body>,
): (request: Request) => Promise<Response>;
export function defineRoute<Query extends z.ZodType = typeof noQuery, Body extends z.ZodType = z.ZodUndefined>(
  options: ContextRouteOptions<Query, Body> | StatementRouteOptions<Query, Body>,
): (request: Request) => Promise<Response> {
  const handle = async (request: Request): Promise<Response> => {
    if (options.outsideProxy && !originAllowed(request.method, new URL(request.url), request.headers)) {
      return json(403, { error: 'Cross-site requests are not allowed.' });
    }
    if (request.method !== 'GET' && request.method !== 'HEAD' && !isSameOrigin(request)) {
      return json(403, { error: 'Cross-site requests are not allowed.' });
    }
    const params = Object.fromEntries(new URL(request.url).searchParams.entries());
    const parsed = (options.query ?? noQuery).safeParse(params);
    if (!parsed.success) {
      return json(400, { error: 'Invalid query.', issues: parsed.error.issues.map((issue) => issue.message) });
    }
    let body: unknown = undefined;
    if (options.body) {
      const limit = options.maxBodyBytes ?? 64 * 1024;
      const read = await readJsonBody(request, options.body, limit);
      if (!read.ok) {
        if (read.reason === 'too-large') return json(413, { error: `The request is larger than ${limit} bytes.` });
        if (read.reason === 'not-json') return json(400, { error: 'The request body is not valid JSON.' });
        const issues = issuesOf(read.error);
        return json(400, { error: issues[0] ?? 'Invalid request.', issues });
      }
      body = read.value;
    }
    try {
      const args: RunArgs<Query, Body> = {
        query: parsed.data as z.output<Query>,
        body: body as z.output<Body>,
        db: await getDb(),
        request,
      };
      if (options.sessionInStatement) {
        const claims = await getSessionClaims();
        if (!claims) throw signedOut();
        return await options.run({ ...args, session: { claims, role: options.role } });
      }
      const context = await getSessionContext();
      requireRole(context, options.role);
      return await options.run({ ...args, context: context as SessionContext });
    } catch (error) {
      if (error instanceof AuthorizationError) return json(error.status, { error: error.message });
      throw error;
    }
  };
  if (!options.outsideProxy) return handle;
  return async (request: Request): Promise<Response> => {
    let response: Response;
    try {
      response = await handle(request);
    } catch (error) {
      // Next's own control flow (redirect, notFound) is not a failure of the route.
      unstable_rethrow(error);
      // Next's 500 for a thrown error would leave without the headers below.
      console.error(`[route] ${new URL(request.url).pathname} failed:`, error);
      response = json(500, { error: 'Something went wrong on our side; nothing was changed. Try again.' });
    }
    // HSTS, which the proxy adds when the request came over https (its CSP comes from next.config.mjs,
    // lib/http/outside-proxy.json). Copied into a new response: some have immutable headers.
    const headers = new Headers(response.headers);
    if (wantsTransportSecurity(request.headers)) headers.set('strict-transport-security', HSTS);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}

interface PublicRouteOptions<Query extends z.ZodType> {
  /** Validates the URL's search parameters. */
  query: Query;
  /**
   * Why this route serves the signed-out, and what authorizes a call instead
   * of a session (a signed token in the query): the permission matrix lists it.
   */
  authorizedBy: string;
  run: (args: { query: z.output<Query>; db: Db; request: Request }) => Promise<Response>;
}

/**
 * A route handler for requests that carry no session and may come from
 * another site: a mail provider's one-click unsubscribe (RFC 8058) posts from
 * its own servers. The query is parsed with zod first (400 when it does not
 * fit); what it may change is limited by the token it carries, never by who
 * is signed in — the session is not even read, so a cookie cannot widen it.
 */
export function definePublicRoute<Query extends z.ZodType>(options: PublicRouteOptions<Query>) {
  return async (request: Request): Promise<Response> => {
    const params = Object.fromEntries(new URL(request.url).searchParams.entries());
    const parsed = options.query.safeParse(params);
    if (!parsed.success) {
      return json(400, { error: 'Invalid query.', issues: parsed.error.issues.map((issue) => issue.message) });
    }
    return options.run({ query: parsed.data as z.output<Query>, db: await getDb(), request });
  };
}
