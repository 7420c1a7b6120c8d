/**
 * The manager's home: each team they manage with what needs them — how far
 * the team's current cycle is done, how many self ratings wait for their
 * review, and the team's largest gaps — each one link away from the detail.
 *
 * Completion comes from the one completion loader (lib/assessments/completion.ts,
 * the rows of the team's completion page) and the gaps with the gap report's
 * figures (lib/reports/team-gap-skills.ts, tested equal), so the home says what
 * the team pages say. "Manage" means listed as a manager of the team: an admin
 * who manages no team gets no list here (they have /teams for all of them).
 */
import 'server-only';
import { z } from 'zod';
import { column, parseRows } from '@/db/rows';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import type { Actor } from '@/lib/auth/authorize';
import { NO_COMPLETION, type CompletionCounts } from '@/lib/assessments/completion-rule';
import { selectTogether } from '@/db/together';
import { completionsSql, parseCompletions, summarizeCompletion } from '@/lib/assessments/completion';
import { currentCycleIdSql } from '@/lib/cycles/current';
import { teamMembershipIds } from '@/lib/insight/team-members';
import { parseGapPageParams, filtersOf } from '@/lib/reports/filters';
import type { ReportScope } from '@/lib/reports/gap-sql';
import { parseTopSkillGaps, topSkillGapsSql } from '@/lib/reports/team-gap-skills';

/** Gaps listed per team on the home page. */
export const HOME_TOP_GAPS = 3;

export interface ManagedTeamSummary {
  id: string;
  name: string;
  cycle: { id: string; name: string; status: 'open' | 'closed' } | null;
  /** Active members of the team. */
  members: number;
  /** Members whose every skill is done in this cycle (lib/assessments/completion-rule.ts). */
  membersDone: number;
  /** Ratings over all members: asked for (members × skills), rated, confirmed, to confirm, done. */
  ratings: CompletionCounts;
  /** ratings.done as a whole percent of the ratings asked for. */
  ratingsPercent: number;
  /** Self ratings (a level or n/a) with no manager rating beside them. */
  toReview: number;
  topGaps: { skillId: string; skillName: string; membersBelow: number; totalGap: number }[];
}

const teamRow = z.object({
  id: column.text,
  name: column.text,
  cycle_id: column.nullableText,
  cycle_name: column.nullableText,
  cycle_status: z.enum(['open', 'closed']).nullable(),
  framework_id: column.nullableText,
  organization_name: column.text,
});

/**
 * Two statements whatever the number of teams (issue 23; six per team before): the teams with each one's
 * current cycle (`currentCycleIdSql`, the order of `findCurrentCycle`, in a lateral join), then every
 * team's completion, review count and top gaps — each the statement its own page runs — sent together
 * through db/together.ts. The database still runs those queries once per team inside that statement;
 * what no longer grows with the teams is the round trips.
 */
export async function loadManagedTeams(db: Db, actor: Actor): Promise<ManagedTeamSummary[]> {
  const org = actor.membership.organizationId;
  const teams = parseRows(
    await db.execute(sql`
      select t.id, t.name, c.id as cycle_id, c.name as cycle_name, c.status as cycle_status,
             c.framework_id, o.name as organization_name
      from team_managers tmg
      join teams t on t.organization_id = tmg.organization_id and t.id = tmg.team_id
      join organizations o on o.id = t.organization_id
      left join lateral (
        select ac.id, ac.name, ac.status, ac.framework_id from assessment_cycles ac
        where ac.organization_id = t.organization_id
          and ac.id = (${currentCycleIdSql({ organizationId: sql`t.organization_id`, teamId: sql`t.id` })})
      ) c on true
      where tmg.organization_id = ${org} and tmg.membership_id = ${actor.membership.id}
      order by lower(t.name), t.id`),
    teamRow,
  );
  const parts: Record<string, SQL> = {};
  const scopes = new Map<string, { cycle: { id: string; name: string; status: 'open' | 'closed' } }>();
  teams.forEach((team, index) => {
    if (!team.cycle_id || !team.framework_id || !team.cycle_name || !team.cycle_status) return;
    const cycle = { id: team.cycle_id, name: team.cycle_name, status: team.cycle_status };
    scopes.set(team.id, { cycle });
    const params = {
      ...parseGapPageParams({ team: team.id, cycle: cycle.id }),
      sort: 'total' as const,
      dir: 'desc' as const,
    };
    // The report's scope as resolveReportScope (lib/reports/scope.ts) gives it for this team and cycle: the
    // cycle is the team's current one, which is the first of the team's applicable cycles.
    const scope: ReportScope = {
      actor,
      organizationId: org,
      organizationName: team.organization_name,
      frameworkId: team.framework_id,
      cycleId: cycle.id,
      cycleName: cycle.name,
      filters: { ...filtersOf(params), cycle: cycle.id },
    };
    parts[`completion_${index}`] = completionsSql(
      { organizationId: org, frameworkId: team.framework_id, cycleId: cycle.id },
      { actor, teamId: team.id },
    );
    // Self ratings (a level or n/a) without a manager rating beside them, counted per (member, skill) over the
    // members' ratings read once from the member index (index-only), rather than probing for a manager rating
    // once per self rating: 52,491 → 608 buffers for a 50-member team at 10,000 members. The unique key allows
    // one rating per source, so a group is one skill of one member.
    parts[`review_${index}`] = sql`
      select count(*) as n
      from (
        select 1
        from ratings r
        where r.organization_id = ${org} and r.cycle_id = ${cycle.id}
          and r.membership_id in (${teamMembershipIds(actor, team.id)})
          and r.membership_id <> ${actor.membership.id}
        group by r.membership_id, r.skill_id
        having bool_or(r.source = 'self' and (r.level is not null or r.not_applicable))
          and not bool_or(r.source = 'manager')
      ) unreviewed`;
    // The report's figures by skill without its member × skill pairs (lib/reports/team-gap-skills.ts).
    parts[`gaps_${index}`] = topSkillGapsSql(scope, HOME_TOP_GAPS);
  });
  const results = Object.keys(parts).length > 0 ? await selectTogether(db, parts) : {};
  return teams.map((team, index) => {
    const found = scopes.get(team.id);
    if (!found) {
      return {
        id: team.id,
        name: team.name,
        cycle: null,
        members: 0,
        membersDone: 0,
        ratings: NO_COMPLETION,
        ratingsPercent: 0,
        toReview: 0,
        topGaps: [],
      };
    }
    const [review] = parseRows(results[`review_${index}`] ?? [], z.object({ n: column.number }));
    const topGaps = parseTopSkillGaps(results[`gaps_${index}`] ?? []);
    return {
      id: team.id,
      name: team.name,
      cycle: found.cycle,
      ...summarizeCompletion(parseCompletions(results[`completion_${index}`] ?? [])),
      toReview: Number(review?.n ?? 0),
      topGaps,
    };
  });
}
