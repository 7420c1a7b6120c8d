import 'server-only';
import { z } from 'zod';
import { column, parseRows } from '@/db/rows';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import { visibleTeamIds, type Actor } from '@/lib/auth/authorize';
import { completionByCycleCtes, completionSummary, type TeamCompletionSummary } from '@/lib/assessments/completion';
import { currentCycleIdSql } from '@/lib/cycles/current';

export interface VisibleTeam {
  id: string;
  name: string;
  /** The user manages it (or is an admin): the heatmap and member detail are open to them. */
  manages: boolean;
  memberCount: number;
  /** Members with at least one self rating (level or n/a) on the skills of the team's cycle. */
  raters: number;
  cycleName: string | null;
  /**
   * The team's completion of its cycle, as its completion page and the manager's home count it
   * (lib/assessments/completion.ts): members finished, and ratings rated, confirmed and to confirm apart.
   * Null without a cycle, or for a member's team below the privacy threshold.
   */
  completion: TeamCompletionSummary | null;
  /** Mean over members of each one's mean self level on the cycle's skills; null below the privacy threshold. */
  teamMean: number | null;
}

export const visibleTeamRow = z.object({
  id: column.text,
  name: column.text,
  manages: column.boolean,
  cycle_id: column.nullableText,
  member_count: column.number,
  raters: column.number,
  cycle_name: column.nullableText,
  skills: column.nullableNumber,
  members_done: column.number,
  rated: column.number,
  confirmed: column.number,
  to_confirm: column.number,
  team_mean: column.nullableNumber,
});

export type VisibleTeamRow = z.infer<typeof visibleTeamRow>;

/**
 * The teams of the actor's organization the /teams page lists: all for
 * admins; for others the teams they manage and the teams they belong to.
 * For a team the user only belongs to, aggregates are shown only once at
 * least `minRaters` members have rated (docs/product.md, "People and roles").
 * Always live; the page itself goes through `loadTeamsList`
 * (lib/insight/team-completion-snapshot.ts), which serves a large
 * organization's admin from the snapshot this same statement writes.
 */
export async function loadVisibleTeams(db: Db, actor: Actor, minRaters: number): Promise<VisibleTeam[]> {
  return parseVisibleTeams(await db.execute(visibleTeamsSql(actor)), minRaters);
}

/**
 * The list's one statement: each team's current cycle, then every team's
 * completion through `completionByCycleCtes` (the rule of the team's
 * completion page, over the skills of each team's own cycle). Its columns are
 * `visibleTeamRow`'s; the snapshot job inserts its rows as they are.
 */
export function visibleTeamsSql(actor: Actor): SQL {
  const org = actor.membership.organizationId;
  return sql`
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
    -- The active members of each listed team.
    tm as materialized (
      select t.team_id, t.membership_id as mid
      from team_members t
      join visible v on v.id = t.team_id
      join memberships m on m.organization_id = t.organization_id and m.id = t.membership_id and m.status = 'active'
      where t.organization_id = ${org}
    ),
    ${completionByCycleCtes(
      org,
      sql`select distinct cyc.cycle_id, cyc.framework_id, tm.mid
          from tm join cyc on cyc.team_id = tm.team_id where cyc.cycle_id is not null`,
      sql`avg(r.level)::float8 as mean`,
    )}
    select v.id, v.name, v.manages, cyc.cycle_id, cyc.cycle_name, tot.n as skills,
           count(tm.mid)::int as member_count,
           (count(pm.membership_id) filter (where pm.rated + pm.confirmed + pm.to_confirm > 0))::int as raters,
           (count(pm.membership_id) filter (where tot.n > 0 and pm.rated + pm.confirmed >= tot.n))::int as members_done,
           coalesce(sum(pm.rated), 0)::int as rated,
           coalesce(sum(pm.confirmed), 0)::int as confirmed,
           coalesce(sum(pm.to_confirm), 0)::int as to_confirm,
           avg(pm.mean)::float8 as team_mean
    from visible v
    join cyc on cyc.team_id = v.id
    left join cmpx_totals tot on tot.cycle_id = cyc.cycle_id
    left join tm on tm.team_id = v.id
    left join cmpx_per_member pm on pm.cycle_id = cyc.cycle_id and pm.membership_id = tm.mid
    group by v.id, v.name, v.manages, cyc.cycle_id, cyc.cycle_name, tot.n
    order by v.name`;
}

/** The list from `visibleTeamsSql`'s rows, or from the snapshot's, which have the same columns. */
export function parseVisibleTeams(result: unknown, minRaters: number): VisibleTeam[] {
  return parseRows(result, visibleTeamRow).map((row) => toVisibleTeam(row, minRaters));
}

/** One team of the list from its row (live or snapshot): the privacy threshold and the summary applied alike. */
export function toVisibleTeam(row: VisibleTeamRow, minRaters: number): VisibleTeam {
  const memberCount = Number(row.member_count);
  const raters = Number(row.raters);
  const skills = Number(row.skills ?? 0);
  const manages = Boolean(row.manages);
  const visibleAggregates = manages || raters >= minRaters;
  const rated = Number(row.rated);
  const confirmed = Number(row.confirmed);
  return {
    id: row.id,
    name: row.name,
    manages,
    memberCount,
    raters,
    cycleName: row.cycle_name,
    completion:
      visibleAggregates && row.cycle_name !== null && skills > 0
        ? completionSummary({
            members: memberCount,
            membersDone: Number(row.members_done),
            ratings: {
              total: memberCount * skills,
              rated,
              confirmed,
              toConfirm: Number(row.to_confirm),
              done: rated + confirmed,
            },
          })
        : null,
    teamMean: visibleAggregates && row.team_mean !== null ? Number(row.team_mean) : null,
  };
}
