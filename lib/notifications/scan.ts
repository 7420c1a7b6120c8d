/**
 * The scan: finds every message that is due now and not yet sent or skipped,
 * and enqueues one `notify.send` job per person and message. Run by the
 * `notify.scan` job every five minutes (cron, one run per slot whatever the
 * number of workers) and right after a cycle opens. Safe to run at any time,
 * twice, or concurrently: it only enqueues (one waiting job per key), and the
 * send itself happens once per `notification_sends` row.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { column, parseRows } from '@/db/rows';
import { enqueueMany } from '@/lib/jobs/enqueue';
import { hasRunningCycleSql } from '@/lib/cycles/current';
import { todayIso } from '@/lib/cycles/state';
import { cycleMembers, isNotDone, runningCycles, type RunningCycle } from './audience';
import type { NotificationKind } from './kinds';
import { CERTIFICATION_REMINDER_DAYS, daysUntil, isoWeek, openedRecently, reminderOffset } from './schedule';
import { sendKey, type SendPayload } from './send-payload';
import type { JobDefinition } from '@/lib/jobs/define-job';
import { chatPostJob, type ChatPostPayload } from './chat-job';

type SendJob = JobDefinition<z.ZodType<SendPayload, SendPayload>>;

/** The messages a cycle's members are due today (before removing those already sent). */
export async function dueForCycle(db: Db, cycle: RunningCycle, today: string): Promise<SendPayload[]> {
  const members = await cycleMembers(db, cycle);
  const due: SendPayload[] = [];
  const base = { organizationId: cycle.organizationId, cycleId: cycle.id };
  if (openedRecently(cycle.opensOn, today)) {
    for (const member of members) {
      due.push({ ...base, userId: member.userId, kind: 'cycle-opened', periodKey: cycle.id });
    }
  }
  if (cycle.dueOn) {
    const daysLeft = daysUntil(cycle.dueOn, today);
    const offset = reminderOffset(daysLeft, cycle.reminderDays);
    for (const member of members.filter(isNotDone)) {
      if (offset !== null) {
        due.push({
          ...base,
          userId: member.userId,
          kind: 'reminder',
          periodKey: `${cycle.id}:d${offset}`,
          offsetDays: offset,
        });
      } else if (daysLeft < 0) {
        due.push({ ...base, userId: member.userId, kind: 'overdue', periodKey: cycle.id });
      }
    }
  }
  return due;
}

/** Weekly messages to each team's managers: the digest and, when ratings wait, the review reminder. */
export async function dueForManagers(db: Db, now: Date, organizationId?: string): Promise<SendPayload[]> {
  const rows = parseRows(
    await db.execute(sql`
      select tmg.organization_id, tmg.team_id, m.user_id
      from team_managers tmg
      join memberships m on m.organization_id = tmg.organization_id and m.id = tmg.membership_id and m.status = 'active'
      where ${organizationId ? sql`tmg.organization_id = ${organizationId}` : sql`true`}
        and ${hasRunningCycleSql({ organizationId: sql`tmg.organization_id`, teamId: sql`tmg.team_id` })}`),
    z.object({ organization_id: column.text, team_id: column.text, user_id: column.text }),
  );
  const week = isoWeek(now);
  return rows.flatMap((row) =>
    (['team-digest', 'review-waiting'] as const).map((kind) => ({
      organizationId: row.organization_id,
      userId: row.user_id,
      kind,
      periodKey: `${row.team_id}:${week}`,
      teamId: row.team_id,
    })),
  );
}

/**
 * Certifications expiring within the largest reminder offset (30 days): one message to the holder and one
 * to each manager of a team they are in, per certification and offset (`<certification>:d30`, `:d7`). A
 * manager of two of the holder's teams gets one (the row's key is per person). A certification renewed
 * (a later expiry) is no longer due; one whose date moves gets the reminders of its new date.
 */
