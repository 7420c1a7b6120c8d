/**
 * The gap report in SQL: one CTE chain that every view, the summary, the
 * count and the CSV export compose, so a number on the page and a row in the
 * export cannot disagree.
 *
 * Gap = resolved target − level used (the rating view's level; an unrated
 * skill with a target counts as 0, "not applicable" has no gap). `rep_pairs`
 * keeps the raw difference (≤ 0 means at or above target) for the summary;
 * `rep_gaps` is what the filters select: gap ≥ minGap (≥ 1), optionally only
 * where the member flagged interest.
 *
 * Not `server-only`: pure SQL builders, also used by the benchmark script.
 */
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { column, queryRows } from '@/db/rows';
import { visibleMembersFilter, visibleTeamsFilter, type Actor } from '@/lib/auth/authorize';
import { cycleNodes } from '@/lib/frameworks/cycle-skills';
import { effectiveRatingsSubquery } from '@/lib/insight/effective-ratings';
import { targetGroupCtes } from '@/lib/roles/resolve-targets';
import type { GapFilters } from './filters';

export interface ReportScope {
  /** Who reads the report: its members are the ones this actor may see (lib/auth/authorize.ts). */
  actor: Actor;
  /** The actor's organization. */
  organizationId: string;
  organizationName: string;
  frameworkId: string;
  cycleId: string;
  cycleName: string;
  filters: GapFilters;
}

/**
 * The ids of the active members the filters select (team, role profile), as a
 * one-column subquery — only those the actor may see, through the
 * authorization module's filters: a team filter names a team whose
 * individuals the actor may see, or selects no one. The route and the pages
 * check the same before they ask; the report does not rely on it.
 */
export function scopedMemberIds(scope: ReportScope): SQL {
  const { actor, organizationId: org, filters } = scope;
  const team = filters.team
    ? sql`and mm.id in (select tm.membership_id from team_members tm
        where tm.organization_id = ${org} and tm.team_id = ${filters.team}
          and ${visibleTeamsFilter(actor, 'individuals', sql`tm.team_id`)})`
    : sql``;
  const roleProfile = filters.roleProfile ? sql`and mm.role_profile_id = ${filters.roleProfile}` : sql``;
  return sql`select mm.id from memberships mm
    where mm.organization_id = ${org} and mm.status = 'active' and ${visibleMembersFilter(actor, sql`mm.id`)}
      ${team} ${roleProfile}`;
}

export interface GapCtesOptions {
  /**
   * Build `rep_pairs` one member at a time (a lateral join): each member's ratings read in index order
   * and hashed against the skills and their target group's targets, 320 rows at a time. The default
   * joins all members × skills with all ratings at once, which the planner does by merge joins after
   * sorting every pair and every rating (16,000 and 13,258 rows for a 50-member team): most of a team
   * report's time. Same rows either way (tests/integration/reports/team-gap-skills.test.ts). Only for
   * one team's members: each member scans its group's targets from `rep_target_maps`, whose size grows
   * with the number of groups, small in a team and not bounded organization-wide.
   */
  pairsPerMember?: boolean;
}

/**
 * The CTE list (without `with`) defining `rep_skills`, `rep_members`,
 * `rep_ratings`, `rep_pairs` and `rep_gaps` (and the target groups `rg_*` of
 * targetGroupCtes, which a query that needs no pairs can aggregate over instead:
 * lib/reports/team-gap-skills.ts) for the given members — the whole
 * scope (a subquery) or one keyset batch of it (an id list).
 */
export function gapCtes(
  scope: ReportScope,
  memberships: readonly string[] | SQL,
  { pairsPerMember = false }: GapCtesOptions = {},
): SQL {
  const { organizationId: org, frameworkId, cycleId, filters } = scope;
  const areaFilter = filters.area ? sql`and a.id = ${filters.area}` : sql``;
  const sectionFilter = filters.section ? sql`and coalesce(c.id, a.id) = ${filters.section}` : sql``;
  const teamNames = filters.team ? sql`and tm.team_id = ${filters.team}` : sql``;
  const interest = filters.interestOnly ? sql`and interest` : sql``;
  // The skills, names and tree of the framework version the cycle is bound to: a past cycle's report never moves.
  const nodes = cycleNodes({ organizationId: org, cycleId });
  return sql`
    ${targetGroupCtes({ organizationId: org, frameworkId, memberships, cycle: { cycleId } })},
    -- Each skill's path of positions from the root (its place in reading order), by hash joins over the
    -- unnested path rather than one correlated lookup per skill.
    rep_order as materialized (
      select s.id as skill_id, array_agg(n.position order by p.ord) as skill_order
      from ${nodes} s
      cross join lateral unnest(s.ancestor_ids) with ordinality as p(node_id, ord)
      join ${nodes} n on n.organization_id = ${org} and n.id = p.node_id
      where s.organization_id = ${org} and s.kind = 'skill' and s.archived_at is null
      group by s.id
    ),
    rep_skills as materialized (
      select s.id as skill_id, s.key as skill_key, s.name as skill_name,
             a.id as area_id, a.name as area_name,
             coalesce(c.id, a.id) as section_id, coalesce(c.name, a.name) as section_name,
             g.name as group_name,
             o.skill_order
      from ${nodes} s
      join rep_order o on o.skill_id = s.id
      join ${nodes} a on a.organization_id = ${org} and a.id = s.ancestor_ids[1]
      -- Categories only sit under areas and groups under categories (CHILD_KINDS in
      -- lib/frameworks/document.ts): the 2nd and 3rd nodes of the path, equality joins the planner hashes.
      left join ${nodes} c on c.organization_id = ${org} and c.id = s.ancestor_ids[2] and c.kind = 'category'
      left join ${nodes} g on g.organization_id = ${org} and g.id = s.ancestor_ids[3] and g.kind = 'group'
      where s.organization_id = ${org} and s.framework_id = ${frameworkId}
        and s.kind = 'skill' and s.archived_at is null
        ${areaFilter} ${sectionFilter}
    ),
    rep_members as materialized (
      select m.id as membership_id, u.name as member_name, u.email, rp.name as role_profile_name,
             coalesce((
               select string_agg(t.name, '; ' order by t.name)
               from team_members tm
               join teams t on t.organization_id = tm.organization_id and t.id = tm.team_id
               where tm.organization_id = ${org} and tm.membership_id = m.id ${teamNames}
             ), '') as team_names
      from memberships m
      join users u on u.id = m.user_id
      left join role_profiles rp on rp.organization_id = m.organization_id and rp.id = m.role_profile_id
      where m.organization_id = ${org} and m.id in (select membership_id from rt_members)
    ),
    -- Each target group's targets as two arrays: one row per group for pairsPerMember to find by gid.
    rep_target_maps as materialized (
      select gid, array_agg(skill_id) as skill_ids, array_agg(target_level) as levels from rg_targets group by gid
    ),
    rep_ratings as materialized (
      ${effectiveRatingsSubquery({
        organizationId: org,
        cycleId,
        memberships: sql`select membership_id from rt_members`,
        view: filters.view,
      })}
    ),
    rep_pairs as materialized (${
      pairsPerMember
        ? pairsPerMemberSql(scope)
        : sql`
      select t.membership_id, t.skill_id, ${PAIR_COLUMNS}
      from rt_resolved t
      join rep_skills sk on sk.skill_id = t.skill_id
      left join rep_ratings er on er.membership_id = t.membership_id and er.skill_id = t.skill_id`
    }
    ),
    rep_gaps as (
      select * from rep_pairs where gap >= ${filters.minGap} ${interest}
    )`;
}

