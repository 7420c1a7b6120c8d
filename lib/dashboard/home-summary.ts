import 'server-only';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '@/db';
import { frameworks, teams } from '@/db/schema';
import { selectTogether } from '@/db/together';
import { completionsSql, memberCompletion, parseCompletions } from '@/lib/assessments/completion';
import type { CompletionCounts } from '@/lib/assessments/completion-rule';
import { loadFrameworkShape } from '@/lib/assessments/queries';
import { listOpenCycles, listScheduledCycles } from '@/lib/cycles/current';

export interface HomeCycle {
  id: string;
  name: string;
  opensOn: string;
  closesOn: string;
  /** The team whose own cycle it is; null for an organization-wide cycle. */
  teamName: string | null;
  completion: CompletionCounts;
}

export interface HomeSummary {
  /** The framework of the cycle /assess opens on (else the organization's first live one), counted as /assess shows it. */
  framework: { name: string; version: number; areas: number; sections: number; skills: number } | null;
  /** Every running cycle the member takes part in; the first is the one /assess opens on. */
  openCycles: HomeCycle[];
  /** Cycles that apply to the member and open later. */
  scheduled: { id: string; name: string; opensOn: string; teamName: string | null }[];
}

export async function loadHomeSummary(db: Db, organizationId: string, membershipId: string): Promise<HomeSummary> {
  const member = { organizationId, membershipId };
  const [open, scheduledRows] = await Promise.all([listOpenCycles(db, member), listScheduledCycles(db, member)]);
  const teamIds = [...new Set([...open, ...scheduledRows].flatMap((cycle) => (cycle.teamId ? [cycle.teamId] : [])))];
  const teamNames = new Map(
    teamIds.length === 0
      ? []
      : (
          await db
            .select({ id: teams.id, name: teams.name })
            .from(teams)
            .where(and(eq(teams.organizationId, organizationId), inArray(teams.id, teamIds)))
        ).map((team) => [team.id, team.name]),
  );
  const current = open[0] ?? null;

  const [framework] = await db
    .select()
    .from(frameworks)
    .where(
      and(
        eq(frameworks.organizationId, organizationId),
        current ? eq(frameworks.id, current.frameworkId) : isNull(frameworks.archivedAt),
      ),
    )
    .orderBy(asc(frameworks.createdAt))
    .limit(1);

  let frameworkSummary: HomeSummary['framework'] = null;
  if (framework) {
    const shape = await loadFrameworkShape(
      db,
      organizationId,
      current ? { cycleId: current.id } : { frameworkId: framework.id },
    );
    frameworkSummary = { name: framework.name, version: framework.version, ...shape };
  }

  // Every open cycle's completion in one statement (db/together.ts), not one statement per cycle.
  const completions =
    open.length === 0
      ? {}
      : await selectTogether(
          db,
          Object.fromEntries(
            open.map((cycle, index) => [
              `cycle_${index}`,
              completionsSql({ organizationId, frameworkId: cycle.frameworkId, cycleId: cycle.id }, { membershipId }),
            ]),
          ),
        );
  const openCycles = open.map((cycle, index): HomeCycle => {
    const { stale: _stale, ...completion } = memberCompletion(parseCompletions(completions[`cycle_${index}`] ?? []));
    return {
      id: cycle.id,
      name: cycle.name,
      opensOn: cycle.opensOn,
      closesOn: cycle.closesOn,
      teamName: cycle.teamId ? (teamNames.get(cycle.teamId) ?? null) : null,
      completion,
    };
  });
  return {
    framework: frameworkSummary,
    openCycles,
    scheduled: scheduledRows.map((row) => ({
      id: row.id,
      name: row.name,
      opensOn: row.opensOn,
      teamName: row.teamId ? (teamNames.get(row.teamId) ?? null) : null,
    })),
  };
}
