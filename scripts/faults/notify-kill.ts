/**
 * (d) 1,000 reminders are due while two job workers send them; one worker is
 * SIGKILLed mid-batch (a replacement starts) and PostgreSQL restarts. Every
 * reminder must arrive (lost 0) and none twice (duplicates 0), counted at a
 * real SMTP server in this process by each message's Message-ID and
 * recipient. Prints `sent N, duplicates D, lost L`.
 *
 * The workers are `npm run worker` processes with the queues' retry delays
 * and expiry shortened (JOBS_QUEUE_OVERRIDES) so that the retries of the
 * killed worker's jobs and of the statements cut by the restart come within
 * the scenario's minute, not the production's minutes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { PgBoss } from 'pg-boss';
import { startSmtpSink } from '../lib/smtp-sink';
import { FAULTS_AUTH_SECRET } from './app-server';
import type { Harness } from './harness';
import { onCleanup, sleep, waitFor } from './processes';

const MEMBERS = 1_000;
/**
 * Under a minute on an idle machine. A reminder is lost when the queue has nothing left to send (no
 * job waiting, retrying or running) and it never arrived — not when a loaded machine is slow: the
 * scenario waits for either, and this is only the cap on that wait (seen: 9 mails/s at load 14,
 * still sending after 120 s, every job then delivered).
 */
const DEADLINE_MS = Number(process.env.FAULTS_NOTIFY_DEADLINE_MS ?? 300_000);

interface Sink {
  url: string;
  /** Deliveries per Message-ID and per recipient of reminders. */
  byMessageId: Map<string, number>;
  reminderRecipients: Map<string, number>;
  deliveries: number;
  close(): Promise<void>;
}

async function startSink(): Promise<Sink> {
  const byMessageId = new Map<string, number>();
  const reminderRecipients = new Map<string, number>();
  const sink: Sink = { url: '', byMessageId, reminderRecipients, deliveries: 0, close: async () => {} };
  const server = await startSmtpSink((delivery) => {
    const messageId = delivery.header('Message-ID');
    byMessageId.set(messageId, (byMessageId.get(messageId) ?? 0) + 1);
    sink.deliveries += 1;
    if (delivery.header('X-Skillgrid-Kind') === 'reminder') {
      for (const address of delivery.recipients) {
        reminderRecipients.set(address, (reminderRecipients.get(address) ?? 0) + 1);
      }
    }
  });
  sink.url = server.url;
  sink.close = server.close;
  onCleanup('SMTP sink', sink.close);
  return sink;
}

