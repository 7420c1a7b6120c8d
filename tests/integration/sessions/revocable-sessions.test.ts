/**
 * Sessions end for real (issue 17, finding 5). Cookies here are minted by
 * next-auth's own credentials sign-in (the real jwt callback), then presented
 * to the real getSessionContext (what every page, action and route reads) and
 * to next-auth's own `/api/auth/session`. Before sessions were revocable, a
 * copied cookie kept working after sign-out, a reactivated member's old
 * cookie came back, and `/api/auth/session` told a deactivated member's name
 * and email to whoever held the cookie.
 */
import { eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { memberships, revokedSessions, users } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import { pruneRevokedSessions } from '@/lib/auth/revoke-sessions';
import type { SessionContext } from '@/lib/auth/session';
import { changeMemberRoleAction, deactivateMemberAction, reactivateMemberAction } from '@/lib/members/actions';
import { signOutEverywhereAction } from '@/lib/auth/sign-out-action';
import { createMember, createOrganization } from '../../fixtures/actors';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { actAs, useTestDatabase } from '../../fixtures/test-context';

const ORIGIN = 'http://localhost:3000';
const PASSWORD = 'correct horse battery staple';

// The cookie the "browser" presents to server components and actions.
const presented: { cookie: string } = { cookie: '' };
vi.mock('next/headers', () => ({
  headers: async () => new Headers({ host: 'localhost:3000', 'x-forwarded-proto': 'http', cookie: presented.cookie }),
  cookies: async () => {
    const entries = presented.cookie
      .split(';')
      .map((pair) => pair.trim())
      .filter(Boolean)
      .map((pair) => {
        const at = pair.indexOf('=');
        return { name: pair.slice(0, at), value: pair.slice(at + 1) };
      });
    return {
      get: (name: string) => entries.find((entry) => entry.name === name),
      getAll: () => entries,
    };
  },
}));

let database: TestDatabase;
let handlers: { GET: (request: NextRequest) => Promise<Response>; POST: (request: NextRequest) => Promise<Response> };
let getSessionContext: () => Promise<SessionContext | null>;
let organizationId: string;
let admin: SessionContext;
let person: SessionContext;

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  // The setup file replaces these with stand-ins; here we want the real ones.
  ({ handlers } = await vi.importActual<typeof import('@/lib/auth/config')>('@/lib/auth/config'));
  ({ getSessionContext } = await vi.importActual<typeof import('@/lib/auth/session')>('@/lib/auth/session'));
  organizationId = await createOrganization(database.db, 'Revocable');
  admin = await createMember(database.db, organizationId, 'admin', 'The Admin');
  person = await createMember(database.db, organizationId, 'member', 'Pat Person');
  const passwordHash = await hashPassword(PASSWORD);
  await database.db.update(users).set({ passwordHash }).where(eq(users.id, person.user.id));
});
afterAll(async () => {
  await database?.close();
});

function setCookies(response: Response): Map<string, string> {
  const jar = new Map<string, string>();
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const at = pair?.indexOf('=') ?? -1;
    if (pair && at > 0) jar.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return jar;
}

const cookieHeader = (jar: Map<string, string>) => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');

async function csrf(): Promise<{ token: string; jar: Map<string, string> }> {
  const response = await handlers.GET(new NextRequest(`${ORIGIN}/api/auth/csrf`));
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { token: csrfToken, jar: setCookies(response) };
}

/** Signs in through next-auth's credentials callback, as the sign-in form does; returns the session cookie. */
async function signIn(): Promise<string> {
  const { token, jar } = await csrf();
  const response = await handlers.POST(
    new NextRequest(`${ORIGIN}/api/auth/callback/credentials`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar), origin: ORIGIN },
      body: new URLSearchParams({ email: person.user.email, password: PASSWORD, csrfToken: token, callbackUrl: '/' }),
    }),
  );
  const session = setCookies(response).get('authjs.session-token');
  expect(session, `sign-in answered ${response.status} ${response.headers.get('location')}`).toBeTruthy();
  return `authjs.session-token=${session}`;
}

/** What a server component, action or route handler sees with this cookie. */
async function contextWith(cookie: string): Promise<SessionContext | null> {
  presented.cookie = cookie;
  return getSessionContext();
}

