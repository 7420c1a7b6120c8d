import 'server-only';
import { z } from 'zod';
import { column, parseRows } from '@/db/rows';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import { resolvedTargetsSubquery } from '@/lib/roles/resolve-targets';
import { TEAM_AVERAGE_MIN_RATERS, type ProfileScope } from './scope';
import { skillAxesSubquery, type AxisGrouping } from './skill-sections';

/** One spoke of the radar; plain data so it can cross into a client chart. */
export interface RadarPoint {
  axis: string;
  me: number | null;
  target: number | null;
  team: number | null;
}

export interface RadarData {
  points: RadarPoint[];
  /**
   * Whether any of the member's teams has at least TEAM_AVERAGE_MIN_RATERS
   * active members who rated in the cycle; when false every `team` is null.
   */
  teamAverageShown: boolean;
  /** Distinct teammates (the member included) whose ratings make up the team average. */
  teamRaters: number;
}

const radarRow = z.object({
  axis_name: column.text,
  me: column.nullableNumber,
  target: column.nullableNumber,
  team: column.nullableNumber,
  team_raters: column.number,
});

/**
 * Me vs my target vs my team, per area or per section of the framework:
 * - me: mean of my self levels in the cycle (n/a and unrated left out);
 * - target: mean of my resolved targets over the skills that have one;
 * - team: mean over teammates of each one's mean level, from teams with at
 *   least 3 members who rated; an axis that fewer than 3 of them rated stays
 *   null too, so a team average never reveals one or two people's ratings.
 */
export async function loadRadar(db: Db, scope: ProfileScope, grouping: AxisGrouping): Promise<RadarData> {
  return parseRadar(await db.execute(radarSql(scope, grouping)));
}

/** The radar's statement (run alone by `loadRadar`, or beside the profile's others: lib/profile/profile-page.ts). */
export function radarSql(scope: ProfileScope, grouping: AxisGrouping): SQL {
  const { organizationId: org, membershipId, frameworkId, cycleId } = scope;
  const min = TEAM_AVERAGE_MIN_RATERS;
  return sql`
    with sk as materialized ${skillAxesSubquery(org, frameworkId, grouping, cycleId)},
    axes as (
      select axis_id, min(axis_name) as axis_name, min(axis_order_1) as o1, min(axis_order_2) as o2
      from sk group by axis_id
    ),
    raters as (
      select tm.team_id, tm.membership_id
      from team_members tm
      join memberships m
        on m.organization_id = ${org} and m.id = tm.membership_id and m.status = 'active'
      where tm.organization_id = ${org}
        and tm.team_id in (
          select team_id from team_members where organization_id = ${org} and membership_id = ${membershipId}
        )
        and exists (
          select 1 from ratings r
          where r.organization_id = ${org} and r.cycle_id = ${cycleId} and r.membership_id = tm.membership_id
            and r.source = 'self' and (r.level is not null or r.not_applicable)
        )
    ),
    team_people as (
      select distinct membership_id from raters
      where team_id in (select team_id from raters group by team_id having count(*) >= ${min})
    ),
    member_axis as (
      select sk.axis_id, r.membership_id, avg(r.level) as mean
      from ratings r
      join sk on sk.skill_id = r.skill_id
      where r.organization_id = ${org} and r.cycle_id = ${cycleId} and r.source = 'self' and r.level is not null
        and r.membership_id in (select membership_id from team_people)
      group by sk.axis_id, r.membership_id
    ),
    team_axis as (
      select axis_id, avg(mean) as team, count(*) as raters from member_axis group by axis_id
    ),
    mine as (
      select sk.axis_id, avg(r.level) as me
      from ratings r
      join sk on sk.skill_id = r.skill_id
      where r.organization_id = ${org} and r.cycle_id = ${cycleId} and r.membership_id = ${membershipId}
        and r.source = 'self' and r.level is not null
      group by sk.axis_id
    ),
    targets as (
      select sk.axis_id, avg(t.target_level) as target
      from ${resolvedTargetsSubquery({ organizationId: org, frameworkId, memberships: [membershipId], cycle: { cycleId } })} as t
      join sk on sk.skill_id = t.skill_id
      where t.target_level is not null
      group by sk.axis_id
    )
    select
      a.axis_name,
      round(mine.me::numeric, 2)::float8 as me,
      round(targets.target::numeric, 2)::float8 as target,
      case when ta.raters >= ${min} then round(ta.team::numeric, 2)::float8 end as team,
      (select count(*) from team_people)::int as team_raters
    from axes a
    left join mine on mine.axis_id = a.axis_id
    left join targets on targets.axis_id = a.axis_id
    left join team_axis ta on ta.axis_id = a.axis_id
    order by a.o1, a.o2, a.axis_name`;
}

/** The radar from its statement's rows (a `db.execute` result or the rows themselves). */
export function parseRadar(result: unknown): RadarData {
  const min = TEAM_AVERAGE_MIN_RATERS;
  const rows = parseRows(result, radarRow);
  const num = (value: number | string | null) => (value === null ? null : Number(value));
  const teamRaters = Number(rows[0]?.team_raters ?? 0);
  return {
    points: rows.map((row) => ({ axis: row.axis_name, me: num(row.me), target: num(row.target), team: num(row.team) })),
    teamAverageShown: teamRaters >= min,
    teamRaters,
  };
}
