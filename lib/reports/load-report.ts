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
import {
  SNAPSHOT_MIN_PAIRS,
  SNAPSHOT_STALE_AFTER_MS,
  readGapSnapshot,
  snapshotKeyFor,
  type GapSnapshotKey,
} from './gap-snapshot';
import { resolveReportScope, type CycleOption } from './scope';

export interface LoadedGapReport {
  params: GapPageParams;
  cycles: CycleOption[];
  options: FilterOptions;
  summary: GapSummary | null;
  bySkill: GapPage<SkillGapRow> | null;
  byPerson: GapPage<PersonGapRow> | null;
  /**
   * Where the figures come from: live (computed for this request), a snapshot (`asOf`; `stale` when a new
   * one should be asked for), or `pending`: the organization is too large for a live organization-wide
   * report and its snapshot does not exist yet (the summary and pages are null then). `key` names the
   * snapshot, for the refresh request (lib/reports/gap-snapshot.ts).
   */
  source:
    | { kind: 'live' }
    | { kind: 'snapshot'; asOf: Date; stale: boolean; key: GapSnapshotKey }
    | { kind: 'pending'; key: GapSnapshotKey };
}

export interface LoadGapReportOptions {
  /** From how many member × skill pairs the unfiltered organization-wide view reads its snapshot. */
  snapshotMinPairs?: number;
  /** Now, for the staleness of a snapshot (tests). */
  now?: Date;
  /**
   * Whether the team filter's list is needed: not on a team's own gap page, whose path fixes the team (for an
   * admin the list is every team of the organization, most of what the page read from the database).
   */
  teamOptions?: boolean;
}

/**
 * Everything a gap report page shows. The caller has already authorized the
 * filters' team (or the whole organization); the queries apply the actor's
 * visibility again (lib/reports/gap-sql.ts `scopedMemberIds`).
 */
export async function loadGapReport(
  db: Db,
  actor: Actor,
  params: GapPageParams,
  { snapshotMinPairs = SNAPSHOT_MIN_PAIRS, now = new Date(), teamOptions = true }: LoadGapReportOptions = {},
): Promise<LoadedGapReport> {
  const { scope, cycles } = await resolveReportScope(db, actor, filtersOf(params));
  const resolved: GapPageParams = { ...params, cycle: scope?.cycleId };
  const options = await loadFilterOptions(db, actor, scope?.frameworkId ?? null, scope?.cycleId, {
    teams: teamOptions,
  });
  const live = { kind: 'live' } as const;
  if (!scope) return { params: resolved, cycles, options, summary: null, bySkill: null, byPerson: null, source: live };
  // The admin's unfiltered organization-wide view of a large organization: from its snapshot (gap-snapshot.ts).
  const key = snapshotKeyFor(actor, scope);
  if (key) {
    const { pairs, snapshot } = await readGapSnapshot(db, key, params);
    if (pairs >= snapshotMinPairs) {
      if (!snapshot) {
        return {
          params: resolved,
          cycles,
          options,
          summary: null,
          bySkill: null,
          byPerson: null,
          source: { kind: 'pending', key },
        };
      }
      const stale = now.getTime() - snapshot.computedAt.getTime() > SNAPSHOT_STALE_AFTER_MS;
      const { summary, bySkill, byPerson } = snapshot;
      const source = { kind: 'snapshot', asOf: snapshot.computedAt, stale, key } as const;
      return { params: resolved, cycles, options, summary, bySkill, byPerson, source };
    }
  }
  // Nested loops off only where the planner has no statistics (a fresh PGlite): there they are the quadratic trap
  // of gap-sql.ts; on an analysed server the default planner does as well, without the transaction and `set local`
  // around it (three statements of the page's budget, issue 23). One after another: a transaction holds PGlite's
  // single connection anyway.
  const run = batchRunner(await plannerHasStatistics(db));
  // The summary and the page in one statement over one evaluation of the gap CTEs (issue 23).
  const { summary, bySkill, byPerson } = await run(db, (tx) => loadGapReportTogether(tx, scope, params));
  return { params: resolved, cycles, options, summary, bySkill, byPerson, source: live };
}
