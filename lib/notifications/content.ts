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
  certificationExpiringMail,
  teamDigestMail,
  type MailContent,
  type NotificationFooter,
} from '@/lib/mail/templates';
import { cycleMembers, isNotDone, runningCycles } from './audience';
import { loadTeamDigest } from './digest';
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
  'certification-expiring': 'You get this because a certification you hold, or one in a team you manage, expires soon',
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

  if (send.kind === 'certification-expiring') {
    return certificationNotification(db, send, person, today, footer, message);
  }

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
  const actor = {
    user: { id: send.userId },
    membership: {
      id: person.membership_id,
      role: person.role as 'member' | 'manager' | 'admin',
      organizationId: send.organizationId,
    },
  };
  if (!send.teamId) return { skip: 'Not a team message.' };
  const teamUrl = `${origin}/teams/${send.teamId}`;
  if (send.kind === 'team-digest') {
    const result = await loadTeamDigest(db, actor, send.teamId, send.periodKey);
    if ('skip' in result) return result;
    return message(teamDigestMail({ ...footer, name: person.name, digest: result.digest, teamUrl }));
  }
  const team = (await loadManagedTeams(db, actor)).find((t) => t.id === send.teamId);
  if (!team) return { skip: 'No longer a manager of the team.' };
  if (!team.cycle || team.cycle.status !== 'open') return { skip: 'The team has no open cycle.' };
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

/**
 * A certification's reminder, to its holder or to a manager of one of their teams: built from the
 * certification as it is now — renewed (a later expiry), removed, or its holder gone: nothing to say.
 */
async function certificationNotification(
  db: Db,
  send: SendPayload,
  person: { name: string; membership_id: string },
  today: string,
  footer: NotificationFooter,
  message: (content: MailContent) => Notification,
): Promise<Notification> {
  if (!send.certificationId || send.offsetDays === undefined) return { skip: 'Not a certification reminder.' };
  const [certification] = parseRows(
    await db.execute(sql`
      select c.name, c.issuer, c.expires_on::text as expires_on, c.membership_id, u.name as holder_name
      from certifications c
      join memberships m on m.organization_id = c.organization_id and m.id = c.membership_id and m.status = 'active'
      join users u on u.id = m.user_id
      where c.organization_id = ${send.organizationId} and c.id = ${send.certificationId}`),
    z.object({
      name: column.text,
      issuer: column.text,
      expires_on: column.nullableText,
      membership_id: column.text,
      holder_name: column.text,
    }),
  );
  if (!certification?.expires_on) return { skip: 'The certification was removed or no longer expires.' };
  const daysLeft = daysUntil(certification.expires_on, today);
  if (daysLeft < 0) return { skip: 'The certification has expired already.' };
  if (daysLeft > send.offsetDays) return { skip: 'The certification was renewed.' };
  const own = certification.membership_id === person.membership_id;
  if (!own) {
    // Still a manager of one of the holder's teams (the send's team, or any other)?
    const [managed] = parseRows(
      await db.execute(sql`
        select 1 as yes from team_managers tmg
        join team_members tm on tm.organization_id = tmg.organization_id and tm.team_id = tmg.team_id
        where tmg.organization_id = ${send.organizationId} and tmg.membership_id = ${person.membership_id}
          and tm.membership_id = ${certification.membership_id}
        limit 1`),
      z.object({ yes: column.number }),
    );
    if (!managed) return { skip: 'No longer a manager of a team of the holder.' };
  }
  const origin = notificationOrigin();
  return message(
    certificationExpiringMail({
      ...footer,
      name: person.name,
      holderName: own ? null : certification.holder_name,
      certificationName: certification.name,
      issuer: certification.issuer,
      expiresOn: certification.expires_on,
      daysLeft,
      url: own ? `${origin}/me/certifications` : `${origin}/teams/${send.teamId ?? ''}`,
    }),
  );
}
