/**
 * What one notification says, built from the database as it is when the
 * message is sent (not when it was scheduled): a member who finished in the
 * meantime gets no reminder, a manager with nothing to review no review
 * mail. `skip` says why nothing goes out.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { column, parseRows } from '@/db/rows';
import { todayIso } from '@/lib/cycles/state';
import { loadManagedTeams } from '@/lib/dashboard/managed-teams';
import {
  cycleOpenedMail,
  overdueMail,
  reminderMail,
  reviewWaitingMail,
  teamDigestMail,
  type MailContent,
} from '@/lib/mail/templates';
import { cycleMembers, isNotDone, runningCycles } from './audience';
import { notificationOrigin, unsubscribeHeaders, unsubscribeLinks } from './links';
import { daysUntil } from './schedule';
import type { SendPayload } from './send-payload';

export type Notification =
  { skip: string } | { to: string; content: MailContent; headers: Record<string, string>; organizationId: string };

const REASONS = {
  'cycle-opened': 'You get this because you take part in this assessment cycle',
  reminder: 'You get this because your assessment in this cycle is not done yet',
  overdue: 'You get this because your assessment in this cycle is not done and its due date has passed',
  'review-waiting': 'You get this because you manage this team',
  'team-digest': 'You get this weekly because you manage this team',
} as const;

export async function buildNotification(db: Db, send: SendPayload, now: Date = new Date()): Promise<Notification> {
  const [person] = parseRows(
    await db.execute(sql`
      select u.email, u.name, o.name as organization_name, m.id as membership_id, m.role::text as role,
        exists (select 1 from notification_opt_outs x
                where x.organization_id = m.organization_id and x.user_id = m.user_id and x.kind = ${send.kind}) as opted_out
      from memberships m
      join users u on u.id = m.user_id
      join organizations o on o.id = m.organization_id
      where m.organization_id = ${send.organizationId} and m.user_id = ${send.userId} and m.status = 'active'`),
    z.object({
      email: column.text,
      name: column.text,
      organization_name: column.text,
      membership_id: column.text,
      role: column.text,
      opted_out: column.boolean,
    }),
  );
  if (!person) return { skip: 'No longer an active member of the organization.' };
  // The person's preference (lib/notifications/preferences.ts), read with them: one statement less per mail.
  if (person.opted_out) return { skip: 'Turned off by the person.' };

  const links = unsubscribeLinks(send);
  const footer = {
    organizationName: person.organization_name,
    reason: REASONS[send.kind],
    unsubscribeUrl: links.pageUrl,
    preferencesUrl: links.preferencesUrl,
  };
  const origin = notificationOrigin();
  const message = (content: MailContent): Notification => ({
    to: person.email,
    content,
    headers: unsubscribeHeaders(links),
    organizationId: send.organizationId,
  });
  const today = todayIso(now);

  if (send.kind === 'cycle-opened' || send.kind === 'reminder' || send.kind === 'overdue') {
    const cycle = (await runningCycles(db, today, send.organizationId)).find((c) => c.id === send.cycleId);
    if (!cycle) return { skip: 'The cycle is closed or not open yet.' };
    const [member] = await cycleMembers(db, cycle, send.userId);
    if (!member) return { skip: 'No longer part of the cycle.' };
    const assessUrl = `${origin}/assess?cycle=${cycle.id}`;
    if (send.kind === 'cycle-opened') {
      return message(
        cycleOpenedMail({
          ...footer,
          name: person.name,
          cycleName: cycle.name,
          dueOn: cycle.dueOn,
          closesOn: cycle.closesOn,
          assessUrl,
        }),
      );
    }
    if (!isNotDone(member)) return { skip: 'The assessment is done.' };
    if (!cycle.dueOn) return { skip: 'The cycle has no due date any more.' };
    const daysLeft = daysUntil(cycle.dueOn, today);
    if (send.kind === 'reminder') {
      if (daysLeft < 0) return { skip: 'The due date has passed (an overdue notice follows instead).' };
      return message(
        reminderMail({
          ...footer,
          name: person.name,
          cycleName: cycle.name,
          dueOn: cycle.dueOn,
          daysLeft,
          done: member.done,
          total: member.total,
          assessUrl,
        }),
      );
    }
    if (daysLeft >= 0) return { skip: 'The due date has not passed.' };
    return message(
      overdueMail({
        ...footer,
        name: person.name,
        cycleName: cycle.name,
        dueOn: cycle.dueOn,
        done: member.done,
        total: member.total,
        assessUrl,
      }),
    );
  }

  // Managers' messages: what the manager's home shows for the team (lib/dashboard/managed-teams.ts).
  const teams = await loadManagedTeams(db, {
    user: { id: send.userId },
    membership: {
      id: person.membership_id,
      role: person.role as 'member' | 'manager' | 'admin',
      organizationId: send.organizationId,
    },
  });
  const team = teams.find((t) => t.id === send.teamId);
  if (!team) return { skip: 'No longer a manager of the team.' };
  if (!team.cycle || team.cycle.status !== 'open') return { skip: 'The team has no open cycle.' };
  const teamUrl = `${origin}/teams/${team.id}`;
  if (send.kind === 'review-waiting') {
    if (team.toReview === 0) return { skip: 'Nothing waits for review.' };
    return message(
      reviewWaitingMail({
        ...footer,
        name: person.name,
        teamName: team.name,
        cycleName: team.cycle.name,
        toReview: team.toReview,
        reviewUrl: `${teamUrl}/calibration`,
      }),
    );
  }
  const notDone = team.members - team.membersDone;
  if (notDone === 0 && team.toReview === 0 && team.topGaps.length === 0) {
    return { skip: 'Nothing to say this week: everyone is done, nothing to review, no gaps.' };
  }
  return message(
    teamDigestMail({
      ...footer,
      name: person.name,
      teamName: team.name,
      cycleName: team.cycle.name,
      members: team.members,
      membersDone: team.membersDone,
      ratedPercent: team.ratingsPercent,
      toReview: team.toReview,
      notDone,
      topGaps: team.topGaps.map((gap) => ({ skillName: gap.skillName, membersBelow: gap.membersBelow })),
      teamUrl,
    }),
  );
}
