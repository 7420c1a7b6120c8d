import 'server-only';
import { cache } from 'react';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getDb } from '@/db';
import type { MembershipRole } from '@/db/schema';
import { env } from '@/lib/env';
import { secureCookiesSetting } from '@/lib/security/cookies';
import { resolveAuthSecret } from './secret';
import { activeSessionMemberships } from './session-memberships';
import { readSessionClaims, usesSecureCookies, type SessionClaims } from './session-token';

export interface OrganizationChoice {
  organizationId: string;
  slug: string;
  name: string;
  role: MembershipRole;
}

export interface SessionContext {
  user: { id: string; email: string; name: string };
  /** The active membership, re-read from the database on every request. */
  membership: { id: string; role: MembershipRole; organizationId: string };
  organization: { id: string; slug: string; name: string };
  organizations: OrganizationChoice[];
}

/**
 * What the request's session cookie claims, decoded and unexpired, and nothing
 * more: NOT yet checked against the database (membership, session generation,
 * revocation). `getSessionContext` checks it in a query of its own; a route whose
 * one statement checks it itself (`defineRoute({ sessionInStatement: true })`,
 * authorize.ts `sessionActorSql`) takes it from here. Memoised per request.
 */
export const getSessionClaims = cache(async (): Promise<SessionClaims | null> => {
  // The cookie decoded directly, not next-auth's `auth()`: see session-token.ts for why.
  const [jar, requestHeaders] = await Promise.all([cookies(), headers()]);
  return readSessionClaims({
    cookies: jar,
    secret: resolveAuthSecret(),
    secure: usesSecureCookies(
      secureCookiesSetting(env.NODE_ENV, env.AUTH_URL),
      requestHeaders.get('x-forwarded-proto'),
    ),
  });
});

/**
 * Who is asking, checked against the database on every request: a deactivated
 * membership, a removed user, a signed-out session or ended sessions
 * (session-memberships.ts) end it at once, whatever the cookie says.
 * Memoised per request by React's `cache`.
 */
export const getSessionContext = cache(async (): Promise<SessionContext | null> => {
  const claims = await getSessionClaims();
  if (!claims) return null;
  const rows = await activeSessionMemberships(await getDb(), claims);
  const active = rows.find((row) => row.organizationId === claims.organizationId) ?? rows[0];
  if (!active) return null;
  return {
    user: { id: active.userId, email: active.email, name: active.userName },
    membership: { id: active.membershipId, role: active.role, organizationId: active.organizationId },
    organization: { id: active.organizationId, slug: active.slug, name: active.organizationName },
    organizations: rows.map((row) => ({
      organizationId: row.organizationId,
      slug: row.slug,
      name: row.organizationName,
      role: row.role,
    })),
  };
});

/** For pages: the signed-in context, or a redirect to sign in. */
export async function requireSession(): Promise<SessionContext> {
  const context = await getSessionContext();
  if (!context) redirect('/sign-in');
  return context;
}
