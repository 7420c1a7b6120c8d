/**
 * Resolved targets: the level each (member, skill) is expected to reach.
 *
 * A target may sit on any node of the framework (area, category, group or
 * skill) and applies to every skill below it unless a deeper node with a
 * target overrides it. Members get targets from their role profile
 * (memberships.role_profile_id → role_profile_targets) and from the team
 * targets of each team they belong to; the higher of the two applies.
 *
 * Everything is resolved in one SQL statement so that reports over a whole
 * team (heatmap, gap report, CSV) compose it instead of looping in JavaScript:
 *
 * 1. `rt_skills`: the framework's live skills with their `ancestor_ids`
 *    (ancestors and the skill itself, root first); with `scope.cycle`, the
 *    skills and ancestors of the framework version that cycle is bound to.
 * 2. `rt_profile_targets`: per (role profile, skill) the target of the deepest
 *    ancestor-or-self that has one (`distinct on … order by depth desc`).
 *    Resolving per profile, not per member, keeps the work proportional to
 *    profiles × skills, however many members share a profile.
 * 3. `rt_team_targets`: the same per (team, skill), then the maximum over the
 *    member's teams.
 * 4. The final select crosses the scoped members with the skills and takes
 *    `greatest(role, team)`; ties are reported as `role`, the member's own
 *    profile being the primary source.
 *
 * The intermediate CTEs are `materialized` on purpose: inlined into a caller's
 * join, the planner (without statistics on a fresh PGlite) chose to re-run the
 * `distinct on` resolution once per outer row — minutes instead of
 * milliseconds for one member's gaps.
 *
 * Not `server-only`: pure SQL builders, also used by scripts and tests.
 */
import { z } from 'zod';
import { column, parseRows } from '@/db/rows';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import { cycleNodes, type CycleNodesScope } from '@/lib/frameworks/cycle-skills';

export const TARGET_SOURCES = ['role', 'team'] as const;
export type TargetSource = (typeof TARGET_SOURCES)[number];

export interface ResolvedTarget {
  membershipId: string;
  skillId: string;
  /** The role profile's resolved level, null without a profile or without a target above this skill. */
  roleLevel: number | null;
  /** The highest resolved level over the member's teams. */
  teamLevel: number | null;
  /** max(roleLevel, teamLevel); null when neither applies. */
  target: number | null;
  source: TargetSource | null;
}

export interface ResolvedTargetsScope {
  organizationId: string;
  frameworkId: string;
  /**
   * Whose targets: a list of membership ids, or a SQL subquery selecting one
   * column of membership ids (e.g. the members of a team). Always intersected
   * with the organization's memberships.
   */
  memberships: readonly string[] | SQL;
  /**
   * Resolve over the skills and tree of this cycle's framework version
   * (lib/frameworks/cycle-skills.ts) instead of the live tree: a past cycle's
   * targets then follow the ancestors its skills had.
   */
  cycle?: Omit<CycleNodesScope, 'organizationId'>;
}

function membershipFilter(memberships: readonly string[] | SQL): SQL {
  if (Array.isArray(memberships)) {
    // `in ()` is a syntax error; no member means no rows.
    if (memberships.length === 0) return sql`false`;
    return sql`m.id in ${memberships}`;
  }
  return sql`m.id in (${memberships as SQL})`;
}

/**
 * The CTE list (without the leading `with`) that defines `rt_resolved`:
 * `(membership_id uuid, skill_id uuid, role_level int, team_level int,
 * target_level int, target_source text)`, one row per scoped member × live
 * skill of the framework, with nulls where no target applies.
 *
 * Use it when a report needs to join more CTEs of its own:
 * `sql\`with ${resolvedTargetsCtes(scope)}, my_cte as (…) select … from rt_resolved …\``.
 */
export function resolvedTargetsCtes(scope: ResolvedTargetsScope): SQL {
  const { organizationId: org, frameworkId } = scope;
  const nodes = scope.cycle ? sql`${cycleNodes({ ...scope.cycle, organizationId: org })} s` : sql`skill_nodes s`;
  return sql`
    rt_skills as materialized (
      select s.id as skill_id, s.ancestor_ids
      from ${nodes}
      where s.organization_id = ${org}
        and s.framework_id = ${frameworkId}
        and s.kind = 'skill'
        and s.archived_at is null
    ),
    rt_members as materialized (
      select m.id as membership_id, m.role_profile_id
      from memberships m
      where m.organization_id = ${org} and ${membershipFilter(scope.memberships)}
    ),
    rt_profile_targets as materialized (
      select distinct on (rpt.role_profile_id, sk.skill_id)
        rpt.role_profile_id, sk.skill_id, rpt.level::int as level
      from rt_skills sk
      join role_profile_targets rpt
        on rpt.organization_id = ${org} and rpt.node_id = any(sk.ancestor_ids)
      where rpt.role_profile_id in (select role_profile_id from rt_members where role_profile_id is not null)
      -- The deepest: ancestor_ids run root first, so the position is the depth in this skill's own tree.
      order by rpt.role_profile_id, sk.skill_id, array_position(sk.ancestor_ids, rpt.node_id) desc
    ),
    rt_member_teams as materialized (
      select tm.membership_id, tm.team_id
      from team_members tm
      where tm.organization_id = ${org}
        and tm.membership_id in (select membership_id from rt_members)
    ),
    rt_team_targets as materialized (
      select distinct on (tt.team_id, sk.skill_id)
        tt.team_id, sk.skill_id, tt.level::int as level
      from rt_skills sk
      join team_targets tt
        on tt.organization_id = ${org} and tt.node_id = any(sk.ancestor_ids)
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
    )`;
}

