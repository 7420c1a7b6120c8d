import 'server-only';
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { getDb } from '@/db';
import { env } from '@/lib/env';
import { authenticateWithPassword } from './credentials';
import { clientIp } from './client-ip';
import { resolveAuthSecret } from './secret';

class RateLimited extends CredentialsSignin {
  code = 'rate-limited';
}

declare module 'next-auth' {
  interface Session {
    organizationId?: string;
  }
}

// Lazy configuration: the secret and the database are resolved on the first
// request, never while `next build` imports this module.
export const { handlers, auth, signIn, signOut, unstable_update } = NextAuth(() => ({
  secret: resolveAuthSecret(),
  trustHost: true,
  session: { strategy: 'jwt', maxAge: env.SESSION_MAX_AGE_SECONDS },
  pages: { signIn: '/sign-in' },
  providers: [
    Credentials({
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, request) {
        const result = await authenticateWithPassword(await getDb(), credentials, clientIp(request.headers));
        if (result.ok) return { id: result.user.id, email: result.user.email, name: result.user.name };
        if (result.reason === 'rate-limited') throw new RateLimited();
        return null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user, trigger, session }) {
      if (user?.id) token.sub = user.id;
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
