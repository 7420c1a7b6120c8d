import 'server-only';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import NextAuth, { CredentialsSignin } from 'next-auth';
import type { Provider } from 'next-auth/providers';
import Credentials from 'next-auth/providers/credentials';
import { getDb } from '@/db';
import { users } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write-audit';
import { env } from '@/lib/env';
import { authenticateWithPassword } from './credentials';
import { clientIp } from './client-ip';
import { OIDC_PROVIDER_ID, oidcProvider } from './oidc';
import { matchSsoUser } from './oidc-match';
import { resolveAuthSecret } from './secret';
import { secureCookiesSetting } from '@/lib/security/cookies';
import { SSO_NO_ACCOUNT, SSO_UNVERIFIED, ssoRefusalPath } from './oidc-errors';
import { endSession } from './revoke-sessions';
import { safeRedirectUrl } from './safe-redirect';
import { activeSessionMemberships } from './session-memberships';
import { sessionClaimsOf } from './session-token';

class RateLimited extends CredentialsSignin {
  code = 'rate-limited';
}

class EmailUnverified extends CredentialsSignin {
  code = 'email-unverified';
}

declare module 'next-auth' {
  interface Session {
    organizationId?: string;
  }
}

function providers(): Provider[] {
  const list: Provider[] = [
    Credentials({
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, request) {
        const result = await authenticateWithPassword(await getDb(), credentials, clientIp(request.headers));
        if (result.ok) return { id: result.user.id, email: result.user.email, name: result.user.name };
        if (result.reason === 'rate-limited') throw new RateLimited();
        if (result.reason === 'unverified') throw new EmailUnverified();
        return null;
      },
    }),
  ];
  const oidc = oidcProvider();
  if (oidc) list.push(oidc);
  return list;
}

// Lazy configuration: the secret and the database are resolved on the first
// request, never while `next build` imports this module.
export const { handlers, auth, signIn, signOut, unstable_update } = NextAuth((request) => ({
  secret: resolveAuthSecret(),
  trustHost: true,
  useSecureCookies: secureCookiesSetting(env.NODE_ENV, env.AUTH_URL),
  session: { strategy: 'jwt', maxAge: env.SESSION_MAX_AGE_SECONDS },
  // Errors (a refused or failed SSO round trip) land on our sign-in page with `?error=`, not next-auth's page.
  pages: { signIn: '/sign-in', error: '/sign-in' },
  providers: providers(),
  events: {
    // Every sign-out (the header's button, the invitation page's) ends the
    // session for real: a copy of the cookie taken before stops working too.
    async signOut(message) {
      const claims = 'token' in message ? sessionClaimsOf(message.token) : null;
      if (claims) await endSession(await getDb(), claims);
    },
  },
  callbacks: {
    // Where next-auth sends the browser after signing in or out: the same rule as everywhere else.
    redirect({ url, baseUrl }) {
      return safeRedirectUrl(url, baseUrl);
    },
    async signIn({ user, account, profile }) {
      if (account?.provider !== OIDC_PROVIDER_ID) return true;
      const db = await getDb();
      const ip = request ? clientIp(request.headers) : null;
      const match = await matchSsoUser(db, {
        email: profile?.email,
        emailVerified: profile?.email_verified,
        name: profile?.name,
        ip,
      });
      if (!match.ok) {
        await writeAudit(db, {
          organizationId: null,
          action: 'auth.sign_in_failed',
          details: { email: match.email, method: 'sso', reason: match.reason },
          ip,
        });
        return ssoRefusalPath(match.reason === 'unverified' ? SSO_UNVERIFIED : SSO_NO_ACCOUNT, match.email);
      }
      await writeAudit(db, {
        organizationId: match.organizationId,
        actorUserId: match.userId,
        action: 'auth.sign_in',
        details: { method: 'sso' },
        ip,
      });
      // next-auth hands this same object to the jwt callback: from here on the
      // user is OUR user, never the IdP's subject.
      user.id = match.userId;
      user.email = match.email;
      (user as { organizationId?: string }).organizationId = match.organizationId;
      return true;
    },
    async jwt({ token, user, account, trigger, session }) {
      if (user?.id) {
        token.sub = user.id;
        if (account?.provider === OIDC_PROVIDER_ID) {
          // Never keep the IdP's subject: the signIn callback replaced it with our id.
          if (token.sub === account.providerAccountId) throw new Error('SSO user was not mapped to a Skillgrid user.');
        }
        // A new session: its own id (kept when next-auth re-issues the cookie) so that
        // signing out can end exactly this one, and the user's current generation so
        // that endAllSessions() ends it with all the others (lib/auth/revoke-sessions.ts).
        token.sid = randomUUID();
        const [row] = await (
          await getDb()
        )
          .select({ generation: users.sessionGeneration })
          .from(users)
          .where(eq(users.id, user.id))
          .limit(1);
        if (!row) return null;
        token.gen = row.generation;
        const organizationId = (user as { organizationId?: unknown }).organizationId;
        if (typeof organizationId === 'string') token.organizationId = organizationId;
      } else {
        // next-auth's own session endpoint (/api/auth/session, and the update
        // below) answers only for a session our pages would accept; null makes
        // it answer `null` and clear the cookie.
        const claims = sessionClaimsOf(token);
        if (!claims) return null;
        const rows = await activeSessionMemberships(await getDb(), claims);
        if (rows.length === 0) return null;
      }
      // The organization switcher asks for a new active organization; the
      // server re-checks the membership on every request anyway.
      if (trigger === 'update' && session && typeof session === 'object' && 'organizationId' in session) {
        const requested = (session as { organizationId?: unknown }).organizationId;
        if (typeof requested === 'string') token.organizationId = requested;
      }
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      if (typeof token.organizationId === 'string') session.organizationId = token.organizationId;
      return session;
    },
  },
}));