/**
 * A member × skill's gap: the target minus the level used, an unrated skill counting as 0; none without a
 * target or where the member marked the skill not applicable. The one definition every gap figure builds on
 * (the report, the team gaps page, the profile).
 */
export function pairGapSql(target: SQL, level: SQL, notApplicable: SQL): SQL {
  return sql`case when ${target} is null or coalesce(${notApplicable}, false) then null
                  else (${target} - coalesce(${level}, 0))::int end`;
}

/** A pair's columns after its member and skill, from its target `t` and effective rating `er` (both bodies). */
const PAIR_COLUMNS = sql`t.target_level,
             er.self_level::int as self_level, er.manager_level::int as manager_level, er.level::int as level,
             coalesce(er.not_applicable, false) as not_applicable,
             coalesce(er.interest, false) as interest,
             er.last_rated_at,
             ${pairGapSql(sql`t.target_level`, sql`er.level`, sql`er.not_applicable`)} as gap`;

/**
 * The body of `rep_pairs` built per member (GapCtesOptions.pairsPerMember), from the target groups of
 * targetGroupCtes: the same columns and rows as the default body over `rt_resolved` (a member × skill
 * without a target has a null target there and here).
 */
function pairsPerMemberSql(scope: ReportScope): SQL {
  const { organizationId: org, cycleId, filters } = scope;
  // `r.membership_id in (pm.membership_id)` is an equality with the outer member: the index's third column.
  const ratings = effectiveRatingsSubquery({
    organizationId: org,
    cycleId,
    memberships: sql`pm.membership_id`,
    view: filters.view,
  });
  return sql`
      select pm.membership_id, p.skill_id, p.target_level, p.self_level, p.manager_level, p.level,
             p.not_applicable, p.interest, p.last_rated_at, p.gap
      from rg_members pm
      cross join lateral (
        select sk.skill_id, ${PAIR_COLUMNS}
        from rep_skills sk
        left join (
          select u.skill_id, u.target_level
          from rep_target_maps tm
          cross join unnest(tm.skill_ids, tm.levels) as u(skill_id, target_level)
          where tm.gid = pm.gid
        ) t on t.skill_id = sk.skill_id
        left join (${ratings}) er on er.skill_id = sk.skill_id
      ) p`;
}

/** ISO-8601 UTC text, so both drivers hand the CSV the same string. */
export const lastRatedText = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

/**
 * Runs report queries with nested-loop joins off, in a short transaction
 * (`set local` ends with it). The planner estimates one row for every
 * materialized CTE and, on a fresh PGlite without statistics, joined
 * `rt_resolved` × `rep_skills` × `rep_ratings` by nested loops: quadratic,
 * 8 s for one 10-person team of the demo instead of 0.2 s with hash joins.
 */
export async function withReportPlanner<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_nestloop = off`);
    return work(tx as unknown as Db);
  });
}

/**
 * Whether the planner has statistics on `ratings` (after ANALYZE or
 * autovacuum). With them it picks index nested loops well for one batch of
 * members, and turning nested loops off there made a 3.2 M-row export ~4×
 * slower; without them (a fresh PGlite) nested loops are the quadratic trap above.
 */
export async function plannerHasStatistics(db: Db): Promise<boolean> {
  const [row] = await queryRows(
    db,
    sql`select exists (select 1 from pg_stats where tablename = 'ratings' and attname = 'membership_id') as has`,
    z.object({ has: column.boolean }),
  );
  return row?.has === true;
}

/** `withReportPlanner` unless the statistics make it unnecessary. */
export function batchRunner(useDefaultPlanner: boolean) {
  return <T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> =>
    useDefaultPlanner ? work(db) : withReportPlanner(db, work);
}
