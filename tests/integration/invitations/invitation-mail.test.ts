/**
 * The invitation's mail on the job queue (issue 20): the action queues it in
 * its transaction, a real worker sends it to a real SMTP server in this
 * process, its link accepts the invitation; an unreachable server never fails
 * the action — the job retries, fails into the admins' view, and their retry
 * sends it; a job run again after a success mails nothing.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { rowsOf } from '@/db';
import { invitations, mailOutbox, memberships, users } from '@/db/schema';
import { acceptInvitationAsNewUser } from '@/lib/invitations/accept-invitation';
import { createInvitationAction, resendInvitationAction } from '@/lib/invitations/actions';
import { sendBulkInvitationsAction } from '@/lib/invitations/bulk-actions';
import { invitationMailPayload, runInvitationMail, type InvitationMailPayload } from '@/lib/invitations/mail-job';
import { openInvitationToken, sealInvitationToken } from '@/lib/invitations/sealed-token';
import { listJobProblems } from '@/lib/jobs/failed';
import { JOBS } from '@/lib/jobs/registry';
import { startWorker, type RunningWorker } from '@/lib/jobs/worker';
import { retryJobAction } from '@/lib/notifications/actions';
import { createMember, createOrganization } from '../../fixtures/actors';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { smtpTarget, startInbox, waitFor, type Inbox } from '../../fixtures/smtp-inbox';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { form, tokenOf } from './helpers';

vi.mock('@/lib/env', async (importOriginal) =>
  (await import('../../fixtures/smtp-inbox')).envWithSmtp(await importOriginal()),
);
vi.mock('next-auth', () => ({ AuthError: class AuthError extends Error {} }));
// The root config's timeouts do not reach the projects; booting PGlite on a busy two-core machine can take a while.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let database: TestDatabase;
let inbox: Inbox;
let worker: RunningWorker | undefined;
let organizationId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  inbox = await startInbox();
  smtpTarget.url = inbox.url;
  organizationId = await createOrganization(database.db, 'Invites & Co');
  actAs(await createMember(database.db, organizationId, 'admin'));
  worker = await startWorker(database, JOBS, {
    pollingIntervalSeconds: 0.5,
    schedule: false,
    // Failures retry at once and give up after one retry: the test sees "failed" in seconds.
    queueOverrides: { 'invitation.send': { retryLimit: 1, retryDelay: 1, retryBackoff: true, retryDelayMax: 1 } },
  });
});

afterAll(async () => {
  await worker?.stop(2_000);
  await inbox?.close();
  await database?.close();
});

const mailsTo = (email: string) => inbox.mailsTo(email);
const linkIn = (text: string | undefined) => /https?:\/\/\S+\/invite\/[A-Za-z0-9_-]{43}/.exec(text ?? '')?.[0];

/** The queued mail jobs of an invitation, newest first, with their payloads. */
async function jobsOf(invitationId: string) {
  const rows = rowsOf<{ id: string; state: string; data: unknown }>(
    await database.db.execute(
      sql`select id::text as id, state::text as state, data from pgboss.job
          where name = 'invitation.send' and data->>'invitationId' = ${invitationId} order by created_on desc`,
    ),
  );
  return rows.map((row) => ({
    ...row,
    payload: invitationMailPayload.parse(typeof row.data === 'string' ? JSON.parse(row.data) : row.data),
  }));
}

async function invitationOf(email: string) {
  const [row] = await database.db
    .select()
    .from(invitations)
    .where(and(eq(invitations.organizationId, organizationId), eq(invitations.email, email)))
    .orderBy(sql`${invitations.createdAt} desc`)
    .limit(1);
  if (!row) throw new Error(`no invitation for ${email}`);
  return row;
}

describe('the sealed token in the job payload', () => {
  it('opens only for its invitation and unaltered', () => {
    const token = 'A'.repeat(43);
    const id = '00000000-0000-4000-8000-000000000001';
    const sealed = sealInvitationToken(token, id);
    expect(sealed).not.toContain(token);
    expect(openInvitationToken(sealed, id)).toBe(token);
    expect(() => openInvitationToken(sealed, '00000000-0000-4000-8000-000000000002')).toThrow();
    const bytes = Buffer.from(sealed.slice(3), 'base64url');
    bytes[14] = bytes[14]! ^ 1;
    expect(() => openInvitationToken(`v1.${bytes.toString('base64url')}`, id)).toThrow();
  });
});

