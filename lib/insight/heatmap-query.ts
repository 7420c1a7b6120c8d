/**
 * The team heatmap in one SQL statement: for every active member of a team
 * and every column (area, section, or the skills of one section) the mean
 * level, how many skills were rated or marked n/a, the resolved targets and
 * the gap; plus one row per column with the team average (mean of the
 * members' means) and the target (mean resolved target over every member ×
 * skill that has one), and one row per member.
 *
 * Ratings come from `effectiveRatingsSubquery` (the self / manager /
 * manager-else-self switch) and targets from the members' target groups
 * (`targetGroupCtes`, the rule of `resolvedTargetsSubquery` per group), so the
 * heatmap, radar and reports agree on both definitions. Everything is
 * grouped in the database: the page gets at most members × columns rows.
 *
 * Not `server-only`: a pure SQL builder, also used by the EXPLAIN script.
 */
import { sql, type SQL } from 'drizzle-orm';
import { cycleNodes } from '@/lib/frameworks/cycle-skills';
import { effectiveRatingsSubquery, selfRatingsSubquery, type RatingView } from '@/lib/insight/effective-ratings';
import { organizationOf, teamMembersSql, type TeamCycleScope } from '@/lib/insight/team-members';
import { skillSectionsSubquery } from '@/lib/profile/skill-sections';
import { targetGroupCtes } from '@/lib/roles/resolve-targets';

export type HeatmapGrouping = { by: 'area' } | { by: 'section' } | { by: 'skill'; sectionId: string };

/** The team, cycle and rating view, asked by `actor`: another team's id yields no members (lib/insight/team-members.ts). */
export interface HeatmapScope extends TeamCycleScope {
  view: RatingView;
}

/** Which column each live skill falls in, and the columns' framework order. */
function columnsOfSkills(scope: HeatmapScope, grouping: HeatmapGrouping): SQL {
  const org = organizationOf(scope);
  const sections = skillSectionsSubquery(org, scope.frameworkId, scope.cycleId);
  const nodes = cycleNodes({ organizationId: org, cycleId: scope.cycleId });
  if (grouping.by === 'area') {
    return sql`
      select s.skill_id, s.area_id as col_id, s.area_name as col_name,
             dense_rank() over (order by s.area_position, s.area_id) as col_rank
      from ${sections} as s`;
  }
  if (grouping.by === 'section') {
    return sql`
      select s.skill_id, s.section_id as col_id, s.section_name as col_name,
             dense_rank() over (order by s.area_position, s.section_position, s.section_id) as col_rank
      from ${sections} as s`;
  }
  // Skills of one section in tree order: positions restart under every group,
  // so order by the path of positions from the root.
  return sql`
    select s.skill_id, s.skill_id as col_id, s.skill_name as col_name,
           dense_rank() over (
             order by (
               select array_agg(p.position order by p.depth)
               from ${nodes} p
               where p.organization_id = ${org} and p.id = any(n.ancestor_ids)
             ), s.skill_id
           ) as col_rank
    from ${sections} as s
    join ${nodes} n on n.organization_id = ${org} and n.id = s.skill_id
    where s.section_id = ${grouping.sectionId}`;
}

/**
 * The CTEs of `heatmapQuery` (without `with`): `tm` and `er` (memberRatingCtes),
 * `rt` the members' resolved targets per (member, skill) and `ms` ratings and
 * targets side by side per (member, skill). This is the definition the team
 * page's faster statement (`sectionAndAreaHeatmapQuery`) is tested against.
 *
 * Only the skills in `skills` (a subquery of skill ids: the heatmap's columns' skills) are read, and targets
 * come from the members' target groups (`targetGroupCtes`, as on the team page): the cells join those skills
 * anyway, and a section's drill-down (~25 skills) resolved every member × skill of the framework first
 * (16,000 rows for 50 members × 320 skills) and read all of their ratings.
 */
function memberSkillCtes(scope: HeatmapScope, skills: SQL): SQL {
  const { frameworkId, cycleId } = scope;
  const org = organizationOf(scope);
  return sql`
    ${memberRatingCtes(scope, skills)},
    ${targetGroupCtes({ organizationId: org, frameworkId, memberships: sql`select mid from tm`, cycle: { cycleId } })},
    -- A member's targets are their target group's (lib/roles/resolve-targets.ts), only where one applies.
    rt as materialized (
      select g.membership_id, t.skill_id, t.target_level
      from rg_members g
      join rg_targets t on t.gid = g.gid
      where t.skill_id in (${skills})
    ),
    ms as (
      select coalesce(er.membership_id, rt.membership_id) as mid,
             coalesce(er.skill_id, rt.skill_id) as skill_id,
             er.level, coalesce(er.not_applicable, false) as na, rt.target_level as target
      from er
      full join rt on rt.membership_id = er.membership_id and rt.skill_id = er.skill_id
    )`;
}

