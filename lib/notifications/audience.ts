/**
 * Who a cycle's messages are for, and who is done: the members a cycle
 * applies to (the whole organization's active members, or its team's) with
 * their completion by the product's rule (lib/assessments/completion.ts).
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { column, parseRows } from '@/db/rows';
import { assessmentCycles } from '@/db/schema';
import { completionCtes } from '@/lib/assessments/completion';
import { isComplete } from '@/lib/assessments/completion-rule';
import { runningCycleSql } from '@/lib/cycles/current';

export interface RunningCycle {
  id: string;
  organizationId: string;
  teamId: string | null;
  frameworkId: string;
  name: string;
  opensOn: string;
  closesOn: string;
  dueOn: string | null;
  reminderDays: number[];
}

const dayText = z
  .union([z.string(), z.date()])
  .transform((value) => (typeof value === 'string' ? value : value.toISOString().slice(0, 10)));

/** Open cycles whose opening date has come, of one organization or all. */
export async function runningCycles(db: Db, today: string, organizationId?: string): Promise<RunningCycle[]> {
  const rows = parseRows(
    await db.execute(sql`
      select c.id, c.organization_id, c.team_id, c.framework_id, c.name, c.opens_on::text as opens_on,
             c.closes_on::text as closes_on, c.due_on::text as due_on, o.reminder_days
      from (select * from ${assessmentCycles} where ${runningCycleSql(today)}) c
      join organizations o on o.id = c.organization_id
      where ${organizationId ? sql`c.organization_id = ${organizationId}` : sql`true`}
      order by c.organization_id, c.opens_on`),
    z.object({
      id: column.text,
      organization_id: column.text,
      team_id: column.nullableText,
      framework_id: column.text,
      name: column.text,
      opens_on: dayText,
      closes_on: dayText,
      due_on: dayText.nullable(),
      reminder_days: column.json,
    }),
  );
  return rows.map((row) => ({
    id: row.id,
    organizationId: row.organization_id,
    teamId: row.team_id,
    frameworkId: row.framework_id,
    name: row.name,
    opensOn: row.opens_on,
    closesOn: row.closes_on,
    dueOn: row.due_on,
    reminderDays: z.array(z.coerce.number().int()).catch([7, 1]).parse(parseArray(row.reminder_days)),
  }));
}

/** A smallint[] arrives as an array (postgres.js, PGlite) or, from some paths, as its text form `{7,1}`. */
function parseArray(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/[{}]/g, '').split(',').filter(Boolean);
  return value;
}

export interface CycleMember {
  userId: string;
  membershipId: string;
  total: number;
  done: number;
}

/**
 * The cycle's members (active; the team's for a team cycle) with their completion, counted by the one
 * completion definition (`completionCtes`, lib/assessments/completion.ts: the figures of /teams, the
 * team's completion page and the gap report's summary): `done` is rated + confirmed there, so a reminder
 * goes to exactly the people those pages show as not done.
 */
export async function cycleMembers(
  db: Db,
  cycle: Pick<RunningCycle, 'id' | 'organizationId' | 'teamId' | 'frameworkId'>,
  onlyUserId?: string,
): Promise<CycleMember[]> {
  const org = cycle.organizationId;
  const audience = sql`
    select m.id as mid, m.user_id
    from memberships m
    where m.organization_id = ${org} and m.status = 'active'
      ${onlyUserId ? sql`and m.user_id = ${onlyUserId}` : sql``}
      and (${cycle.teamId}::uuid is null or exists (
        select 1 from team_members tm
        where tm.organization_id = m.organization_id and tm.team_id = ${cycle.teamId}::uuid and tm.membership_id = m.id))`;
  const result = await db.execute(sql`
    with ${completionCtes({ organizationId: org, frameworkId: cycle.frameworkId, cycleId: cycle.id }, audience)}
    select a.user_id, a.mid, (select count(*) from cmp_live)::int as total,
           coalesce(p.rated + p.confirmed, 0) as done
    from cmp_members a left join cmp_per_member p on p.membership_id = a.mid`);
  return parseRows(
    result,
    z.object({ user_id: column.text, mid: column.text, total: column.number, done: column.number }),
  ).map((row) => ({ userId: row.user_id, membershipId: row.mid, total: Number(row.total), done: Number(row.done) }));
}

/** Not done: the cycle has skills and the member has not done all of them. */
export function isNotDone(member: Pick<CycleMember, 'total' | 'done'>): boolean {
  return member.total > 0 && !isComplete(member);
}