describe('the invitation mail', () => {
  let firstPayload: InvitationMailPayload;

  it('is queued with the invitation, sent by the worker, and its link accepts the invitation', async () => {
    const email = 'ada@example.com';
    const result = await createInvitationAction(null, form({ email, role: 'manager', teamId: '' }));
    expect(result).toMatchObject({
      ok: true,
      message: expect.stringContaining('The email is on its way'),
      data: { kind: 'created', mail: 'queued' },
    });
    if (!result.ok || result.data?.kind !== 'created') throw new Error('expected an invitation');
    const token = tokenOf(result.data.link);

    const [mail] = await waitFor(async () => mailsTo(email).length > 0 && mailsTo(email));
    expect(mail!.subject).toBe('You are invited to join Invites & Co on Skillgrid');
    expect(mail!.html).toContain('Invites &amp; Co');
    const link = linkIn(mail!.text);
    expect(link).toBe(result.data.link);

    const invitation = await invitationOf(email);
    expect(invitation.mailedAt).toBeInstanceOf(Date);
    // The mail arrives before the worker reports the job done: wait for the queue to say so.
    await waitFor(async () => (await jobsOf(invitation.id))[0]?.state === 'completed');
    const [job] = await jobsOf(invitation.id);
    expect(job!.state).toBe('completed');
    // The queue holds the token sealed, never in the clear.
    expect(JSON.stringify(job!.data)).not.toContain(token);
    firstPayload = job!.payload;

    const accepted = await acceptInvitationAsNewUser(
      database.db,
      { token: tokenOf(link!), name: 'Ada', password: 'a long enough password' },
      null,
    );
    expect(accepted.ok).toBe(true);
    const [member] = await database.db
      .select({ role: memberships.role })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.organizationId, organizationId), eq(users.email, email)));
    expect(member).toEqual({ role: 'manager' });
  });

  it('is not sent twice when its job runs again after a success, nor for a link that no longer works', async () => {
    const before = inbox.messages.length;
    // The accepted invitation's job again (a worker killed after sending, before completing): nothing mailed.
    expect(await runInvitationMail(async () => database.db, firstPayload)).toBe('obsolete');

    const email = 'grace@example.com';
    const created = await createInvitationAction(null, form({ email, role: 'member', teamId: '' }));
    expect(created.ok).toBe(true);
    await waitFor(async () => mailsTo(email).length === 1);
    const invitation = await invitationOf(email);
    const [job] = await jobsOf(invitation.id);
    expect(await runInvitationMail(async () => database.db, job!.payload)).toBe('already-sent');

    // Resend: a new link, mailed once; the old link's job no longer mails anything.
    const resent = await resendInvitationAction(null, form({ invitationId: invitation.id }));
    expect(resent).toMatchObject({ ok: true, data: { mail: 'queued' } });
    await waitFor(async () => mailsTo(email).length === 2);
    expect(linkIn(mailsTo(email)[1]!.text)).toBe(resent.ok ? resent.data?.link : 'none');
    expect(await runInvitationMail(async () => database.db, job!.payload)).toBe('obsolete');
    const [resentJob] = await jobsOf(invitation.id);
    expect(await runInvitationMail(async () => database.db, resentJob!.payload)).toBe('already-sent');
    expect(inbox.messages.length).toBe(before + 2);
  });

  it('keeps the development outbox exactly once too (no SMTP configured)', async () => {
    const email = 'outbox@example.com';
    smtpTarget.url = undefined;
    try {
      expect((await createInvitationAction(null, form({ email, role: 'member', teamId: '' }))).ok).toBe(true);
      const invitation = await invitationOf(email);
      await waitFor(async () => (await jobsOf(invitation.id))[0]?.state === 'completed');
      const [job] = await jobsOf(invitation.id);
      expect(await runInvitationMail(async () => database.db, job!.payload)).toBe('already-sent');
      const stored = await database.db.select().from(mailOutbox).where(eq(mailOutbox.to, email));
      expect(stored).toHaveLength(1);
      expect(stored[0]!.text).toMatch(/\/invite\/[A-Za-z0-9_-]{43}/);
    } finally {
      smtpTarget.url = inbox.url;
    }
  });

  it('bulk invitation queues one mail per line in its transaction, and each arrives', async () => {
    const result = await sendBulkInvitationsAction({ text: 'lin@example.com, ming@example.com, not-an-email' });
    expect(result.ok).toBe(true);
    expect(result.ok && result.data?.sent.map((row) => row.mail)).toEqual(['queued', 'queued']);
    await waitFor(async () => mailsTo('lin@example.com').length === 1 && mailsTo('ming@example.com').length === 1);
    const rows = await database.db
      .select({ id: invitations.id })
      .from(invitations)
      .where(inArray(invitations.email, ['lin@example.com', 'ming@example.com']));
    for (const row of rows) expect(await jobsOf(row.id)).toHaveLength(1);
  });

  it('with SMTP unreachable the action still succeeds; the job retries, shows as failed, and the admin retry sends it once', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    // Nothing listens on the discard port.
    smtpTarget.url = 'smtp://127.0.0.1:9';
    const email = 'unreachable@example.com';
    const result = await createInvitationAction(null, form({ email, role: 'member', teamId: '' }));
    expect(result).toMatchObject({ ok: true, data: { mail: 'queued', link: expect.stringContaining('/invite/') } });
    const invitation = await invitationOf(email);

    const failed = await waitFor(async () => {
      const problems = await listJobProblems(database.db, organizationId);
      return problems.find((job) => job.state === 'failed' && job.data.invitationId === invitation.id);
    }, 40_000);
    expect(failed).toMatchObject({ name: 'invitation.send', retryCount: 1 });
    expect(failed.error).toMatch(/ECONNREFUSED|connect/i);
    expect((await invitationOf(email)).mailedAt).toBeNull();

    smtpTarget.url = inbox.url;
    expect(await retryJobAction(null, form({ jobId: failed.id }))).toMatchObject({ ok: true });
    await waitFor(async () => mailsTo(email).length === 1);
    expect(linkIn(mailsTo(email)[0]!.text)).toBe(result.ok && result.data?.kind === 'created' ? result.data.link : '');
    expect(z.date().parse((await invitationOf(email)).mailedAt)).toBeInstanceOf(Date);
  });
});
