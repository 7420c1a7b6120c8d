import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { column, parseRows } from '@/db/rows';
import { cycleNodes } from '@/lib/frameworks/cycle-skills';
import type { ProfileScope } from '@/lib/profile/scope';
import type { CompletionCounts } from './completion-rule';

/*
 * Completion in SQL: the rule of lib/assessments/completion-rule.ts (a
 * carried-over rating is done only once confirmed or changed in this cycle)
 * for a ratings row alias, so every server figure counts the same way.
 */

/** A self rating with a level or n/a. */
export function ratedSql(r: SQL): SQL {
  return sql`(${r}.level is not null or ${r}.not_applicable)`;
}

/** Rated and the member's own in this cycle (rated, changed or confirmed). */
export function doneSql(r: SQL): SQL {
  return sql`(${ratedSql(r)} and not ${r}.carried_over)`;
}

/** Carried over and not yet confirmed or changed. */
export function toConfirmSql(r: SQL): SQL {
  return sql`(${ratedSql(r)} and ${r}.carried_over)`;
}

export interface Completion extends CompletionCounts {
  /** Skills with a self level or n/a in the cycle, carried over or not (done + toConfirm). */
  rated: number;
  /** The same as `toConfirm`: pre-filled from the previous cycle and not yet confirmed. */
  carriedOver: number;
}

/** One member's completion of one cycle (the cycle's skills, lib/frameworks/cycle-skills.ts). */
export async function loadCompletion(db: Db, scope: ProfileScope): Promise<Completion> {
  const { organizationId: org, membershipId, frameworkId, cycleId } = scope;
  const r = sql`r`;
  const result = await db.execute(sql`
    select
      count(*)::int as total,
      (count(r.skill_id) filter (where ${ratedSql(r)}))::int as rated,
      (count(r.skill_id) filter (where ${doneSql(r)}))::int as done,
      (count(r.skill_id) filter (where ${toConfirmSql(r)}))::int as to_confirm
    from ${cycleNodes({ organizationId: org, cycleId })} s
    left join ratings r
      on r.organization_id = ${org}
     and r.cycle_id = ${cycleId}
     and r.membership_id = ${membershipId}
     and r.skill_id = s.id
     and r.source = 'self'
    where s.organization_id = ${org}
      and s.framework_id = ${frameworkId}
      and s.kind = 'skill'
      and s.archived_at is null`);
  const row = parseRows(
    result,
    z.object({ total: column.number, rated: column.number, done: column.number, to_confirm: column.number }),
  )[0];
  const toConfirm = Number(row?.to_confirm ?? 0);
  return {
    total: Number(row?.total ?? 0),
    rated: Number(row?.rated ?? 0),
    done: Number(row?.done ?? 0),
    toConfirm,
    carriedOver: toConfirm,
  };
}
