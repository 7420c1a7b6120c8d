import 'server-only';
import { cache } from 'react';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { and, asc, eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { memberships, organizations, users, type MembershipRole } from '@/db/schema';
import { env } from '@/lib/env';
import { secureCookiesSetting } from '@/lib/security/cookies';
import { resolveAuthSecret } from './secret';
import { readSessionClaims, usesSecureCookies } from './session-token';

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
 * Who is asking, checked against the database on every request: a deactivated
 * membership or a removed user ends the session at once, whatever the cookie says.
 * Memoised per request by React's `cache`.
 */
export const getSessionContext = cache(async (): Promise<SessionContext | null> => {
  // The cookie decoded directly, not next-auth's `auth()`: see session-token.ts for why.
  const [jar, requestHeaders] = await Promise.all([cookies(), headers()]);
  const claims = await readSessionClaims({
    cookies: jar,
    secret: resolveAuthSecret(),
    secure: usesSecureCookies(
      secureCookiesSetting(env.NODE_ENV, env.AUTH_URL),
      requestHeaders.get('x-forwarded-proto'),
    ),
  });
  const userId = claims?.userId;
  if (!userId) return null;
  const db = await getDb();
  const rows = await db
    .select({
      userId: users.id,
      email: users.email,
      userName: users.name,
      membershipId: memberships.id,
      role: memberships.role,
      organizationId: organizations.id,
      slug: organizations.slug,
      organizationName: organizations.name,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(and(eq(memberships.userId, userId), eq(memberships.status, 'active')))
    .orderBy(asc(organizations.name));
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