/**
 * Targets per target group, for reports that aggregate over many members: the
 * CTE list (without `with`) of `resolvedTargetsCtes` plus
 *
 * - `rg_members (membership_id, gid)`: each scoped member's target group;
 * - `rg_targets (gid, skill_id, target_level)`: the group's resolved target per
 *   skill, only where one applies.
 *
 * A member's targets depend only on their role profile and on which of their
 * teams have team targets, so members sharing both share every target: a
 * 50-member team has a handful of groups. Joining a member's ratings to their
 * group's targets gives exactly `rt_resolved`'s target for that (member,
 * skill) — same rule, `greatest(role, max over teams)` — without building
 * members × skills rows (16,000 for 50 members × 320 skills). `rt_resolved`
 * stays defined and unused here (a CTE nobody reads is not run); the test
 * tests/integration/roles/target-groups.test.ts holds the two equal.
 */
export function targetGroupCtes(scope: ResolvedTargetsScope): SQL {
  return sql`
    ${resolvedTargetsCtes(scope)},
    rg_member_keys as materialized (
      select m.membership_id, m.role_profile_id,
             -- Only teams that have targets change a member's targets; sorted, so equal sets compare equal.
             coalesce(array_agg(distinct mt.team_id order by mt.team_id) filter (where mt.team_id is not null),
                      '{}'::uuid[]) as team_ids
      from rt_members m
      left join rt_member_teams mt
        on mt.membership_id = m.membership_id and mt.team_id in (select tt.team_id from rt_team_targets tt)
      group by m.membership_id, m.role_profile_id
    ),
    -- The group id numbers the distinct keys; a window over the members, not a join back on the keys, so the
    -- planner keeps its estimate of the members (an equality join on arrays it guesses at one row).
    rg_members as materialized (
      select k.membership_id, k.role_profile_id, k.team_ids,
             dense_rank() over (order by k.role_profile_id, k.team_ids) as gid
      from rg_member_keys k
    ),
    rg_groups as materialized (
      select distinct gid, role_profile_id, team_ids from rg_members
    ),
    rg_team_targets as materialized (
      select g.gid, tt.skill_id, max(tt.level)::int as level
      from rg_groups g
      join rt_team_targets tt on tt.team_id = any(g.team_ids)
      group by g.gid, tt.skill_id
    ),
    rg_targets as materialized (
      select g.gid, sk.skill_id, greatest(pt.level, gtt.level) as target_level
      from rg_groups g
      cross join rt_skills sk
      left join rt_profile_targets pt on pt.role_profile_id = g.role_profile_id and pt.skill_id = sk.skill_id
      left join rg_team_targets gtt on gtt.gid = g.gid and gtt.skill_id = sk.skill_id
      where pt.level is not null or gtt.level is not null
    )`;
}

/**
 * The resolved targets as a derived table, for `from ${resolvedTargetsSubquery(scope)} as t`
 * or `join ${resolvedTargetsSubquery(scope)} as t on …`. Columns as in `resolvedTargetsCtes`.
 */
export function resolvedTargetsSubquery(scope: ResolvedTargetsScope): SQL {
  return sql`(with ${resolvedTargetsCtes(scope)} select * from rt_resolved)`;
}

const resolvedRow = z.object({
  membership_id: column.text,
  skill_id: column.text,
  role_level: column.nullableNumber,
  team_level: column.nullableNumber,
  target_level: column.nullableNumber,
  target_source: z.enum(TARGET_SOURCES).nullable(),
});
type ResolvedRow = z.output<typeof resolvedRow>;

function toResolved(row: ResolvedRow): ResolvedTarget {
  const num = (value: number | string | null) => (value === null ? null : Number(value));
  return {
    membershipId: row.membership_id,
    skillId: row.skill_id,
    roleLevel: num(row.role_level),
    teamLevel: num(row.team_level),
    target: num(row.target_level),
    source: row.target_source,
  };
}

/** Every live skill of the framework with the member's resolved target (null where none applies). */
export async function resolvedTargetsForMember(
  db: Db,
  organizationId: string,
  membershipId: string,
  frameworkId: string,
): Promise<ResolvedTarget[]> {
  const result = await db.execute(
    sql`with ${resolvedTargetsCtes({ organizationId, frameworkId, memberships: [membershipId] })}
        select * from rt_resolved order by skill_id`,
  );
  return parseRows(result, resolvedRow).map(toResolved);
}

/** The same for many members at once (e.g. a team), ordered by member then skill. */
export async function resolvedTargetsForMembers(db: Db, scope: ResolvedTargetsScope): Promise<ResolvedTarget[]> {
  const result = await db.execute(
    sql`with ${resolvedTargetsCtes(scope)} select * from rt_resolved order by membership_id, skill_id`,
  );
  return parseRows(result, resolvedRow).map(toResolved);
}