/** What next-auth's own session endpoint answers to this cookie. */
async function sessionEndpointWith(cookie: string): Promise<unknown> {
  const response = await handlers.GET(new NextRequest(`${ORIGIN}/api/auth/session`, { headers: { cookie } }));
  return response.json();
}

async function signOutWith(cookie: string): Promise<void> {
  const { token, jar } = await csrf();
  await handlers.POST(
    new NextRequest(`${ORIGIN}/api/auth/signout`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: `${cookieHeader(jar)}; ${cookie}`,
        origin: ORIGIN,
      },
      body: new URLSearchParams({ csrfToken: token, callbackUrl: '/sign-in' }),
    }),
  );
}

async function expectEnded(cookie: string) {
  expect(await contextWith(cookie)).toBeNull();
  const session = await sessionEndpointWith(cookie);
  expect(session).toBeNull();
  expect(JSON.stringify(session)).not.toContain(person.user.email);
}

describe('revocable sessions', () => {
  it('a signed-in cookie works on pages and on /api/auth/session', async () => {
    const cookie = await signIn();
    expect((await contextWith(cookie))?.user.id).toBe(person.user.id);
    expect(await sessionEndpointWith(cookie)).toMatchObject({ user: { email: person.user.email } });
  });

  it('signing out ends that session: a copy of the cookie stops working, other devices stay signed in', async () => {
    const laptop = await signIn();
    const phone = await signIn();
    const copied = laptop;
    await signOutWith(laptop);
    await expectEnded(copied);
    expect((await contextWith(phone))?.user.id).toBe(person.user.id);
  });

  it('a cookie re-issued by /api/auth/session (new jti) dies with the session it belongs to', async () => {
    const cookie = await signIn();
    const refreshed = await handlers.GET(new NextRequest(`${ORIGIN}/api/auth/session`, { headers: { cookie } }));
    const reissued = `authjs.session-token=${setCookies(refreshed).get('authjs.session-token')}`;
    expect(reissued).not.toBe(cookie);
    await signOutWith(reissued);
    await expectEnded(cookie);
    await expectEnded(reissued);
  });

  it('deactivation ends every session at once, and reactivation does not bring an old cookie back', async () => {
    const before = await signIn();
    actAs(admin);
    expect(await deactivateMemberAction({ membershipId: person.membership.id })).toMatchObject({ ok: true });
    await expectEnded(before);
    expect(await reactivateMemberAction({ membershipId: person.membership.id })).toMatchObject({ ok: true });
    await expectEnded(before);
    // Signing in again after reactivation works.
    expect((await contextWith(await signIn()))?.user.id).toBe(person.user.id);
  });

  it('a deactivated member gets nothing from /api/auth/session (no name, no email)', async () => {
    const cookie = await signIn();
    // Even a deactivation written straight to the database, with no session ended, is refused.
    await database.db
      .update(memberships)
      .set({ status: 'deactivated' })
      .where(eq(memberships.id, person.membership.id));
    try {
      await expectEnded(cookie);
    } finally {
      await database.db.update(memberships).set({ status: 'active' }).where(eq(memberships.id, person.membership.id));
    }
  });

  it('a role change ends the sessions of the member whose role changed', async () => {
    const cookie = await signIn();
    actAs(admin);
    expect(await changeMemberRoleAction({ membershipId: person.membership.id, role: 'manager' })).toMatchObject({
      ok: true,
    });
    await expectEnded(cookie);
    expect(await changeMemberRoleAction({ membershipId: person.membership.id, role: 'member' })).toMatchObject({
      ok: true,
    });
  });

  it('"sign out everywhere" ends every session of the user and nobody else’s', async () => {
    const laptop = await signIn();
    const phone = await signIn();
    actAs(person);
    await signOutEverywhereAction();
    await expectEnded(laptop);
    await expectEnded(phone);
    expect(await contextWith('')).toBeNull();
    expect((await database.db.select().from(users).where(eq(users.id, admin.user.id)))[0]?.sessionGeneration).toBe(0);
  });

  it('revocations are pruned once no copy of the cookie can still be valid', async () => {
    const cookie = await signIn();
    await signOutWith(cookie);
    const later = new Date(Date.now() + 9 * 60 * 60 * 1000);
    expect(await pruneRevokedSessions(database.db, later)).toBeGreaterThan(0);
    expect(await database.db.select().from(revokedSessions)).toEqual([]);
  });
});
