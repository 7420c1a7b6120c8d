/**
 * The completion rule of lib/assessments/completion-rule.ts in SQL, for a
 * ratings row alias: rated, confirmed and "to confirm" apart; a carried-over
 * rating is done only once confirmed or changed in this cycle. Pure SQL
 * builders without `server-only`, so reports the benchmark runs in-process
 * (lib/reports/trends.ts) use the same predicates as the loader in
 * lib/assessments/completion.ts.
 */
import { sql, type SQL } from 'drizzle-orm';

/** A self rating with a level or n/a, whoever gave it and when. */
export function hasValueSql(r: SQL): SQL {
  return sql`(${r}.level is not null or ${r}.not_applicable)`;
}

/** A level or n/a the member gave in this cycle (new, or a carried-over value changed). */
export function ratedSql(r: SQL): SQL {
  return sql`(${hasValueSql(r)} and not ${r}.carried_over)`;
}

/** Carried over and confirmed as still true in this cycle. */
export function confirmedSql(r: SQL): SQL {
  return sql`(${hasValueSql(r)} and ${r}.carried_over and ${r}.confirmed_at is not null)`;
}

/** Carried over and neither confirmed nor changed yet: not done. */
export function toConfirmSql(r: SQL): SQL {
  return sql`(${hasValueSql(r)} and ${r}.carried_over and ${r}.confirmed_at is null)`;
}

/** Rated or confirmed in this cycle: what completion counts. */
export function doneSql(r: SQL): SQL {
  return sql`(${hasValueSql(r)} and (not ${r}.carried_over or ${r}.confirmed_at is not null))`;
}

/** The member's own activity in this cycle (a change or a confirmation; a carried-over pre-fill is none). */
export function activitySql(r: SQL): SQL {
  return sql`case when not ${r}.carried_over then ${r}.changed_at else ${r}.confirmed_at end`;
}
