/**
 * Certification expiry reminders (issue 22): the holder and the managers of
 * their teams are mailed 30 and 7 days before a certification expires, through
 * the notification jobs (scan → `notify.send` → a real SMTP server in this
 * process), once per certification and offset, with the holder's preference
 * and one-click unsubscribe like every notification.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { certifications, notificationOptOuts, notificationSends, users } from '@/db/schema';
import { todayIso } from '@/lib/cycles/state';
import { JOBS } from '@/lib/jobs/registry';
import { startWorker, type RunningWorker } from '@/lib/jobs/worker';
import { dueForCertifications, scanNotifications } from '@/lib/notifications/scan';
import { sendNotificationJob } from '@/lib/notifications/send-job';
import { createTestDatabase, type TestDatabase } from '../../fixtures/db';
import { rawHeader, smtpTarget, startInbox, waitFor, type Inbox } from '../../fixtures/smtp-inbox';
import { useTestDatabase } from '../../fixtures/test-context';
import { buildWorld, type World } from '../../fixtures/world';

vi.mock('@/lib/env', async (importOriginal) =>
  (await import('../../fixtures/smtp-inbox')).envWithSmtp(await importOriginal()),
);
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

let database: TestDatabase;
let inbox: Inbox;
let worker: RunningWorker | undefined;
let world: World;
const today = todayIso();
const plusDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const certificationMails = () =>
  inbox.messages.filter((message) => message.headers.get('x-skillgrid-kind') === 'certification-expiring');
const mailsTo = (email: string) =>
  inbox.mailsTo(email).filter((message) => message.headers.get('x-skillgrid-kind') === 'certification-expiring');

async function emailOf(userId: string): Promise<string> {
  const [user] = await database.db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  return user!.email;
}

async function certify(membershipId: string, name: string, expiresOn: string): Promise<string> {
  const [row] = await database.db
    .insert(certifications)
    .values({
      organizationId: world.orgA,
      membershipId,
      name,
      issuer: 'Cloud Guild',
      issuedOn: '2024-01-01',
      expiresOn,
    })
    .returning({ id: certifications.id });
  return row!.id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  useTestDatabase(database.db);
  inbox = await startInbox();
  smtpTarget.url = inbox.url;
  world = await buildWorld(database.db);
  worker = await startWorker(database, JOBS, { pollingIntervalSeconds: 0.5, schedule: false });
});

afterAll(async () => {
  await worker?.stop(2_000);
  await inbox?.close();
  await database?.close();
});

describe('certification expiry reminders', () => {
  it('reminds the holder and their manager, once per certification and offset; preferences apply', async () => {
    const memberCert = await certify(world.memberA1.membership.id, 'Kubernetes Administrator', plusDays(5));
    const subjectCert = await certify(world.subjectA1.membership.id, 'Terraform Associate', plusDays(20));
    await certify(world.managerA2.membership.id, 'Scrum Master', plusDays(90));
    // The subject turned these reminders off: they get none, their manager still hears of it.
    await database.db.insert(notificationOptOuts).values({
      organizationId: world.orgA,
      userId: world.subjectA1.user.id,
      kind: 'certification-expiring',
    });

    const due = await dueForCertifications(database.db, today, world.orgA);
    // Holder + manager for each of the two certifications within 30 days; the 5-day one is the 7-day reminder only.
    // Concrete ids on both sides: sorting asymmetric matchers among random ids made the order a coin toss.
    expect(due.map((send) => send.periodKey).sort()).toEqual(
      [`${memberCert}:d7`, `${memberCert}:d7`, `${subjectCert}:d30`, `${subjectCert}:d30`].sort(),
    );

    await scanNotifications(database.db, sendNotificationJob, { organizationId: world.orgA });
    const member = await emailOf(world.memberA1.user.id);
    const manager = await emailOf(world.managerA1.user.id);
    const subject = await emailOf(world.subjectA1.user.id);
    await waitFor(() => mailsTo(member).length === 1 && mailsTo(manager).length === 2);

    const own = mailsTo(member)[0]!;
    expect(own.subject).toMatch(/: your certification expires in 5 days$/);
    expect(own.text).toContain('“Kubernetes Administrator” (Cloud Guild) expires in 5 days');
    expect(own.text).toMatch(/Update my certifications: http:\/\/localhost:3000\/me\/certifications/);
    expect(rawHeader(own, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(rawHeader(own, 'list-unsubscribe')).toMatch(/\/api\/unsubscribe\?token=/);
    const aboutTeam = mailsTo(manager).map((message) => message.subject ?? '');
    expect(aboutTeam.some((line) => /: Max Member’s certification expires in 5 days$/.test(line))).toBe(true);
    expect(aboutTeam.some((line) => /: Sam Subject’s certification expires in 20 days$/.test(line))).toBe(true);
    expect(mailsTo(subject)).toEqual([]);

    // A second scan (the cron's next slot) finds nothing left to send: each went once.
    await scanNotifications(database.db, sendNotificationJob, { organizationId: world.orgA });
    const rows = await database.db
      .select()
      .from(notificationSends)
      .where(
        and(eq(notificationSends.organizationId, world.orgA), eq(notificationSends.kind, 'certification-expiring')),
      );
    expect(rows.map((row) => row.state)).toEqual(['sent', 'sent', 'sent']);
    expect((await dueForCertifications(database.db, today, world.orgA)).length).toBe(4);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(certificationMails()).toHaveLength(3);
  });

  it('a renewed certification is no longer due', async () => {
    const [cert] = await database.db
      .select({ id: certifications.id })
      .from(certifications)
      .where(eq(certifications.name, 'Kubernetes Administrator'));
    await database.db
      .update(certifications)
      .set({ expiresOn: plusDays(400) })
      .where(eq(certifications.id, cert!.id));
    const due = await dueForCertifications(database.db, today, world.orgA);
    expect(due.filter((send) => send.certificationId === cert!.id)).toEqual([]);
  });
});
