/**
 * The manager's home: each team they manage with what needs them — how far
 * the team's current cycle is done, how many self ratings wait for their
 * review, and the team's largest gaps — each one link away from the detail.
 *
 * Completion comes from the one completion loader (lib/assessments/completion.ts,
 * the rows of the team's completion page) and the gaps from the gap report's own
 * query, so the home says what the team pages say. "Manage" means listed as a manager of the team: an admin
 * who manages no team gets no list here (they have /teams for all of them).
 */
import 'server-only';
import { z } from 'zod';
import { column, parseRows } from '@/db/rows';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db';
import type { Actor } from '@/lib/auth/authorize';
import { NO_COMPLETION, type CompletionCounts } from '@/lib/assessments/completion-rule';
import { loadCompletions, summarizeCompletion } from '@/lib/assessments/completion';
import { findCurrentCycle } from '@/lib/cycles/current';
import { teamMembershipIds } from '@/lib/insight/team-members';
import { parseGapPageParams, filtersOf } from '@/lib/reports/filters';
import { loadGapsBySkill } from '@/lib/reports/gap-report';
import { resolveReportScope } from '@/lib/reports/scope';

/** Gaps listed per team on the home page. */
export const HOME_TOP_GAPS = 3;

export interface ManagedTeamSummary {
  id: string;
  name: string;
  cycle: { id: string; name: string; status: string } | null;
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

export async function loadManagedTeams(db: Db, actor: Actor): Promise<ManagedTeamSummary[]> {
  const org = actor.membership.organizationId;
  const teams = parseRows(
    await db.execute(sql`
      select t.id, t.name from team_managers tmg
      join teams t on t.organization_id = tmg.organization_id and t.id = tmg.team_id
      where tmg.organization_id = ${org} and tmg.membership_id = ${actor.membership.id}
      order by lower(t.name), t.id`),
    z.object({ id: column.text, name: column.text }),
  );
  const summaries: ManagedTeamSummary[] = [];
  // A manager manages a handful of teams: one pass each keeps every figure the team pages' own.
  for (const team of teams) {
    const cycle = await findCurrentCycle(db, { organizationId: org, teamId: team.id });
    if (!cycle) {
      summaries.push({
        ...team,
        cycle: null,
        members: 0,
        membersDone: 0,
        ratings: NO_COMPLETION,
        ratingsPercent: 0,
        toReview: 0,
        topGaps: [],
      });
      continue;
    }
    const completion = summarizeCompletion(
      await loadCompletions(
        db,
        { organizationId: org, frameworkId: cycle.frameworkId, cycleId: cycle.id },
        { actor, teamId: team.id },
      ),
    );
    const [review] = parseRows(
      await db.execute(sql`
        select count(*) as n
        from ratings s
        where s.organization_id = ${org} and s.cycle_id = ${cycle.id}
          and s.membership_id in (${teamMembershipIds(actor, team.id)})
          and s.source = 'self' and (s.level is not null or s.not_applicable)
          and s.membership_id <> ${actor.membership.id}
          and not exists (
            select 1 from ratings mr
            where mr.organization_id = s.organization_id and mr.cycle_id = s.cycle_id
              and mr.membership_id = s.membership_id and mr.skill_id = s.skill_id and mr.source = 'manager')`),
      z.object({ n: column.number }),
    );
    const params = {
      ...parseGapPageParams({ team: team.id, cycle: cycle.id }),
      sort: 'total' as const,
      dir: 'desc' as const,
    };
    const { scope } = await resolveReportScope(db, actor, filtersOf(params));
    const gaps = scope ? await loadGapsBySkill(db, scope, params) : null;
    summaries.push({
      ...team,
      cycle: { id: cycle.id, name: cycle.name, status: cycle.status },
      ...completion,
      toReview: Number(review?.n ?? 0),
      topGaps: (gaps?.rows ?? []).slice(0, HOME_TOP_GAPS).map((row) => ({
        skillId: row.skillId,
        skillName: row.skillName,
        membersBelow: row.membersBelow,
        totalGap: row.totalGap,
      })),
    });
  }
  return summaries;
}
