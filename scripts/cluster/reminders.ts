/**
 * The three instances' job workers (JOBS_WORKER=in-process) send a batch of
 * due reminders to an SMTP server in this process: each reminder must arrive
 * once (no duplicate, none lost), and the count per instance shows that all
 * three workers took part. Each instance names itself in its SMTP greeting
 * (EHLO, `SMTP_URL=…?name=app1`), which is how a delivery is traced to it.
 */
import { PgBoss } from 'pg-boss';
import postgres from 'postgres';
import { startSmtpSink } from '../lib/smtp-sink';

export const REMINDER_MEMBERS = 300;

export interface ReminderSink {
  /** The SMTP URL for one instance: its EHLO name says who delivered. */
  urlFor(instance: string): string;
  close(): Promise<void>;
  /** Reminder deliveries per recipient, and per instance (EHLO name). */
  byRecipient: Map<string, number>;
  byInstance: Map<string, number>;
}

export async function startReminderSink(): Promise<ReminderSink> {
  const byRecipient = new Map<string, number>();
  const byInstance = new Map<string, number>();
  const sink = await startSmtpSink((delivery) => {
    if (delivery.header('X-Skillgrid-Kind') !== 'reminder') return;
    byInstance.set(delivery.client, (byInstance.get(delivery.client) ?? 0) + 1);
    for (const address of delivery.recipients) byRecipient.set(address, (byRecipient.get(address) ?? 0) + 1);
  });
  return { urlFor: sink.urlFor, close: sink.close, byRecipient, byInstance };
}

export interface RemindersResult {
  due: number;
  sent: number;
  duplicates: number;
  lost: number;
  byInstance: Record<string, number>;
  seconds: number;
}

/**
 * Adds REMINDER_MEMBERS members (nothing rated) to the demo organization's open cycle, due tomorrow, and
 * queues the scan as the cron would; waits until each has a reminder (or 60 s), then counts.
 */
export async function checkReminders(primaryUrl: string, sink: ReminderSink): Promise<RemindersResult> {
  const sql = postgres(primaryUrl, { max: 2, onnotice: () => {} });
  try {
    const [org] = await sql<{ id: string }[]>`select id from organizations where slug = 'demo'`;
    if (!org) throw new Error('no demo organization');
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const longAgo = new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10);
    await sql.begin(async (tx) => {
      // Opened long ago (no "cycle opened" mail in the batch), due tomorrow: the 1-day reminder is due.
      await tx`update assessment_cycles set opens_on = ${longAgo} where organization_id = ${org.id} and status = 'open'`;
      await tx`update assessment_cycles set due_on = ${tomorrow} where organization_id = ${org.id} and status = 'open' and team_id is null`;
      await tx`
        with new_users as (
          insert into users (email, name, email_verified_at)
          select 'cluster-reminder-' || lpad(i::text, 4, '0') || '@cluster.skillgrid.dev', 'Reminder ' || i, now()
          from generate_series(1, ${REMINDER_MEMBERS}) i
          on conflict (email) do nothing
          returning id)
        insert into memberships (organization_id, user_id, role)
        select ${org.id}, id, 'member' from new_users`;
    });
    const expected = Array.from(
      { length: REMINDER_MEMBERS },
      (_, index) => `cluster-reminder-${String(index + 1).padStart(4, '0')}@cluster.skillgrid.dev`,
    );
    const boss = new PgBoss({
      connectionString: primaryUrl,
      schema: 'pgboss',
      supervise: false,
      schedule: false,
      migrate: false,
      max: 1,
    });
    boss.on('error', () => {});
    await boss.start();
    const started = Date.now();
    await boss.send('notify.scan', { organizationId: org.id });
    await boss.stop({ graceful: false, close: true });

    const received = () => expected.filter((email) => sink.byRecipient.has(email)).length;
    const until = Date.now() + 60_000;
    while (received() < expected.length && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    const seconds = (Date.now() - started) / 1000;
    // Late duplicates would come from send jobs still waiting or running: wait until there are none.
    for (let waited = 0; waited < 15_000; waited += 250) {
      const [left] = await sql<{ n: number }[]>`
        select count(*)::int as n from pgboss.job where name = 'notify.send' and state in ('created', 'retry', 'active')`;
      if (left?.n === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const sent = received();
    return {
      due: expected.length,
      sent,
      duplicates: [...sink.byRecipient.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0),
      lost: expected.length - sent,
      byInstance: Object.fromEntries([...sink.byInstance.entries()].sort()),
      seconds,
    };
  } finally {
    await sql.end({ timeout: 2 });
  }
}
