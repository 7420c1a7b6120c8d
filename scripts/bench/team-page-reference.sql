-- issue 23's frozen reference for the team page: the 7 statements the page ran per request at commit
-- 8ec6d42 (the commit the issue was filed against; "the page's 7 statements alone take 100–125 ms per
-- request"), in order: session lookup, team, manager check, current cycle, framework, level names, and
-- the section and area heatmaps in one statement.
--
-- Written out once, never regenerated: 8ec6d42's scripts/bench/team-page.ts `teamPageStatements`, the
-- heatmap from that commit's lib/team-insight/heatmap-query.ts `sectionAndAreaHeatmapQuery` (view 'self',
-- the page's default), rendered to text by scripts/bench/psql.ts `sqlText` with sentinel parameters that
-- were then replaced by psql variables. The page's SQL may change; this file must not, so that
-- "≤ 0.7× the psql baseline" keeps measuring against what the issue measured.
--
-- Run through psql with the bench's team and manager (scripts/bench/team-page.ts `referenceTimings`):
--   psql -v organization_id=… -v team_id=… -v user_id=… -v membership_id=… -v framework_id=… \
--        -v cycle_id=… -f scripts/bench/team-page-reference.sql
-- Statements end with ";" at the end of a line (nowhere else does a line end with one).

select u.id, u.email, u.name, m.id, m.role, o.id, o.slug, o.name
      from memberships m join users u on u.id = m.user_id join organizations o on o.id = m.organization_id
      where m.user_id = :'user_id' and m.status = 'active' order by o.name;

select * from teams where organization_id = :'organization_id' and id = :'team_id' limit 1;

select team_id from team_managers
      where organization_id = :'organization_id' and team_id = :'team_id' and membership_id = :'membership_id' limit 1;

select id, name, status, framework_id from assessment_cycles
      where organization_id = :'organization_id' and (team_id is null or team_id = :'team_id')
      order by status asc, team_id is null, opens_on desc limit 1;

select id, name from frameworks where organization_id = :'organization_id' and id = :'framework_id' limit 1;

select level, name from proficiency_levels
      where organization_id = :'organization_id' and framework_id = :'framework_id' order by level asc;


    with sk as materialized (
      select s.skill_id, s.section_id, s.section_name, s.area_id, s.area_name,
             dense_rank() over (order by s.area_position, s.section_position, s.section_id) as section_rank,
             dense_rank() over (order by s.area_position, s.area_id) as area_rank
      from (
    select
      s.id as skill_id,
      s.name as skill_name,
      s.position as skill_position,
      a.id as area_id,
      a.name as area_name,
      a.position as area_position,
      coalesce(c.id, a.id) as section_id,
      coalesce(c.name, a.name) as section_name,
      coalesce(c.position, -1) as section_position
    from (
    select v.node_id as id, v.organization_id, v.framework_id, v.parent_id, v.key, v.kind, v.name, v.description,
           v.position, v.depth, v.ancestor_ids, v.archived_at as archived_at
    from framework_version_nodes v
    where v.organization_id = :'organization_id' and (v.framework_id, v.version) = (select c.framework_id, c.framework_version from assessment_cycles c
                       where c.organization_id = :'organization_id' and c.id = :'cycle_id')
    union all
    select s.id, s.organization_id, s.framework_id, s.parent_id, s.key, s.kind, s.name, s.description,
           s.position, s.depth, s.ancestor_ids, s.archived_at
    from skill_nodes s
    where s.organization_id = :'organization_id'
      and s.framework_id = (select c.framework_id from assessment_cycles c
                            where c.organization_id = :'organization_id' and c.id = :'cycle_id' and c.framework_version is null)
  ) s
    join (
    select v.node_id as id, v.organization_id, v.framework_id, v.parent_id, v.key, v.kind, v.name, v.description,
           v.position, v.depth, v.ancestor_ids, v.archived_at as archived_at
    from framework_version_nodes v
    where v.organization_id = :'organization_id' and (v.framework_id, v.version) = (select c.framework_id, c.framework_version from assessment_cycles c
                       where c.organization_id = :'organization_id' and c.id = :'cycle_id')
    union all
    select s.id, s.organization_id, s.framework_id, s.parent_id, s.key, s.kind, s.name, s.description,
           s.position, s.depth, s.ancestor_ids, s.archived_at
    from skill_nodes s
    where s.organization_id = :'organization_id'
      and s.framework_id = (select c.framework_id from assessment_cycles c
                            where c.organization_id = :'organization_id' and c.id = :'cycle_id' and c.framework_version is null)
  ) a
      on a.organization_id = :'organization_id' and a.id = s.ancestor_ids[1]
    -- Categories only sit under areas (lib/frameworks/document.ts CHILD_KINDS), so a skill's
    -- category, if any, is the second node of its path: an equality join the planner hashes.
    left join (
    select v.node_id as id, v.organization_id, v.framework_id, v.parent_id, v.key, v.kind, v.name, v.description,
           v.position, v.depth, v.ancestor_ids, v.archived_at as archived_at
    from framework_version_nodes v
    where v.organization_id = :'organization_id' and (v.framework_id, v.version) = (select c.framework_id, c.framework_version from assessment_cycles c
                       where c.organization_id = :'organization_id' and c.id = :'cycle_id')
    union all
    select s.id, s.organization_id, s.framework_id, s.parent_id, s.key, s.kind, s.name, s.description,
           s.position, s.depth, s.ancestor_ids, s.archived_at
    from skill_nodes s
    where s.organization_id = :'organization_id'
      and s.framework_id = (select c.framework_id from assessment_cycles c
                            where c.organization_id = :'organization_id' and c.id = :'cycle_id' and c.framework_version is null)
  ) c
      on c.organization_id = :'organization_id' and c.id = s.ancestor_ids[2] and c.kind = 'category'
    where s.organization_id = :'organization_id'
      and s.framework_id = :'framework_id'
      and s.kind = 'skill'
      and s.archived_at is null
  ) as s
    ),
    tm as materialized (
      select m.id as mid, u.name, u.email
      from team_members t
      join memberships m on m.organization_id = t.organization_id and m.id = t.membership_id
      join users u on u.id = m.user_id
      where t.organization_id = :'organization_id' and t.team_id = :'team_id' and m.status = 'active'
    ),
    er as materialized (
      select e.membership_id, e.skill_id, e.level, e.not_applicable
      from (
    select membership_id, skill_id, self_level, self_na, manager_level, manager_na,
           self_level as level, coalesce(self_na, false) as not_applicable,
           interest, last_rated_at
    from (
      select r.membership_id, r.skill_id,
             max(r.level) filter (where r.source = 'self') as self_level,
             coalesce(bool_or(r.not_applicable) filter (where r.source = 'self'), false) as self_na,
             max(r.level) filter (where r.source = 'manager') as manager_level,
             coalesce(bool_or(r.not_applicable) filter (where r.source = 'manager'), false) as manager_na,
             coalesce(bool_or(r.interest) filter (where r.source = 'self'), false) as interest,
             max(r.changed_at) as last_rated_at
      from ratings r
      where r.organization_id = :'organization_id'
        and r.cycle_id = :'cycle_id'
        and r.membership_id in (select mid from tm)
      group by r.membership_id, r.skill_id
    ) by_source) e
      where e.level is not null or e.not_applicable
    ),
    rt as materialized (
      select t.membership_id, t.skill_id, t.target_level
      from (with 
    rt_skills as materialized (
      select s.id as skill_id, s.ancestor_ids
      from (
    select v.node_id as id, v.organization_id, v.framework_id, v.parent_id, v.key, v.kind, v.name, v.description,
           v.position, v.depth, v.ancestor_ids, v.archived_at as archived_at
    from framework_version_nodes v
    where v.organization_id = :'organization_id' and (v.framework_id, v.version) = (select c.framework_id, c.framework_version from assessment_cycles c
                       where c.organization_id = :'organization_id' and c.id = :'cycle_id')
    union all
    select s.id, s.organization_id, s.framework_id, s.parent_id, s.key, s.kind, s.name, s.description,
           s.position, s.depth, s.ancestor_ids, s.archived_at
    from skill_nodes s
    where s.organization_id = :'organization_id'
      and s.framework_id = (select c.framework_id from assessment_cycles c
                            where c.organization_id = :'organization_id' and c.id = :'cycle_id' and c.framework_version is null)
  ) s
      where s.organization_id = :'organization_id'
        and s.framework_id = :'framework_id'
        and s.kind = 'skill'
        and s.archived_at is null
    ),
    rt_members as materialized (
      select m.id as membership_id, m.role_profile_id
      from memberships m
      where m.organization_id = :'organization_id' and m.id in (select mid from tm)
    ),
    rt_profile_targets as materialized (
      select distinct on (rpt.role_profile_id, sk.skill_id)
        rpt.role_profile_id, sk.skill_id, rpt.level::int as level
      from rt_skills sk
      join role_profile_targets rpt
        on rpt.organization_id = :'organization_id' and rpt.node_id = any(sk.ancestor_ids)
      where rpt.role_profile_id in (select role_profile_id from rt_members where role_profile_id is not null)
      -- The deepest: ancestor_ids run root first, so the position is the depth in this skill's own tree.
      order by rpt.role_profile_id, sk.skill_id, array_position(sk.ancestor_ids, rpt.node_id) desc
    ),
    rt_member_teams as materialized (
      select tm.membership_id, tm.team_id
      from team_members tm
      where tm.organization_id = :'organization_id'
        and tm.membership_id in (select membership_id from rt_members)
    ),
    rt_team_targets as materialized (
      select distinct on (tt.team_id, sk.skill_id)
        tt.team_id, sk.skill_id, tt.level::int as level
      from rt_skills sk
      join team_targets tt
        on tt.organization_id = :'organization_id' and tt.node_id = any(sk.ancestor_ids)
      where tt.team_id in (select team_id from rt_member_teams)
      order by tt.team_id, sk.skill_id, array_position(sk.ancestor_ids, tt.node_id) desc
    ),
    rt_member_team_targets as materialized (
      select mt.membership_id, tt.skill_id, max(tt.level)::int as level
      from rt_member_teams mt
      join rt_team_targets tt on tt.team_id = mt.team_id
      group by mt.membership_id, tt.skill_id
    ),
    rt_resolved as (
      select
        m.membership_id,
        sk.skill_id,
        pt.level as role_level,
        mtt.level as team_level,
        -- greatest() ignores nulls: one source alone is the target.
        greatest(pt.level, mtt.level) as target_level,
        case
          when pt.level is null and mtt.level is null then null
          when mtt.level is null or pt.level >= mtt.level then 'role'
          else 'team'
        end as target_source
      from rt_members m
      cross join rt_skills sk
      left join rt_profile_targets pt
        on pt.role_profile_id = m.role_profile_id and pt.skill_id = sk.skill_id
      left join rt_member_team_targets mtt
        on mtt.membership_id = m.membership_id and mtt.skill_id = sk.skill_id
    ) select * from rt_resolved) as t
      where t.target_level is not null
    ),
    ms as (
      select coalesce(er.membership_id, rt.membership_id) as mid,
             coalesce(er.skill_id, rt.skill_id) as skill_id,
             er.level, coalesce(er.not_applicable, false) as na, rt.target_level as target
      from er
      full join rt on rt.membership_id = er.membership_id and rt.skill_id = er.skill_id
    ),
    section_cells as materialized (
      select ms.mid, sk.section_id, sk.area_id,
             sum(ms.level) as level_sum,
             count(ms.level)::int as rated,
             (count(*) filter (where ms.na))::int as na,
             sum(ms.target)::float8 as target_sum,
             count(ms.target)::int as target_count,
             (sum(greatest(ms.target - ms.level, 0)) filter (where ms.level is not null and ms.target is not null))::float8 as gap
      from ms
      join sk on sk.skill_id = ms.skill_id
      group by ms.mid, sk.section_id, sk.area_id
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
    join (
    select v.node_id as id, v.organization_id, v.framework_id, v.parent_id, v.key, v.kind, v.name, v.description,
           v.position, v.depth, v.ancestor_ids, v.archived_at as archived_at
    from framework_version_nodes v
    where v.organization_id = :'organization_id' and (v.framework_id, v.version) = (select c.framework_id, c.framework_version from assessment_cycles c
                       where c.organization_id = :'organization_id' and c.id = :'cycle_id')
    union all
    select s.id, s.organization_id, s.framework_id, s.parent_id, s.key, s.kind, s.name, s.description,
           s.position, s.depth, s.ancestor_ids, s.archived_at
    from skill_nodes s
    where s.organization_id = :'organization_id'
      and s.framework_id = (select c.framework_id from assessment_cycles c
                            where c.organization_id = :'organization_id' and c.id = :'cycle_id' and c.framework_version is null)
  ) cn on cn.organization_id = :'organization_id' and cn.id = c.col_id
    left join cells x on x.grp = c.grp and x.col_id = c.col_id
    group by c.grp, c.col_id, c.col_name, cn.key, c.col_rank
    union all
    select 'member'::text, null::text, null::uuid, tm.mid, tm.name, tm.email, 0,
           null::float8, null::int, null::int, null::float8, null::int, null::float8
    from tm
    union all
    select 'cell'::text, x.grp, x.col_id, x.mid, null::text, null::text, 0,
           x.mean, x.rated, x.na, x.target_sum, x.target_count, x.gap
    from cells x;