interface Worker {
  name: string;
  child: ChildProcess;
  exited: Promise<void>;
  /** Resolves once the worker says it runs (its queues are polled from then on). */
  ready: Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

function startWorkerProcess(harness: Harness, name: string, smtpUrl: string): Worker {
  const log = createWriteStream(path.join(harness.logDir, `${name}.log`), { flags: 'a' });
  const child = spawn('npm', ['run', 'worker'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: harness.cluster.url,
      AUTH_SECRET: FAULTS_AUTH_SECRET,
      AUTH_URL: 'http://127.0.0.1:3400',
      SMTP_URL: smtpUrl,
      NOTIFY_SEND_LEASE_SECONDS: '5',
      JOBS_SUPERVISE_SECONDS: '2',
      JOBS_QUEUE_OVERRIDES: JSON.stringify({
        'notify.send': { retryLimit: 20, retryDelay: 1, retryBackoff: true, retryDelayMax: 2, expireInSeconds: 5 },
        'notify.scan': { retryLimit: 10, retryDelay: 1, retryBackoff: true, retryDelayMax: 2, expireInSeconds: 20 },
      }),
    },
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const ready = new Promise<void>((resolve) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      if (!seen.includes('[worker] running')) return;
      child.stdout?.off('data', onData);
      resolve();
    };
    child.stdout?.on('data', onData);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid!;
  let alive = true;
  void exited.then(() => (alive = false));
  const kill = async (signal: NodeJS.Signals) => {
    if (!alive) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
    await Promise.race([exited, sleep(25_000)]);
  };
  const removeCleanup = onCleanup(`worker ${name}`, () => kill('SIGKILL'));
  void exited.then(removeCleanup);
  return { name, child, exited, ready, kill };
}

export async function runNotifyKill(harness: Harness): Promise<void> {
  const { sql, world } = harness;
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const longAgo = new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10);

  // 1,000 members who have rated nothing, in the demo organization's open cycle, due tomorrow: each is due the
  // 1-day reminder. The cycle opened long ago (no "cycle opened" mail), so the batch is reminders only — plus
  // whatever the demo's own members and managers are due, counted apart.
  // The workers start (a few seconds of process start-up) while the data is written; the batch is enqueued
  // only once both run, so the time measured is the sending.
  const sink = await startSink();
  const workers = [
    startWorkerProcess(harness, 'worker-1', sink.url),
    startWorkerProcess(harness, 'worker-2', sink.url),
  ];
  await sql.begin(async (tx) => {
    // Every open cycle of the organization opened long ago: no "cycle opened" mail joins the batch.
    await tx`update assessment_cycles set opens_on = ${longAgo} where organization_id = ${world.organizationId} and status = 'open'`;
    await tx`update assessment_cycles set due_on = ${tomorrow} where id = ${world.cycleId}`;
    await tx`
      with new_users as (
        insert into users (email, name, email_verified_at)
        select 'notify-' || lpad(i::text, 4, '0') || '@faults.skillgrid.dev', 'Reminder ' || i, now()
        from generate_series(1, ${MEMBERS}) i
        on conflict (email) do nothing
        returning id)
      insert into memberships (organization_id, user_id, role)
      select ${world.organizationId}, id, 'member' from new_users`;
  });
  // Who is due a reminder, computed here independently of the app: active members with fewer done self ratings
  // (a level or n/a, not a carried-over one unless confirmed) than the cycle's framework has live skills.
  const expected = await sql<{ email: string }[]>`
    with skills as (
      select s.id from skill_nodes s join assessment_cycles c
        on c.organization_id = s.organization_id and c.framework_id = s.framework_id
      where c.id = ${world.cycleId} and s.kind = 'skill' and s.archived_at is null)
    select u.email from memberships m join users u on u.id = m.user_id
    where m.organization_id = ${world.organizationId} and m.status = 'active'
      and (select count(*) from ratings r
           where r.organization_id = m.organization_id and r.cycle_id = ${world.cycleId} and r.membership_id = m.id
             and r.source = 'self' and (r.level is not null or r.not_applicable)
             and (not r.carried_over or r.confirmed_at is not null)
             and r.skill_id in (select id from skills)) < (select count(*) from skills)`;
  const expectedEmails = new Set(expected.map((row) => row.email));
  console.log(`[faults] (d) ${expectedEmails.size} reminders due (${MEMBERS} new members + the demo's not done)`);

  const workersUp = await Promise.race([
    Promise.all(workers.map((worker) => worker.ready)).then(() => true),
    sleep(60_000).then(() => false),
  ]);
  if (!workersUp) throw new Error('the workers did not start within 60 s (see .data/faults/worker-*.log)');
  const started = Date.now();

  // The scan, as the cron would enqueue it (not waiting for the next five-minute slot).
  const boss = new PgBoss({
    connectionString: harness.cluster.url,
    schema: 'pgboss',
    supervise: false,
    schedule: false,
    migrate: false,
    max: 1,
  });
  boss.on('error', () => {});
  await boss.start();
  await boss.send('notify.scan', { organizationId: world.organizationId });
  await boss.stop({ graceful: false, close: true });

  const received = () => [...sink.reminderRecipients.keys()].filter((email) => expectedEmails.has(email)).length;
  // Mid-batch: a worker dies without a chance to finish or mark what it was sending.
  const killAt = await waitFor(async () => received() >= expectedEmails.size * 0.25, DEADLINE_MS * 0.6, 20);
  if (killAt === null) {
    const jobs = await sql`select name, state::text, count(*)::int as n from pgboss.job group by 1, 2 order by 1, 2`;
    const sends = await sql`select kind, state, count(*)::int as n from notification_sends group by 1, 2`;
    throw new Error(
      `the workers sent only ${received()} reminders in ${(DEADLINE_MS * 0.6) / 1000} s (${sink.deliveries} deliveries); jobs ${JSON.stringify(jobs)}; sends ${JSON.stringify(sends)}`,
    );
  }
  await workers[0]!.kill('SIGKILL');
  console.log(`[faults] (d) worker-1 SIGKILLed after ${received()} reminders (${Date.now() - started} ms)`);
  workers.push(startWorkerProcess(harness, 'worker-3', sink.url));

  // Then the database restarts under the remaining workers.
  await waitFor(async () => received() >= expectedEmails.size * 0.5, DEADLINE_MS * 0.6, 20);
  await harness.cluster.stop();
  console.log(`[faults] (d) PostgreSQL stopped after ${received()} reminders`);
  await sleep(2_000);
  await harness.cluster.start();
  console.log('[faults] (d) PostgreSQL started again');

  // Late duplicates would come from jobs still to run (a retry of a killed worker's job), and a slow
  // machine may still be sending: the count is taken once the queue has none left waiting or running.
  const quiet = async () => {
    const [left] = await sql<{ n: number }[]>`
      select count(*)::int as n from pgboss.job
      where name in ('notify.scan', 'notify.send') and state in ('created', 'retry', 'active')`;
    return left?.n === 0;
  };
  const done = await waitFor(
    async () => received() >= expectedEmails.size || (await quiet()),
    Math.max(5_000, DEADLINE_MS - (Date.now() - started)),
    100,
  );
  const deliveredIn = (Date.now() - started) / 1000;
  if (done === null) {
    console.log(`[faults] (d) the queue still had send jobs after ${DEADLINE_MS / 1000} s; counting now`);
  } else if ((await waitFor(quiet, 30_000, 250)) === null) {
    console.log('[faults] (d) the queue still had send jobs 30 s after the last reminder arrived; counting now');
  } else {
    // The last job is marked done once the SMTP server accepted its mail: give the sink a moment to count it.
    await sleep(500);
  }
  for (const worker of workers) await worker.kill('SIGTERM');
  await sink.close();

  const sent = received();
  const duplicates =
    [...sink.byMessageId.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0) +
    [...sink.reminderRecipients.entries()]
      .filter(([email]) => expectedEmails.has(email))
      .reduce((sum, [, n]) => sum + Math.max(0, n - 1), 0);
  const lost = expectedEmails.size - sent;
  const [rows] = await sql<{ sent: number; other: number }[]>`
    select count(*) filter (where state = 'sent')::int as sent, count(*) filter (where state <> 'sent')::int as other
    from notification_sends where organization_id = ${world.organizationId} and kind = 'reminder'`;
  console.log(
    `[faults] (d) sent ${sent}, duplicates ${duplicates}, lost ${lost} in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
      `(all delivered after ${deliveredIn.toFixed(1)} s, ${(sent / deliveredIn).toFixed(0)} mails/s with the kill and the restart; ` +
      `notification_sends: ${rows?.sent ?? 0} sent, ${rows?.other ?? 0} not; ${sink.deliveries} SMTP deliveries in all)`,
  );
  if (lost !== 0 || duplicates !== 0) {
    throw new Error(`expected every reminder once: lost ${lost}, duplicates ${duplicates}`);
  }
}
