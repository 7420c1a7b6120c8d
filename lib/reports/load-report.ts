import 'server-only';
import type { Db } from '@/db';
import { filtersOf, type GapPageParams } from './filters';
import {
  loadFilterOptions,
  loadGapsByPerson,
  loadGapsBySkill,
  loadGapSummary,
  type FilterOptions,
  type GapPage,
  type GapSummary,
  type PersonGapRow,
  type SkillGapRow,
} from './gap-report';
import { resolveReportScope, type CycleOption } from './scope';

export interface LoadedGapReport {
  params: GapPageParams;
  cycles: CycleOption[];
  options: FilterOptions;
  summary: GapSummary | null;
  bySkill: GapPage<SkillGapRow> | null;
  byPerson: GapPage<PersonGapRow> | null;
}

/** Everything a gap report page shows. The caller has already authorized the filters' team (or the whole organization). */
export async function loadGapReport(db: Db, organizationId: string, params: GapPageParams): Promise<LoadedGapReport> {
  const { scope, cycles } = await resolveReportScope(db, organizationId, filtersOf(params));
  const resolved: GapPageParams = { ...params, cycle: scope?.cycleId };
  const options = await loadFilterOptions(db, organizationId, scope?.frameworkId ?? null);
  if (!scope) return { params: resolved, cycles, options, summary: null, bySkill: null, byPerson: null };
  const [summary, bySkill, byPerson] = await Promise.all([
    loadGapSummary(db, scope),
    params.by === 'skill' ? loadGapsBySkill(db, scope, params) : null,
    params.by === 'person' ? loadGapsByPerson(db, scope, params) : null,
  ]);
  return { params: resolved, cycles, options, summary, bySkill, byPerson };
}
