import 'server-only';
import type { Db } from '@/db';
import type { Actor } from '@/lib/auth/authorize';
import { filtersOf, type GapPageParams } from './filters';
import {
  loadFilterOptions,
  loadGapReportTogether,
  type FilterOptions,
  type GapPage,
  type GapSummary,
  type PersonGapRow,
  type SkillGapRow,
} from './gap-report';
import { batchRunner, plannerHasStatistics } from './gap-sql';
import { resolveReportScope, type CycleOption } from './scope';

export interface LoadedGapReport {
  params: GapPageParams;
  cycles: CycleOption[];
  options: FilterOptions;
  summary: GapSummary | null;
  bySkill: GapPage<SkillGapRow> | null;
  byPerson: GapPage<PersonGapRow> | null;
}

/**
 * Everything a gap report page shows. The caller has already authorized the
 * filters' team (or the whole organization); the queries apply the actor's
 * visibility again (lib/reports/gap-sql.ts `scopedMemberIds`).
 */
export async function loadGapReport(db: Db, actor: Actor, params: GapPageParams): Promise<LoadedGapReport> {
  const { scope, cycles } = await resolveReportScope(db, actor, filtersOf(params));
  const resolved: GapPageParams = { ...params, cycle: scope?.cycleId };
  const options = await loadFilterOptions(db, actor, scope?.frameworkId ?? null, scope?.cycleId);
  if (!scope) return { params: resolved, cycles, options, summary: null, bySkill: null, byPerson: null };
  // Nested loops off only where the planner has no statistics (a fresh PGlite): there they are the quadratic trap
  // of gap-sql.ts; on an analysed server the default planner does as well, without the transaction and `set local`
  // around it (three statements of the page's budget, issue 23). One after another: a transaction holds PGlite's
  // single connection anyway.
  const run = batchRunner(await plannerHasStatistics(db));
  // The summary and the page in one statement over one evaluation of the gap CTEs (issue 23).
  const { summary, bySkill, byPerson } = await run(db, (tx) => loadGapReportTogether(tx, scope, params));
  return { params: resolved, cycles, options, summary, bySkill, byPerson };
}
