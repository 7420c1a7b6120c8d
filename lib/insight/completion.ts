import 'server-only';
import { z } from 'zod';
import { column, parseRows } from '@/db/rows';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { doneSql, ratedSql, toConfirmSql } from '@/lib/assessments/completion';
import { percentDone } from '@/lib/assessments/completion-rule';
import { cycleNodes } from '@/lib/frameworks/cycle-skills';
import { organizationOf, teamMembersSql, type TeamCycleScope } from '@/lib/insight/team-members';

export interface MemberCompletion {
  membershipId: string;
  name: string;
  email: string;
  /** Live skills of the cycle's framework. */
  total: number;
  /** Self ratings with a level or n/a, carried over or not. */
  rated: number;
  /** Rated, changed or confirmed in this cycle (lib/assessments/completion-rule.ts): what completion counts. */
  done: number;
  /** Of the rated, pre-filled from the previous cycle and not yet confirmed: not done. */
  carriedOver: number;
  /** `done` as a whole percent of `total`; 100 only when every skill is done. */
  percent: number;
  /** The member's latest own change in this cycle (carried-over pre-fills are not activity); ISO string. */
  lastActivity: string | null;
}

/** The team and cycle, asked by `actor`: a team they may not see yields no rows (lib/insight/team-members.ts). */
export type CompletionScope = TeamCycleScope;

const completionRow = z.object({
  mid: column.text,
  name: column.text,
  email: column.text,
  total: column.number,
  rated: column.number,
  done: column.number,
  carried_over: column.number,
  last_activity: column.nullableDate,
});

/** Every active member of the team with their progress in the cycle, least complete first. One grouped query. */
export async function loadTeamCompletion(db: Db, scope: CompletionScope): Promise<MemberCompletion[]> {
  const { actor, teamId, frameworkId, cycleId } = scope;
  const org = organizationOf(scope);
  const result = await db.execute(sql`
    with live as materialized (
      select s.id from ${cycleNodes({ organizationId: org, cycleId })} s
      where s.organization_id = ${org} and s.framework_id = ${frameworkId}
        and s.kind = 'skill' and s.archived_at is null
    ),
    tm as materialized (${teamMembersSql(actor, teamId)}),
    -- Aggregated per member first, with the member list driving index lookups
    -- of each member's ratings; a left join on ratings planned far worse.
    per_member as (
      select r.membership_id,
             (count(*) filter (where ${ratedSql(sql`r`)}))::int as rated,
             (count(*) filter (where ${doneSql(sql`r`)}))::int as done,
             (count(*) filter (where ${toConfirmSql(sql`r`)}))::int as carried_over,
             max(r.changed_at) filter (where not r.carried_over) as last_activity
      from ratings r
      where r.organization_id = ${org}
        and r.cycle_id = ${cycleId}
        and r.membership_id in (select mid from tm)
        and r.source = 'self'
        and r.skill_id in (select id from live)
      group by r.membership_id
    ),
    total as (select count(*)::int as n from live)
    select tm.mid, tm.name, tm.email, total.n as total,
           coalesce(pm.rated, 0) as rated, coalesce(pm.done, 0) as done,
           coalesce(pm.carried_over, 0) as carried_over, pm.last_activity
    from tm
    cross join total
    left join per_member pm on pm.membership_id = tm.mid
    order by coalesce(pm.done, 0)::float8 / greatest(total.n, 1), tm.name`);
  return parseRows(result, completionRow).map((row) => ({
    membershipId: row.mid,
    name: row.name,
    email: row.email,
    total: Number(row.total),
    rated: Number(row.rated),
    done: Number(row.done),
    carriedOver: Number(row.carried_over),
    percent: percentDone({ done: Number(row.done), total: Number(row.total) }),
    lastActivity:
      row.last_activity === null
        ? null
        : row.last_activity instanceof Date
          ? row.last_activity.toISOString()
          : new Date(row.last_activity).toISOString(),
  }));
}

/** Members not done yet, carried-over ratings still to confirm included. */
export function notDone(rows: readonly MemberCompletion[]): MemberCompletion[] {
  return rows.filter((row) => row.total > 0 && row.done < row.total);
}

/** Members not done yet, as "Name <email>" lines for a reminder. */
export function reminderList(rows: readonly MemberCompletion[]): string {
  return notDone(rows)
    .map((row) => `${row.name} <${row.email}>`)
    .join('\n');
}
