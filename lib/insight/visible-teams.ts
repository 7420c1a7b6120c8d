import 'server-only';
import { z } from 'zod';
import { column, parseRows } from '@/db/rows';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { visibleTeamIds, type Actor } from '@/lib/auth/authorize';
import { doneSql, hasValueSql } from '@/lib/assessments/completion';
import { percentDone } from '@/lib/assessments/completion-rule';
import { currentCycleIdSql } from '@/lib/cycles/current';
import { cycleNodes } from '@/lib/frameworks/cycle-skills';

export interface VisibleTeam {
  id: string;
  name: string;
  /** The user manages it (or is an admin): the heatmap and member detail are open to them. */
  manages: boolean;
  memberCount: number;
  /** Members with at least one self rating (level or n/a) in the team's cycle. */
  raters: number;
  cycleName: string | null;
  /** Done / (members × live skills), 0–100 (carried-over ratings count once confirmed); null without a cycle, or for a member's team below the privacy threshold. */
  completionPercent: number | null;
  /** Mean over members of each one's mean self level; null below the privacy threshold. */
  teamMean: number | null;
}

const visibleTeamRow = z.object({
  id: column.text,
  name: column.text,
  manages: column.boolean,
  member_count: column.number,
  raters: column.number,
  cycle_name: column.nullableText,
  done_total: column.nullableNumber,
  skill_total: column.nullableNumber,
  team_mean: column.nullableNumber,
});

/**
 * The teams of the actor's organization the /teams page lists: all for
 * admins; for others the teams they manage and the teams they belong to.
 * For a team the user only belongs to, aggregates are shown only once at
 * least `minRaters` members have rated (docs/product.md, "People and roles").
 */
export async function loadVisibleTeams(db: Db, actor: Actor, minRaters: number): Promise<VisibleTeam[]> {
  const org = actor.membership.organizationId;
  const result = await db.execute(sql`
    with visible as materialized (
      select t.id, t.name, t.id in (${visibleTeamIds(actor, 'individuals')}) as manages
      from teams t
      where t.organization_id = ${org} and t.id in (${visibleTeamIds(actor, 'aggregate')})
    ),
    -- Each team's current cycle, by the one rule (lib/cycles/current.ts).
    cyc as materialized (
      select v.id as team_id, c.id as cycle_id, c.framework_id, c.name as cycle_name
      from visible v
      left join assessment_cycles c
        on c.organization_id = ${org} and c.id = (${currentCycleIdSql({ organizationId: org, teamId: sql`v.id` })})
    ),
    -- Skills per cycle: each cycle counts the skills of the framework version it is bound to.
    totals as materialized (
      select x.cycle_id,
             (select count(*) from ${cycleNodes({ organizationId: org, cycleId: sql`x.cycle_id` })} s
              where s.kind = 'skill' and s.archived_at is null)::int as skills
      from (select distinct cycle_id from cyc where cycle_id is not null) x
    ),
    per_member as (
      select tm.team_id, tm.membership_id,
             (count(r.skill_id) filter (where ${hasValueSql(sql`r`)}))::int as rated,
             (count(r.skill_id) filter (where ${doneSql(sql`r`)}))::int as done,
             avg(r.level) as mean
      from team_members tm
      join visible v on v.id = tm.team_id
      join memberships m on m.organization_id = ${org} and m.id = tm.membership_id and m.status = 'active'
      join cyc on cyc.team_id = tm.team_id
      left join ratings r
        on r.organization_id = ${org} and r.cycle_id = cyc.cycle_id
       and r.membership_id = tm.membership_id and r.source = 'self'
      where tm.organization_id = ${org}
      group by tm.team_id, tm.membership_id
    )
    select v.id, v.name, v.manages, cyc.cycle_name,
           count(pm.membership_id)::int as member_count,
           (count(pm.membership_id) filter (where pm.rated > 0))::int as raters,
           sum(pm.done)::int as done_total,
           totals.skills as skill_total,
           avg(pm.mean)::float8 as team_mean
    from visible v
    join cyc on cyc.team_id = v.id
    left join totals on totals.cycle_id = cyc.cycle_id
    left join per_member pm on pm.team_id = v.id
    group by v.id, v.name, v.manages, cyc.cycle_name, totals.skills
    order by v.name`);
  return parseRows(result, visibleTeamRow).map((row) => {
    const memberCount = Number(row.member_count);
    const raters = Number(row.raters);
    const skills = Number(row.skill_total ?? 0);
    const manages = Boolean(row.manages);
    const visibleAggregates = manages || raters >= minRaters;
    const possible = memberCount * skills;
    return {
      id: row.id,
      name: row.name,
      manages,
      memberCount,
      raters,
      cycleName: row.cycle_name,
      completionPercent:
        visibleAggregates && row.cycle_name !== null && possible > 0
          ? percentDone({ done: Number(row.done_total ?? 0), total: possible })
          : null,
      teamMean: visibleAggregates && row.team_mean !== null ? Number(row.team_mean) : null,
    };
  });
}