export async function dueForCertifications(db: Db, today: string, organizationId?: string): Promise<SendPayload[]> {
  const horizon = Math.max(...CERTIFICATION_REMINDER_DAYS);
  const rows = parseRows(
    await db.execute(sql`
      select c.organization_id, c.id, c.expires_on::text as expires_on, m.user_id as holder,
             tmg.team_id, mm.user_id as manager
      from certifications c
      join memberships m on m.organization_id = c.organization_id and m.id = c.membership_id and m.status = 'active'
      left join team_members tm on tm.organization_id = c.organization_id and tm.membership_id = c.membership_id
      left join team_managers tmg on tmg.organization_id = tm.organization_id and tmg.team_id = tm.team_id
      left join memberships mm on mm.organization_id = tmg.organization_id and mm.id = tmg.membership_id
        and mm.status = 'active' and mm.id <> c.membership_id
      where ${organizationId ? sql`c.organization_id = ${organizationId}` : sql`true`}
        and c.expires_on >= ${today}::date and c.expires_on <= ${today}::date + ${horizon}::int`),
    z.object({
      organization_id: column.text,
      id: column.text,
      expires_on: column.text,
      holder: column.text,
      team_id: column.nullableText,
      manager: column.nullableText,
    }),
  );
  const due = new Map<string, SendPayload>();
  for (const row of rows) {
    const offset = reminderOffset(daysUntil(row.expires_on, today), CERTIFICATION_REMINDER_DAYS);
    if (offset === null) continue;
    const base = {
      organizationId: row.organization_id,
      kind: 'certification-expiring' as const,
      periodKey: `${row.id}:d${offset}`,
      certificationId: row.id,
      offsetDays: offset,
    };
    const holder = { ...base, userId: row.holder };
    due.set(sendKey(holder), holder);
    if (row.manager && row.team_id) {
      const manager = { ...base, userId: row.manager, teamId: row.team_id };
      if (!due.has(sendKey(manager))) due.set(sendKey(manager), manager);
    }
  }
  return [...due.values()];
}

/**
 * The week's digest posts to teams' chat channels (lib/notifications/chat-job.ts): each team with a chat
 * webhook, a manager and a running cycle, unless its digest of the week is posted or skipped already.
 */
export async function dueChatPosts(db: Db, now: Date, organizationId?: string): Promise<ChatPostPayload[]> {
  const week = isoWeek(now);
  const rows = parseRows(
    await db.execute(sql`
      select w.organization_id, w.team_id from team_chat_webhooks w
      where ${organizationId ? sql`w.organization_id = ${organizationId}` : sql`true`}
        and exists (select 1 from team_managers tmg
          join memberships m on m.organization_id = tmg.organization_id and m.id = tmg.membership_id and m.status = 'active'
          where tmg.organization_id = w.organization_id and tmg.team_id = w.team_id)
        and ${hasRunningCycleSql({ organizationId: sql`w.organization_id`, teamId: sql`w.team_id` })}
        and not exists (select 1 from team_digests d
          where d.organization_id = w.organization_id and d.team_id = w.team_id
            and d.period_key = w.team_id::text || ':' || ${week} and d.post_state in ('posted', 'skipped'))`),
    z.object({ organization_id: column.text, team_id: column.text }),
  );
  return rows.map((row) => ({
    organizationId: row.organization_id,
    teamId: row.team_id,
    periodKey: `${row.team_id}:${week}`,
  }));
}

/** Drops the messages whose row says sent or skipped, and those the person turned off. */
async function stillToSend(db: Db, due: SendPayload[]): Promise<SendPayload[]> {
  if (due.length === 0) return [];
  const organizations = [...new Set(due.map((send) => send.organizationId))];
  const finished = new Set<string>();
  for (const org of organizations) {
    const rows = parseRows(
      await db.execute(sql`
        select user_id, kind, period_key from notification_sends
        where organization_id = ${org} and state in ('sent', 'skipped')
        union all
        select user_id, kind, '*' from notification_opt_outs where organization_id = ${org}`),
      z.object({ user_id: column.text, kind: column.text, period_key: column.text }),
    );
    for (const row of rows) finished.add(`${org}/${row.user_id}/${row.kind}/${row.period_key}`);
  }
  return due.filter((send) => !finished.has(sendKey(send)) && !finished.has(sendKey({ ...send, periodKey: '*' })));
}

export interface ScanResult {
  /** Messages due and not yet sent, skipped or turned off. */
  due: number;
  /** Jobs offered to the queue (one already waiting with the same key is not added twice). */
  enqueued: number;
  /** Digest posts to teams' chat channels offered to the queue (`notify.chat`). */
  chatPosts: number;
}

export async function scanNotifications(
  db: Db,
  sendJob: SendJob,
  options: { now?: Date; organizationId?: string } = {},
): Promise<ScanResult> {
  const now = options.now ?? new Date();
  const today = todayIso(now);
  const due: SendPayload[] = [];
  for (const cycle of await runningCycles(db, today, options.organizationId)) {
    due.push(...(await dueForCycle(db, cycle, today)));
  }
  due.push(...(await dueForManagers(db, now, options.organizationId)));
  due.push(...(await dueForCertifications(db, today, options.organizationId)));
  const toSend = await stillToSend(db, due);
  // One statement per 500 jobs: a thousand reminders due at once are queued in a moment.
  const enqueued = await enqueueMany(
    db,
    sendJob,
    toSend.map((send) => ({ payload: send, singletonKey: sendKey(send) })),
  );
  const chats = await dueChatPosts(db, now, options.organizationId);
  await enqueueMany(
    db,
    chatPostJob,
    chats.map((post) => ({ payload: post, singletonKey: `chat/${post.organizationId}/${post.periodKey}` })),
  );
  return { due: toSend.length, enqueued, chatPosts: chats.length };
}

export type { NotificationKind };