/**
 * `tm` the team's members as the actor may see them and `er` their ratings in the chosen view of the skills in
 * `skills` (a subquery of skill ids), without `with`.
 */
function memberRatingCtes(scope: HeatmapScope, skills: SQL): SQL {
  return sql`
    tm as materialized (${teamMembersSql(scope.actor, scope.teamId)}),
    er as materialized (
      select e.membership_id, e.skill_id, e.level, e.not_applicable
      from (${viewRatings(scope)}) e
      where (e.level is not null or e.not_applicable) and e.skill_id in (${skills})
    )`;
}

/** The ratings of the members in `tm` in the scope's view: a subquery for a statement that defines `tm`. */
function viewRatings(scope: HeatmapScope): SQL {
  const { cycleId, view } = scope;
  // The materialized member list (≈ 50 rows, known to the planner) drives an
  // index lookup of each member's ratings instead of a scan of the cycle.
  const members = sql`select mid from tm`;
  // The self view (the page's default) reads the self ratings as they are: one row per (member, skill) by the
  // unique key, the same rows the grouped effective view yields for 'self' without grouping ~18,000 of them.
  const ratingScope = { organizationId: organizationOf(scope), cycleId, memberships: members };
  return view === 'self' ? selfRatingsSubquery(ratingScope) : effectiveRatingsSubquery({ ...ratingScope, view });
}

export function heatmapQuery(scope: HeatmapScope, grouping: HeatmapGrouping): SQL {
  const org = organizationOf(scope);
  const { cycleId } = scope;
  return sql`
    with sk as materialized (${columnsOfSkills(scope, grouping)}),
    ${memberSkillCtes(scope, sql`select skill_id from sk`)},
    cells as materialized (
      select ms.mid, sk.col_id,
             avg(ms.level)::float8 as mean,
             count(ms.level)::int as rated,
             (count(*) filter (where ms.na))::int as na,
             sum(ms.target)::float8 as target_sum,
             count(ms.target)::int as target_count,
             (sum(greatest(ms.target - ms.level, 0)) filter (where ms.level is not null and ms.target is not null))::float8 as gap
      from ms
      join sk on sk.skill_id = ms.skill_id
      group by ms.mid, sk.col_id
    ),
    cols as (
      select col_id, min(col_name) as col_name, min(col_rank) as col_rank from sk group by col_id
    )
    select 'column'::text as kind, c.col_id, null::uuid as mid, c.col_name as label, cn.key as extra,
           c.col_rank::int as ord,
           avg(x.mean)::float8 as mean, count(x.mean)::int as rated, coalesce(sum(x.na), 0)::int as na,
           sum(x.target_sum)::float8 as target_sum, coalesce(sum(x.target_count), 0)::int as target_count,
           sum(x.gap)::float8 as gap
    from cols c
    join ${cycleNodes({ organizationId: org, cycleId })} cn on cn.organization_id = ${org} and cn.id = c.col_id
    left join cells x on x.col_id = c.col_id
    group by c.col_id, c.col_name, cn.key, c.col_rank
    union all
    select 'member'::text, null::uuid, tm.mid, tm.name, tm.email, 0,
           null::float8, null::int, null::int, null::float8, null::int, null::float8
    from tm
    union all
    select 'cell'::text, x.col_id, x.mid, null::text, null::text, 0,
           x.mean, x.rated, x.na, x.target_sum, x.target_count, x.gap
    from cells x`;
}

/**
 * The team page's two heatmaps (members × sections and members × areas) in
 * one statement. Ratings and targets are resolved once; the area cells are
 * rolled up from the section cells (every section lies in exactly one area),
 * carrying the level sum and count so that an area mean is the mean over its
 * skills — exactly what `heatmapQuery(scope, { by: 'area' })` computes — and
 * not a mean of section means. Rows carry `grp` ('section' | 'area'); the
 * member rows come once, for both.
 *
 * Targets are resolved per target group (a role profile and the targeted
 * teams, `targetGroupCtes`), not per member × skill: the ratings (~13,000 for
 * 50 members) meet their group's targets by hash joins, and a cell's target
 * sum comes from its group's per-section sums. On the 10,000-member bench
 * that took the statement from 16,000-row sorts and a merge full join to
 * hash aggregates (docs/benchmarks.md, issue 23). The figures are
 * `heatmapQuery`'s (tests/integration/insight/heatmap-combined.test.ts).
 */
