/**
 * A team's largest gaps by skill, for the manager's home: the same rows as the
 * first page of the gap report by skill sorted by total gap (`gapsBySkillSql`
 * with sort 'total', dir 'desc'), but computed without building every
 * (member, skill) pair.
 *
 * The report's `rep_pairs` holds one row per member × skill (16,000 for a
 * 50-member team on 320 skills) and sorts them to merge them with the ratings.
 * A skill's gap figures only need sums: members share their targets by target
 * group (`targetGroupCtes`), so
 *
 * - a pair with a rating row contributes its own gap (target − level, a level
 *   of null counting 0, "not applicable" none), from the ~13,000 rating rows;
 * - the pairs without a rating row in a group all have the gap `target − 0`:
 *   counted as the group's size × target, less the target of each rating row
 *   (which the first bullet counts instead) — sums only, no join of members
 *   with skills.
 *
 * Only what the home shows is computed (members below and total gap per
 * skill); the report's other columns stay with the report. The figures are
 * held equal to the report's in tests/integration/reports/team-gap-skills.test.ts.
 *
 * Not `server-only`: a pure SQL builder, also used by the benchmark script.
 */
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { column, parseRows } from '@/db/rows';
import { selfRatingsSubquery } from '@/lib/insight/effective-ratings';
import { gapCtes, pairGapSql, scopedMemberIds, type ReportScope } from './gap-sql';

export interface TopSkillGap {
  skillId: string;
  skillName: string;
  membersBelow: number;
  totalGap: number;
}

/** The `limit` skills with the largest total gap in scope, largest first (ties in framework order). */
export function topSkillGapsSql(scope: ReportScope, limit: number): SQL {
  const { minGap, interestOnly } = scope.filters;
  // The self view reads the self ratings as they are (no grouping of both sources by member and skill). A pair
  // with only a manager rating is then "without a rating row": in the self view the report gives it no level,
  // no n/a and no interest, so its gap is target − 0 either way.
  const ratings =
    scope.filters.view === 'self'
      ? sql`(${selfRatingsSubquery({
          organizationId: scope.organizationId,
          cycleId: scope.cycleId,
          memberships: sql`select membership_id from rt_members`,
        })})`
      : sql`rep_ratings`;
  // A pair counts as a gap when gap ≥ minGap, and with "interest only" when the member flagged interest —
  // which a pair without a rating row never has: then only rated pairs count, and part B below is empty.
  const counts = interestOnly ? sql`x.gap >= ${minGap} and x.interest` : sql`x.gap >= ${minGap}`;
  const assumed = interestOnly ? sql`false` : sql`x.target >= ${minGap}`;
  return sql`
    with ${gapCtes(scope, scopedMemberIds(scope))},
    tg_group_size as (
      select gid, count(*)::int as n from rg_members group by gid
    ),
    -- Sums per skill, from two parts with no join between them (each a few hundred or ~13,000 rows):
    -- B counts every member of a group as unrated (gap = target − 0); A corrects that for each rating row,
    -- adding its own gap and taking back what B assumed for it.
    tg_parts as (
      select x.skill_id,
             (case when ${counts} then 1 else 0 end) - (case when ${assumed} then 1 else 0 end) as below,
             (case when ${counts} then x.gap else 0 end) - (case when ${assumed} then x.target else 0 end) as gap_sum
      from (
        select er.skill_id, coalesce(er.interest, false) as interest, t.target_level as target,
               ${pairGapSql(sql`t.target_level`, sql`er.level`, sql`er.not_applicable`)} as gap
        from ${ratings} er
        join rg_members g on g.membership_id = er.membership_id
        left join rg_targets t on t.gid = g.gid and t.skill_id = er.skill_id
      ) x
      union all
      select t.skill_id, s.n, t.target_level * s.n
      from rg_targets t
      join tg_group_size s on s.gid = t.gid
      where ${interestOnly ? sql`false` : sql`t.target_level >= ${minGap}`}
    ),
    tg_skills as (
      select skill_id, sum(below)::int as members_below, sum(gap_sum)::int as total_gap
      from tg_parts
      group by skill_id
    )
    select g.skill_id, sk.skill_name, g.members_below, g.total_gap
    from tg_skills g
    join rep_skills sk on sk.skill_id = g.skill_id
    where g.members_below > 0
    order by g.total_gap desc, sk.skill_order, sk.skill_id
    limit ${limit}`;
}

const topSkillGapRow = z.object({
  skill_id: column.text,
  skill_name: column.text,
  members_below: column.number,
  total_gap: column.number,
});

export function parseTopSkillGaps(result: unknown): TopSkillGap[] {
  return parseRows(result, topSkillGapRow).map((row) => ({
    skillId: row.skill_id,
    skillName: row.skill_name,
    membersBelow: Number(row.members_below),
    totalGap: Number(row.total_gap),
  }));
}
