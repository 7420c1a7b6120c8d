/**
 * A person added without an invitation — `POST /api/v1/members` or SCIM
 * `POST /Users` — learns they have an account: the create queues the welcome
 * mail in its transaction (lib/members/welcome-mail-job.ts), the worker's send
 * reaches a real SMTP server in this process, its set-password link works
 * (and proves the address), and the mail goes once: a second run of the job
 * sends nothing and keeps the link that went out working.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rowsOf } from '@/db';
import { memberships, users } from '@/db/schema';
import { describeResetLink, resetPassword } from '@/lib/auth/password-reset';
import { runWelcomeMail, type WelcomeMailPayload } from '@/lib/members/welcome-mail-job';
import { createTestToken, type TestToken } from '../../fixtures/api-tokens';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { linkIn, smtpTarget, startInbox, tokenIn, type Inbox } from '../../fixtures/smtp-inbox';
import { useTestDatabase } from '../../fixtures/test-context';
import { buildWorld, type World } from '../../fixtures/world';
import { call, routeHandler } from '../api/v1-client';
import { scim } from '../scim/scim-client';
import { issueScimToken } from '../scim/tokens';

vi.mock('@/lib/env', async (importOriginal) =>
  (await import('../../fixtures/smtp-inbox')).envWithSmtp(await importOriginal()),
);
vi.setConfig({ testTimeout: 30_000, hookTimeout: 120_000 });

let database: TestDatabase;
let inbox: Inbox;
let world: World;
let writer: TestToken;

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  inbox = await startInbox();
  smtpTarget.url = inbox.url;
  world = await buildWorld(database.db);
  writer = await createTestToken(database.db, {
    organizationId: world.orgA,
    scopes: ['members:write'],
    createdByUserId: world.adminA.user.id,
    name: 'HR sync',
  });
});

afterAll(async () => {
  await inbox?.close();
  await database?.close();
});

/** The welcome jobs queued for a membership (pg-boss's rows): their payloads. */
async function welcomeJobs(membershipId: string): Promise<WelcomeMailPayload[]> {
  return rowsOf<{ data: WelcomeMailPayload }>(
    await database.db.execute(
      sql`select data from pgboss.job where name = 'member.welcome' and data->>'membershipId' = ${membershipId}`,
    ),
  ).map((row) => row.data);
}

const run = (payload: WelcomeMailPayload) => runWelcomeMail(async () => database.db, payload);

describe('the welcome mail of a member added without an invitation', () => {
  it('API: queued with the member, mailed once, its link sets the password and proves the address', async () => {
    const answer = await call(await routeHandler('app/api/v1/members/route.ts', 'POST'), '/api/v1/members', {
      token: writer,
      body: { email: 'nina.new@example.test', name: 'Nina New', role: 'member' },
    });
    expect(answer.status).toBe(201);
    const memberId = (answer.json as { id: string }).id;
    const jobs = await welcomeJobs(memberId);
    expect(jobs).toEqual([{ organizationId: world.orgA, membershipId: memberId, via: 'api' }]);

    const since = inbox.messages.length;
    expect(await run(jobs[0]!)).toBe('sent');
    const mail = await inbox.next('nina.new@example.test', since);
    expect(mail.subject).toMatch(/^You have been added to .+ on Skillgrid$/);
    expect(mail.text).toContain('Your account has no password yet');
    const link = linkIn(mail, '/reset-password/');
    expect(mail.html).toContain(link.toString().replace(/&/g, '&amp;'));

    // Once: the job again (a worker killed after sending, before completing) sends nothing, keeps the link.
    expect(await run(jobs[0]!)).toBe('already-sent');
    expect(inbox.messages.length).toBe(since + 1);

    // Following the link: the page's check, then the form's reset.
    expect(await describeResetLink(database.db, tokenIn(link))).toEqual({ ok: true, email: 'nina.new@example.test' });
    const reset = await resetPassword(
      database.db,
      { token: tokenIn(link), password: 'a long new passphrase 42' },
      null,
    );
    expect(reset).toMatchObject({ ok: true, data: { email: 'nina.new@example.test' } });
    const [account] = await database.db
      .select({ passwordHash: users.passwordHash, verified: users.emailVerifiedAt })
      .from(users)
      .where(eq(users.email, 'nina.new@example.test'));
    expect(account!.passwordHash).toEqual(expect.any(String));
    expect(account!.verified).toBeInstanceOf(Date);
    const [membership] = await database.db
      .select({ welcomed: memberships.welcomeMailedAt })
      .from(memberships)
      .where(eq(memberships.id, memberId));
    expect(membership!.welcomed).toBeInstanceOf(Date);
  });

  it('SCIM: a provisioned user is welcomed too; an account with a password gets a sign-in link', async () => {
    // Organization B's admin has an account with a (proven) password; A's provider adds them to A.
    await database.db
      .update(users)
      .set({ passwordHash: 'scrypt$stand-in', emailVerifiedAt: new Date() })
      .where(eq(users.id, world.adminB.user.id));
    const [existing] = await database.db
      .select({ email: users.email })
      .from(users)
      .where(eq(users.id, world.adminB.user.id));
    const token = await issueScimToken(database.db, world.orgA, world.adminA.user.id);
    const created = await scim(token, {
      method: 'POST',
      path: '/Users',
      body: {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: existing!.email,
        emails: [{ value: existing!.email, primary: true }],
        active: true,
      },
    });
    expect(created.status).toBe(201);
    const jobs = await welcomeJobs(created.json.id as string);
    expect(jobs).toEqual([{ organizationId: world.orgA, membershipId: created.json.id, via: 'scim' }]);
    const since = inbox.messages.length;
    expect(await run(jobs[0]!)).toBe('sent');
    const mail = await inbox.next(existing!.email, since);
    expect(mail.text).toContain('Sign in with the account you already have');
    expect(linkIn(mail, '/sign-in').pathname).toBe('/sign-in');
    expect(mail.text).not.toContain('/reset-password/');
  });
});