export function sectionAndAreaHeatmapQuery(scope: HeatmapScope): SQL {
  const org = organizationOf(scope);
  const { frameworkId, cycleId } = scope;
  return sql`
    with sk as materialized (
      select s.skill_id, s.section_id, s.section_name, s.area_id, s.area_name,
             dense_rank() over (order by s.area_position, s.section_position, s.section_id) as section_rank,
             dense_rank() over (order by s.area_position, s.area_id) as area_rank
      from ${skillSectionsSubquery(org, frameworkId, cycleId)} as s
    ),
    tm as materialized (${teamMembersSql(scope.actor, scope.teamId)}),
    ${targetGroupCtes({ organizationId: org, frameworkId, memberships: sql`select mid from tm`, cycle: { cycleId } })},
    -- Per (member, section) what the ratings give: each rating meets its member's target through the member's
    -- target group (rg_*), not through a members × skills row.
    -- The ratings are read inline, not from a materialized CTE: the planner then knows their number (~13,000)
    -- from the ratings' statistics and hashes the small sides (skills, groups, targets) instead of the ratings.
    rated_cells as (
      select e.membership_id as mid, sk.section_id, sk.area_id,
             sum(e.level) as level_sum,
             count(e.level)::int as rated,
             (count(*) filter (where e.not_applicable))::int as na,
             (sum(greatest(t.target_level - e.level, 0)) filter (where e.level is not null and t.target_level is not null))::float8 as gap
      from (${viewRatings(scope)}) e
      join sk on sk.skill_id = e.skill_id
      join rg_members g on g.membership_id = e.membership_id
      left join rg_targets t on t.gid = g.gid and t.skill_id = e.skill_id
      where e.level is not null or e.not_applicable
      group by e.membership_id, sk.section_id, sk.area_id
    ),
    -- Per (target group, section) the targets' sum and count: the same for every member of the group, rated or not.
    group_targets as (
      select t.gid, sk.section_id, sk.area_id, sum(t.target_level)::float8 as target_sum, count(*)::int as target_count
      from rg_targets t
      join sk on sk.skill_id = t.skill_id
      group by t.gid, sk.section_id, sk.area_id
    ),
    target_cells as (
      select g.membership_id as mid, gt.section_id, gt.area_id, gt.target_sum, gt.target_count
      from rg_members g
      join group_targets gt on gt.gid = g.gid
    ),
    -- A cell exists where the member has a rating or a target in the section, as in heatmapQuery's full join.
    section_cells as materialized (
      select coalesce(r.mid, tc.mid) as mid, coalesce(r.section_id, tc.section_id) as section_id,
             coalesce(r.area_id, tc.area_id) as area_id,
             r.level_sum, coalesce(r.rated, 0) as rated, coalesce(r.na, 0) as na,
             tc.target_sum, coalesce(tc.target_count, 0) as target_count, r.gap
      from rated_cells r
      full join target_cells tc on tc.mid = r.mid and tc.section_id = r.section_id
    ),
    area_cells as (
      select mid, area_id as col_id, sum(level_sum) as level_sum, sum(rated)::int as rated, sum(na)::int as na,
             sum(target_sum)::float8 as target_sum, sum(target_count)::int as target_count, sum(gap)::float8 as gap
      from section_cells
      group by mid, area_id
    ),
    -- avg(level) is numeric sum / count; the same division here keeps the means bit-identical.
    cells as materialized (
      select 'section'::text as grp, mid, section_id as col_id,
             (level_sum::numeric / nullif(rated, 0))::float8 as mean, rated, na, target_sum, target_count, gap
      from section_cells
      union all
      select 'area'::text, mid, col_id,
             (level_sum::numeric / nullif(rated, 0))::float8, rated, na, target_sum, target_count, gap
      from area_cells
    ),
    cols as (
      select 'section'::text as grp, section_id as col_id, min(section_name) as col_name, min(section_rank) as col_rank
      from sk group by section_id
      union all
      select 'area'::text, area_id, min(area_name), min(area_rank)
      from sk group by area_id
    )
    select 'column'::text as kind, c.grp, c.col_id, null::uuid as mid, c.col_name as label, cn.key as extra,
           c.col_rank::int as ord,
           avg(x.mean)::float8 as mean, count(x.mean)::int as rated, coalesce(sum(x.na), 0)::int as na,
           sum(x.target_sum)::float8 as target_sum, coalesce(sum(x.target_count), 0)::int as target_count,
           sum(x.gap)::float8 as gap
    from cols c
    join ${cycleNodes({ organizationId: org, cycleId })} cn on cn.organization_id = ${org} and cn.id = c.col_id
    left join cells x on x.grp = c.grp and x.col_id = c.col_id
    group by c.grp, c.col_id, c.col_name, cn.key, c.col_rank
    union all
    select 'member'::text, null::text, null::uuid, tm.mid, tm.name, tm.email, 0,
           null::float8, null::int, null::int, null::float8, null::int, null::float8
    from tm
    union all
    select 'cell'::text, x.grp, x.col_id, x.mid, null::text, null::text, 0,
           x.mean, x.rated, x.na, x.target_sum, x.target_count, x.gap
    from cells x`;
}
