/**
 * Notifications end to end (issue 20): a real job worker on the test file's
 * database, a real SMTP server in this process (smtp-server), the mails parsed
 * (mailparser) and their links followed — the one-click unsubscribe (RFC 8058)
 * signed out, and its refusal for anyone else's settings.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rowsOf } from '@/db';
import {
  assessmentCycles,
  memberships,
  notificationOptOuts,
  notificationSends,
  organizations,
  users,
} from '@/db/schema';
import { openCycleAction } from '@/lib/cycles/actions';
import { listJobProblems } from '@/lib/jobs/failed';
import { JOBS } from '@/lib/jobs/registry';
import { startWorker, type RunningWorker } from '@/lib/jobs/worker';
import { retryJobAction, setNotificationPreferenceAction } from '@/lib/notifications/actions';
import { scanNotifications } from '@/lib/notifications/scan';
import { runSend, sendNotificationJob } from '@/lib/notifications/send-job';
import { unsubscribeToken } from '@/lib/notifications/unsubscribe-token';
import { POST as oneClick } from '@/app/api/unsubscribe/route';
import { todayIso } from '@/lib/cycles/state';
import { createMember } from '../../fixtures/actors';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { rawHeader, smtpTarget, startInbox, waitFor, type Inbox } from '../../fixtures/smtp-inbox';
import { actAs, useTestDatabase } from '../../fixtures/test-context';
import { buildWorld, type World } from '../../fixtures/world';
import type { ParsedMail } from 'mailparser';

vi.mock('@/lib/env', async (importOriginal) =>
  (await import('../../fixtures/smtp-inbox')).envWithSmtp(await importOriginal()),
);
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let database: TestDatabase;
let inbox: Inbox;
let worker: RunningWorker | undefined;
let world: World;
const today = todayIso();
const plusDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function startTestWorker(): Promise<void> {
  worker = await startWorker(database, JOBS, {
    pollingIntervalSeconds: 0.5,
    schedule: false,
    // Failures retry at once and give up after one retry: the test sees "failed" in seconds.
    queueOverrides: { 'notify.send': { retryLimit: 1, retryDelay: 1, retryBackoff: true, retryDelayMax: 1 } },
  });
}

const mailsTo = (email: string) => inbox.mailsTo(email);
const subjectOf = (message: ParsedMail) => message.subject ?? '';

async function emailOf(userId: string): Promise<string> {
  const [user] = await database.db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  return user!.email;
}

async function sendsOf(organizationId: string) {
  return database.db.select().from(notificationSends).where(eq(notificationSends.organizationId, organizationId));
}

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
}

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  inbox = await startInbox();
  smtpTarget.url = inbox.url;
  world = await buildWorld(database.db);
});

afterAll(async () => {
  await worker?.stop(2_000);
  await inbox?.close();
  await database?.close();
});

describe('a cycle with a due date', () => {
  it('refuses a due date before the cycle opens, with a clear message, and writes nothing', async () => {
    actAs(world.adminA);
    const result = await openCycleAction(
      null,
      form({
        name: 'Too early',
        opensOn: plusDays(3),
        closesOn: plusDays(30),
        dueOn: plusDays(1),
        closePrevious: 'on',
      }),
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.fieldErrors?.dueOn).toEqual([
      'The due date cannot be before the cycle opens: choose the opening date or later.',
    ]);
    const rows = await database.db.select().from(assessmentCycles).where(eq(assessmentCycles.name, 'Too early'));
    expect(rows).toEqual([]);
  });

  it('mails everyone in it that it opened, reminds those not done, and digests to managers — each once', async () => {
    actAs(world.adminA);
    const opened = await openCycleAction(
      null,
      form({ name: 'Winter review', opensOn: today, closesOn: plusDays(30), dueOn: plusDays(1), closePrevious: 'on' }),
    );
    expect(opened.ok).toBe(true);
    // The action queued a scan for the organization in its transaction; the worker does the rest.
    await startTestWorker();
    const member = await emailOf(world.memberA1.user.id);
    const manager = await emailOf(world.managerA1.user.id);
    await waitFor(async () => mailsTo(member).length >= 2 && mailsTo(manager).length >= 3);
    await waitFor(async () => (await sendsOf(world.orgA)).every((send) => ['sent', 'skipped'].includes(send.state)));

    const memberMails = mailsTo(member).map(subjectOf).sort();
    expect(memberMails).toEqual([
      expect.stringMatching(/^Alpha \d+: the “Winter review” assessment is open$/),
      expect.stringMatching(/^Alpha \d+: your assessment is due in 1 day$/),
    ]);
    const reminder = mailsTo(member).find((message) => subjectOf(message).includes('due in'))!;
    expect(reminder.text).toContain('You have done 0 of');
    expect(reminder.text).toMatch(/Continue my assessment: http:\/\/localhost:3000\/assess\?cycle=[0-9a-f-]{36}/);
    expect(reminder.text).toContain('because your assessment in this cycle is not done yet');
    expect(reminder.html).toContain('Continue my assessment');
    expect(rawHeader(reminder, 'list-unsubscribe')).toMatch(/^<http:\/\/localhost:3000\/api\/unsubscribe\?token=/);
    expect(rawHeader(reminder, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(reminder.messageId).toMatch(/^<notification-[0-9a-f-]{36}@skillgrid>$/);

    // The team's manager: the digest (nobody is done), nothing to review yet (no ratings): that one is skipped.
    expect(mailsTo(manager).map(subjectOf)).toContainEqual(expect.stringMatching(/your weekly digest for Platform$/));
    const sends = await sendsOf(world.orgA);
    const review = sends.find((send) => send.userId === world.managerA1.user.id && send.kind === 'review-waiting');
    expect(review).toMatchObject({ state: 'skipped', detail: 'Nothing waits for review.' });
    // Organization B has no cycle: nobody there heard anything.
    expect(await sendsOf(world.orgB)).toEqual([]);

    // Scanning again finds nothing new to send: every row says sent or skipped.
    const before = inbox.messages.length;
    const again = await scanNotifications(database.db, sendNotificationJob);
    expect(again).toEqual({ due: 0, enqueued: 0, chatPosts: 0 });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(inbox.messages.length).toBe(before);
    // No message twice: every Message-ID arrived once.
    const ids = inbox.messages.map((message) => message.messageId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('one-click unsubscribe (RFC 8058)', () => {
  it('follows the List-Unsubscribe link signed out: that person stops that kind, nothing else changes', async () => {
    const member = await emailOf(world.memberA1.user.id);
    const reminder = mailsTo(member).find((message) => subjectOf(message).includes('due in'))!;
    const target = /^<(.+)>$/.exec(String(rawHeader(reminder, 'list-unsubscribe')))![1]!;
    actAs(null);
    const response = await oneClick(
      new Request(target, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      }),
    );
    expect(response.status).toBe(200);
    const optOuts = await database.db.select().from(notificationOptOuts);
    expect(optOuts).toEqual([
      expect.objectContaining({ organizationId: world.orgA, userId: world.memberA1.user.id, kind: 'reminder' }),
    ]);
    // The text body's link leads to the page that asks first (a GET changes nothing).
    expect(reminder.text).toMatch(
      /Stop this kind of message with one click: http:\/\/localhost:3000\/unsubscribe\?token=/,
    );
  });

  it("cannot be turned into anyone else's: another user id or kind under the same signature is refused", async () => {
    const token = unsubscribeToken({ organizationId: world.orgA, userId: world.memberA1.user.id, kind: 'overdue' });
    const [payload, signature] = token.split('.');
    const forged = Buffer.from(
      Buffer.from(payload!, 'base64url').toString().replace(world.memberA1.user.id, world.subjectA1.user.id),
    ).toString('base64url');
    for (const attempt of [`${forged}.${signature}`, `${payload}.${signature}x`, 'not-a-token-at-all']) {
      const response = await oneClick(
        new Request(`http://localhost:3000/api/unsubscribe?token=${encodeURIComponent(attempt)}`, {
          method: 'POST',
          body: 'List-Unsubscribe=One-Click',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }),
      );
      expect([400, 404]).toContain(response.status);
    }
    const subjectOptOuts = await database.db
      .select()
      .from(notificationOptOuts)
      .where(eq(notificationOptOuts.userId, world.subjectA1.user.id));
    expect(subjectOptOuts).toEqual([]);
  });

  it('is refused without the RFC 8058 body', async () => {
    const token = unsubscribeToken({ organizationId: world.orgA, userId: world.memberA1.user.id, kind: 'overdue' });
    const response = await oneClick(
      new Request(`http://localhost:3000/api/unsubscribe?token=${encodeURIComponent(token)}`, { method: 'POST' }),
    );
    expect(response.status).toBe(400);
  });

  it('the preferences page action changes only the signed-in person’s own settings', async () => {
    actAs(world.subjectA1);
    const result = await setNotificationPreferenceAction(null, form({ kind: 'cycle-opened', enabled: 'false' }));
    expect(result.ok).toBe(true);
    const rows = await database.db
      .select()
      .from(notificationOptOuts)
      .where(and(eq(notificationOptOuts.kind, 'cycle-opened')));
    expect(rows.map((row) => row.userId)).toEqual([world.subjectA1.user.id]);
    const back = await setNotificationPreferenceAction(null, form({ kind: 'cycle-opened', enabled: 'true' }));
    expect(back.ok).toBe(true);
    const invalid = await setNotificationPreferenceAction(null, form({ kind: 'everything', enabled: 'false' }));
    expect(invalid.ok).toBe(false);
  });
});

describe('names that try to be headers or markup', () => {
  it('neutralises CR/LF and HTML in a person’s and the organization’s name', async () => {
    const evil = await createMember(database.db, world.orgA, 'member', 'Eve\r\nBcc: attacker@evil.test\r\n<b>bold</b>');
    await database.db
      .update(organizations)
      .set({ name: 'Alpha <script>alert(1)</script>\r\nX-Injected: yes' })
      .where(eq(organizations.id, world.orgA));
    const [cycle] = await database.db
      .select({ id: assessmentCycles.id })
      .from(assessmentCycles)
      .where(eq(assessmentCycles.name, 'Winter review'));
    const email = await emailOf(evil.user.id);
    const since = inbox.messages.length;
    await runSend(
      async () => database.db,
      {
        organizationId: world.orgA,
        userId: evil.user.id,
        kind: 'cycle-opened',
        periodKey: cycle!.id,
        cycleId: cycle!.id,
      },
      'test/0',
    );
    const mail = await inbox.next(email, since);
    expect(inbox.recipients.at(-1)).toEqual([email]);
    expect(mail.headers.has('bcc')).toBe(false);
    expect(mail.headers.has('x-injected')).toBe(false);
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.html).not.toContain('<b>bold</b>');
    expect(mail.html).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(mail.html).not.toContain('<script>');
    expect(mail.text).toContain('Hello Eve Bcc: attacker@evil.test <b>bold</b>,');
    await database.db.update(organizations).set({ name: 'Alpha' }).where(eq(organizations.id, world.orgA));
  });
});

describe('exactly once per person and message', () => {
  it('two attempts racing for one message: one sends, the other finds it claimed or done', async () => {
    const someone = await createMember(database.db, world.orgA, 'member', 'Race Condition');
    const email = await emailOf(someone.user.id);
    const [cycle] = await database.db
      .select({ id: assessmentCycles.id })
      .from(assessmentCycles)
      .where(eq(assessmentCycles.name, 'Winter review'));
    const send = {
      organizationId: world.orgA,
      userId: someone.user.id,
      kind: 'cycle-opened' as const,
      periodKey: cycle!.id,
      cycleId: cycle!.id,
    };
    const outcomes = await Promise.allSettled([
      runSend(async () => database.db, send, 'job-a/0'),
      runSend(async () => database.db, send, 'job-b/0'),
    ]);
    const sent = outcomes.filter((outcome) => outcome.status === 'fulfilled' && outcome.value === 'sent');
    expect(sent).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(mailsTo(email)).toHaveLength(1);
    // A later retry of either job finds the row sent and sends nothing.
    expect(await runSend(async () => database.db, send, 'job-a/1')).toBe('already-done');
    expect(mailsTo(email)).toHaveLength(1);
  });

  it('a claim left by a worker that died is sent again after the lease, with the same Message-ID', async () => {
    const someone = await createMember(database.db, world.orgA, 'member', 'Crashed Midway');
    const email = await emailOf(someone.user.id);
    const [cycle] = await database.db
      .select({ id: assessmentCycles.id })
      .from(assessmentCycles)
      .where(eq(assessmentCycles.name, 'Winter review'));
    const send = {
      organizationId: world.orgA,
      userId: someone.user.id,
      kind: 'cycle-opened' as const,
      periodKey: cycle!.id,
      cycleId: cycle!.id,
    };
    // As a worker killed between SMTP's "accepted" and its commit leaves it: claimed, never marked.
    const [row] = await database.db
      .insert(notificationSends)
      .values({ ...send, state: 'sending', attempts: 1, claimedBy: 'dead/0', claimedAt: new Date() })
      .returning();
    await expect(runSend(async () => database.db, send, 'retry/1')).rejects.toThrow(/Another worker/);
    await database.db
      .update(notificationSends)
      .set({ claimedAt: new Date(Date.now() - 3_600_000) })
      .where(eq(notificationSends.id, row!.id));
    expect(await runSend(async () => database.db, send, 'retry/2')).toBe('sent');
    const mail = mailsTo(email).at(-1)!;
    expect(mail.messageId).toBe(`<notification-${row!.id}@skillgrid>`);
  });
});

describe("the send's commit point", () => {
  it('an attempt overtaken while the server holds its message sends nothing: the mail arrives once', async () => {
    // Worker A's attempt is slow (a database restart, a loaded machine): its lease runs out while the SMTP
    // server holds its message, and a retry (B) takes the message over and sends it. A must then not send too.
    const someone = await createMember(database.db, world.orgA, 'member', 'Overtaken Attempt');
    const email = await emailOf(someone.user.id);
    const [cycle] = await database.db
      .select({ id: assessmentCycles.id })
      .from(assessmentCycles)
      .where(eq(assessmentCycles.name, 'Winter review'));
    const send = {
      organizationId: world.orgA,
      userId: someone.user.id,
      kind: 'cycle-opened' as const,
      periodKey: cycle!.id,
      cycleId: cycle!.id,
    };
    let calls = 0;
    let inboxWhenMarking = -1;
    const slowA = async () => {
      calls += 1;
      // A's second use of the database is the mark of its send: its lease has run out by then, B runs.
      if (calls === 2) {
        inboxWhenMarking = mailsTo(email).length;
        await database.db
          .update(notificationSends)
          .set({ claimedAt: new Date(Date.now() - 3_600_000) })
          .where(and(eq(notificationSends.userId, someone.user.id), eq(notificationSends.kind, 'cycle-opened')));
        expect(await runSend(async () => database.db, send, 'job-b/0')).toBe('sent');
      }
      return database.db;
    };
    await expect(runSend(slowA, send, 'job-a/0')).rejects.toThrow(/not sent/);
    // When A marked, the server had not accepted A's message yet (that is what makes the refusal safe).
    expect(inboxWhenMarking).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mailsTo(email)).toHaveLength(1);
    const [row] = await database.db
      .select()
      .from(notificationSends)
      .where(and(eq(notificationSends.userId, someone.user.id), eq(notificationSends.kind, 'cycle-opened')));
    expect(row).toMatchObject({ state: 'sent', claimedBy: 'job-b/0' });
  });
});

describe('an unreachable SMTP server', () => {
  it('fails the delivery into retries, then the admin view; the retry button sends it once SMTP is back', async () => {
    const someone = await createMember(database.db, world.orgA, 'member', 'Patient Person');
    const email = await emailOf(someone.user.id);
    smtpTarget.url = 'smtp://127.0.0.1:9'; // discard port: nothing listens
    // The page that causes mail never fails for it: the admin changes the reminder days while mail is down, and
    // the scan (what a cycle opening enqueues) only queues.
    const queued = await scanNotifications(database.db, sendNotificationJob);
    expect(queued.enqueued).toBeGreaterThan(0);
    const failed = await waitFor(async () => {
      const problems = await listJobProblems(database.db, world.orgA);
      return problems.find(
        (job) => job.state === 'failed' && job.data.userId === someone.user.id && job.data.kind === 'cycle-opened',
      );
    }, 40_000);
    expect(failed.error).toMatch(/ECONNREFUSED|connect/i);
    const [row] = await database.db
      .select()
      .from(notificationSends)
      .where(and(eq(notificationSends.userId, someone.user.id), eq(notificationSends.kind, 'cycle-opened')));
    expect(row).toMatchObject({ state: 'failed' });
    expect(row!.attempts).toBe(2);
    // Organization B's admin cannot see or retry it.
    expect(await listJobProblems(database.db, world.orgB)).toEqual([]);
    actAs(world.adminB);
    expect((await retryJobAction(null, form({ jobId: failed.id }))).ok).toBe(false);
    // Back up: the admin retries, the mail arrives once, the retry is audited.
    smtpTarget.url = inbox.url;
    actAs(world.adminA);
    const retried = await retryJobAction(null, form({ jobId: failed.id }));
    expect(retried).toMatchObject({ ok: true });
    const opened = () => mailsTo(email).filter((message) => subjectOf(message).endsWith('assessment is open'));
    await waitFor(async () => opened().length === 1);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(opened()).toHaveLength(1);
    const audit = rowsOf<{ action: string }>(
      await database.db.execute(sql`select action from audit_log where target_id = ${failed.id}`),
    );
    expect(audit.map((entry) => entry.action)).toEqual(['job.retried']);
  });
});

// Keep a reference so an unused-import lint does not hide a missing membership table in a refactor.
void memberships;
