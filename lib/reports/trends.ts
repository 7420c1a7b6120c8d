/**
 * Trends across the organization (issue 18): the average self level per area
 * and per section in each cycle of one framework, and the gaps closed between
 * consecutive cycles — for an admin over the whole organization, for a
 * manager over the members of the teams they manage (the visibility filters
 * of lib/auth/authorize.ts), optionally one team.
 *
 * What counts, and why:
 * - A level counts in a cycle only when it is done there (lib/assessments/completion.ts
 *   `doneSql`: rated, or carried over and confirmed). A carried-over value nobody
 *   confirmed would repeat the last cycle's number and flatten the trend.
 * - A gap is target − level > 0 in cycle N, against today's resolved targets
 *   (lib/roles/resolve-targets.ts: targets are not versioned per cycle). In cycle N+1
 *   the same member and skill is *closed* when the level done there reaches the
 *   target, *narrowed* when it rose without reaching it, and still open otherwise
 *   (also when it was not rated or confirmed in N+1).
 *
 * The work is two statements whatever the number of cycles or members: the
 * framework and its cycles (a few rows), then one grouped statement over the
 * ratings of those cycles (grouping sets for areas and sections, a self-join of
 * consecutive cycles for the gaps). The ratings are read through the partial
 * covering index `ratings_done_level_idx` (db/schema.ts).
 *
 * Not `server-only`: the benchmark (scripts/bench/trends.ts) calls it in-process.
 */
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { column, parseRows } from '@/db/rows';
import { isAdmin, visibleTeamIds, type Actor } from '@/lib/auth/authorize';
import { doneSql } from '@/lib/assessments/completion-sql';
import { todayIso } from '@/lib/cycles/state';
import { skillSectionsSubquery } from '@/lib/profile/skill-sections';
import { resolvedTargetsCtes } from '@/lib/roles/resolve-targets';
import { batchRunner, plannerHasStatistics } from './gap-sql';
import {
  aggregateFiguresSql,
  organizationMembers,
  readAggregateHeaders,
  TREND_SNAPSHOT_MAX_AGE_MS,
  TRENDS_LIVE_MEMBER_LIMIT,
  type AggregateScope,
} from './trend-aggregates';

export const trendsQuery = z.object({
  framework: z.uuid('Choose a framework from the list.').optional(),
  team: z.uuid('Choose a team from the list.').optional(),
});
export type TrendsQuery = z.infer<typeof trendsQuery>;

export interface TrendCycleColumn {
  id: string;
  name: string;
  status: 'open' | 'closed';
  /** The team a team cycle belongs to; null for an organization-wide cycle. */
  teamName: string | null;
  /** Members in scope with at least one level done in the cycle. */
  raters: number;
  /** An open cycle's figures read from its organization-wide snapshot: when it was computed (ISO); null when live. */
  asOf: string | null;
  /** Its figures are not computed yet (a large organization before the first refresh): shown as being prepared. */
  pending: boolean;
}

export interface TrendSeries {
  id: string;
  name: string;
  /** The area a section belongs to (the area's own name for an area). */
  areaName: string;
  /** `values[i]`: the mean level done in `cycles[i]`, two decimals; null when nothing was rated there. */
  values: (number | null)[];
}

export interface GapsClosed {
  fromCycleId: string;
  toCycleId: string;
  /** Label "2026 Q2 → 2026 Q4". */
  label: string;
  /** Gaps (target above the level) in the earlier cycle. */
  gaps: number;
  /** Of those, at or above target in the later cycle. */
  closed: number;
  /** Of those, a higher level in the later cycle, still below target. */
  narrowed: number;
}

export interface GapsClosedTotal extends GapsClosed {
  /** Not computed yet (see `TrendCycleColumn.pending`): the counts are 0 until they are. */
  pending: boolean;
}

export interface GapsClosedByArea extends GapsClosed {
  areaId: string;
  areaName: string;
}

export interface OrganizationTrends {
  frameworks: { id: string; name: string }[];
  teams: { id: string; name: string }[];
  /** The framework shown: the requested one, else the framework of the latest cycle. */
  frameworkId: string | null;
  /** The team the figures are limited to, when one was asked for (and may be seen). */
  teamId: string | null;
  maxLevel: number;
  /** Oldest first: the framework's open (not scheduled) and closed cycles in scope. */
  cycles: TrendCycleColumn[];
  areas: TrendSeries[];
  sections: TrendSeries[];
  /** One entry per pair of consecutive cycles, oldest first. */
  gapsClosed: GapsClosedTotal[];
  gapsClosedByArea: GapsClosedByArea[];
  /**
   * Some figures were computed live, pending or read from a stale snapshot: the page asks for the
   * precomputed ones (lib/reports/trend-aggregates.ts `requestTrendAggregates`) after it answers.
   */
  refresh: boolean;
}

const optionRow = z.object({ kind: z.enum(['framework', 'team']), id: column.text, name: column.text });
const cycleRow = z.object({
  id: column.text,
  name: column.text,
  status: z.enum(['open', 'closed']),
  team_name: column.nullableText,
  framework_id: column.text,
  max_level: column.number,
});
const figureRow = z.object({
  kind: z.enum(['area', 'section', 'raters', 'gaps']),
  cycle_id: column.text,
  prev_id: column.nullableText,
  axis_id: column.nullableText,
  axis_name: column.nullableText,
  area_name: column.nullableText,
  o1: column.nullableNumber,
  o2: column.nullableNumber,
  mean: column.nullableNumber,
  n: column.number,
  closed: column.nullableNumber,
  narrowed: column.nullableNumber,
});

/** The teams whose members a non-admin's trends cover: the teams they manage. */
function scopeTeamIds(actor: Actor): SQL {
  return visibleTeamIds(actor, 'individuals');
}

/**
 * The memberships whose ratings count, as a one-column subquery: an admin's
 * whole organization (deactivated members included: their past ratings are
 * history), a manager's managed teams, or the one team asked for.
 */
export function trendMemberIds(actor: Actor, teamId: string | null): SQL {
  const org = actor.membership.organizationId;
  if (teamId) {
    return sql`select tms.membership_id from team_members tms
      where tms.organization_id = ${org} and tms.team_id = ${teamId} and tms.team_id in (${scopeTeamIds(actor)})`;
  }
  if (isAdmin(actor)) return sql`select ms.id from memberships ms where ms.organization_id = ${org}`;
  return sql`select tms.membership_id from team_members tms
    where tms.organization_id = ${org} and tms.team_id in (${scopeTeamIds(actor)})`;
}

/**
 * The cycles in scope: organization-wide ones and those of the teams in scope;
 * open (and started) or closed — a scheduled cycle has no ratings yet.
 */
function cycleScope(actor: Actor, teamId: string | null): SQL {
  const org = actor.membership.organizationId;
  const teams = teamId ? sql`select ${teamId}::uuid` : scopeTeamIds(actor);
  return sql`c.organization_id = ${org}
    and (c.team_id is null or c.team_id in (${teams}))
    and (c.status = 'closed' or c.opens_on <= ${todayIso()})`;
}

/**
 * The figures statement: every mean (area and section per cycle), the raters per cycle and the gaps
 * of each cycle closed or narrowed in the next, for the cycles given oldest first. Exported for
 * scripts/bench/trends.ts, which EXPLAINs it.
 */
export function trendFiguresSql(
  actor: Actor,
  frameworkId: string,
  teamId: string | null,
  cycleIds: readonly string[],
  // The pairs whose gaps to count: by default each cycle and the one before it.
  pairs: readonly (readonly [string, string])[] = consecutivePairs(cycleIds),
): SQL {
  const org = actor.membership.organizationId;
  const members = trendMemberIds(actor, teamId);
  const read = [...new Set([...cycleIds, ...pairs.flat()])];
  const own = cycleIds.length
    ? sql.join(
        cycleIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )
    : sql`null::uuid`;
  const pairValues = pairs.length
    ? sql.join(
        pairs.map(([from, to]) => sql`(${from}::uuid, ${to}::uuid)`),
        sql`, `,
      )
    : sql`(null::uuid, null::uuid)`;
  return sql`
      with sk as materialized ${skillSectionsSubquery(org, frameworkId)},
      ${resolvedTargetsCtes({ organizationId: org, frameworkId, memberships: members })},
      done as materialized (
        select r.cycle_id, r.membership_id, r.skill_id, r.level
        from ratings r
        where r.organization_id = ${org}
          and r.cycle_id in (${sql.join(
            read.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})
          and r.source = 'self' and r.level is not null and ${doneSql(sql`r`)}
          and r.membership_id in (select membership_id from rt_members)
          and r.skill_id in (select skill_id from sk)
      ),
      pairs (prev_id, cycle_id) as (values ${pairValues}),
      -- Where each member stood on each skill in both cycles of a pair, in one grouping pass. Not a join of
      -- done to itself: the planner estimates a cycle's share of a CTE at a few dozen rows (it has no
      -- statistics for it), and at thousands the nested loop it chose read done once per rating (12 s for
      -- one team of 50 in the 10,000-member benchmark; 0.1 s this way).
      pair_levels as (
        select p.cycle_id, p.prev_id, d.membership_id, d.skill_id,
               max(d.level) filter (where d.cycle_id = p.prev_id) as prev_level,
               max(d.level) filter (where d.cycle_id = p.cycle_id) as next_level
        from pairs p
        join done d on d.cycle_id = p.prev_id or d.cycle_id = p.cycle_id
        group by p.cycle_id, p.prev_id, d.membership_id, d.skill_id
      ),
      -- Each gap of an earlier cycle and where it stood in the next, counted per skill first: grouping
      -- a few thousand (cycle, skill) rows by area is cheap, sorting every rating by area name was not.
      -- A pair rated only in the later cycle has no earlier level, so no gap (null > anything is not true).
      gap_skills as (
        select g.cycle_id, g.prev_id, g.skill_id, count(*) as n,
               count(*) filter (where g.next_level >= t.target_level) as closed,
               count(*) filter (where g.next_level > g.prev_level and g.next_level < t.target_level) as narrowed
        from pair_levels g
        join rt_resolved t on t.membership_id = g.membership_id and t.skill_id = g.skill_id
                          and t.target_level > g.prev_level
        group by g.cycle_id, g.prev_id, g.skill_id
      ),
      -- The same for the means: sums per (cycle, skill), then rolled up by area and section.
      per_skill as (
        select d.cycle_id, d.skill_id, sum(d.level)::float8 as total, count(*) as n
        from done d where d.cycle_id in (${own}) group by d.cycle_id, d.skill_id
      )
      select case when grouping(sk.section_id) = 0 then 'section' else 'area' end as kind,
             ps.cycle_id::text as cycle_id, null::text as prev_id,
             coalesce(sk.section_id, sk.area_id)::text as axis_id,
             case when grouping(sk.section_id) = 0 then min(sk.section_name) else min(sk.area_name) end as axis_name,
             min(sk.area_name) as area_name,
             min(sk.area_position)::int as o1, min(sk.section_position)::int as o2,
             round((sum(ps.total) / sum(ps.n))::numeric, 2)::float8 as mean, sum(ps.n)::int as n,
             null::int as closed, null::int as narrowed
      from per_skill ps join sk on sk.skill_id = ps.skill_id
      group by grouping sets ((ps.cycle_id, sk.area_id), (ps.cycle_id, sk.area_id, sk.section_id))
      union all
      select 'raters', x.cycle_id::text, null, null, null, null, null, null, null, count(*)::int, null, null
      from (select distinct d.cycle_id, d.membership_id from done d where d.cycle_id in (${own})) x
      group by x.cycle_id
      union all
      select 'gaps', gs.cycle_id::text, gs.prev_id::text, sk.area_id::text, min(sk.area_name), min(sk.area_name),
             min(sk.area_position)::int, null, null,
             sum(gs.n)::int, sum(gs.closed)::int, sum(gs.narrowed)::int
      from gap_skills gs join sk on sk.skill_id = gs.skill_id
      group by gs.cycle_id, gs.prev_id, sk.area_id`;
}

/** Each cycle and the one before it, oldest first: [earlier, later]. */
function consecutivePairs(cycleIds: readonly string[]): [string, string][] {
  return cycleIds.slice(1).map((id, index) => [cycleIds[index]!, id]);
}

const EMPTY: Omit<OrganizationTrends, 'frameworks' | 'teams' | 'frameworkId' | 'teamId'> = {
  maxLevel: 4,
  cycles: [],
  areas: [],
  sections: [],
  gapsClosed: [],
  gapsClosedByArea: [],
  refresh: false,
};

export async function loadOrganizationTrends(
  db: Db,
  actor: Actor,
  query: TrendsQuery = {},
  // Above this many members the organization-wide figures are never computed live (tests lower it).
  { liveMemberLimit = TRENDS_LIVE_MEMBER_LIMIT }: { liveMemberLimit?: number } = {},
): Promise<OrganizationTrends> {
  const org = actor.membership.organizationId;

  // Statement 1: the pickers' options and the cycles of every framework in scope (a few rows).
  const options = parseRows(
    await db.execute(sql`
      select 'framework' as kind, f.id, f.name from frameworks f
      where f.organization_id = ${org}
        and exists (select 1 from assessment_cycles c where c.framework_id = f.id and ${cycleScope(actor, null)})
      union all
      select 'team' as kind, t.id, t.name from teams t
      where t.organization_id = ${org} and t.id in (${scopeTeamIds(actor)})
      order by kind, name, id`),
    optionRow,
  );
  const frameworks = options.filter((o) => o.kind === 'framework').map(({ id, name }) => ({ id, name }));
  const teams = options.filter((o) => o.kind === 'team').map(({ id, name }) => ({ id, name }));
  // A team or framework that is not among the reader's options is ignored, as a page treats a stale URL.
  const teamId = query.team && teams.some((t) => t.id === query.team) ? query.team : null;

  const cycleRows = parseRows(
    await db.execute(sql`
      select c.id, c.name, c.status, t.name as team_name, c.framework_id,
             coalesce((select max(pl.level) from proficiency_levels pl
                       where pl.organization_id = c.organization_id and pl.framework_id = c.framework_id), 4)::int
               as max_level
      from assessment_cycles c
      left join teams t on t.organization_id = c.organization_id and t.id = c.team_id
      where ${cycleScope(actor, teamId)}
      order by c.opens_on, c.created_at, c.id`),
    cycleRow,
  );
  const latest = cycleRows.at(-1);
  const frameworkId =
    query.framework && frameworks.some((f) => f.id === query.framework)
      ? query.framework
      : (latest?.framework_id ?? null);
  const inFramework = cycleRows.filter((row) => row.framework_id === frameworkId);
  const base = { frameworks, teams, frameworkId, teamId };
  if (!frameworkId || inFramework.length === 0) return { ...base, ...EMPTY };

  const cycles: TrendCycleColumn[] = inFramework.map((row) => ({
    id: row.id,
    name: row.name,
    status: row.status,
    teamName: row.team_name,
    raters: 0,
    asOf: null,
    pending: false,
  }));
  const maxLevel = Number(inFramework[0]!.max_level);
  const cycleIds = cycles.map((c) => c.id);
  const pairs = consecutivePairs(cycleIds);

  // Statement 3: the precomputed figures' headers (lib/reports/trend-aggregates.ts). A closed cycle's are read
  // for the organization or the teams in scope; an open cycle's organization-wide snapshot is shown "as of".
  const scope: AggregateScope =
    isAdmin(actor) && !teamId ? 'organization' : teamId ? [teamId] : teams.map((team) => team.id);
  const units = scope === 'organization' ? [null] : scope;
  const headers = await readAggregateHeaders(db, org, scope, cycleIds);
  const overlap = headers.some((h) => h.overlap);
  const headerOf = new Map(headers.map((h) => [`${h.cycle_id}/${h.team_id ?? ''}`, h]));
  const unitHeaders = (cycleId: string) => units.map((unit) => headerOf.get(`${cycleId}/${unit ?? ''}`));
  let refresh = false;
  const fromAggregates = cycles.map((cycle) => {
    const found = unitHeaders(cycle.id);
    const usable =
      units.length > 0 &&
      !overlap &&
      (cycle.status === 'closed' || scope === 'organization') &&
      found.every((h) => h?.valid === true);
    if (usable && cycle.status === 'open') {
      const computedAt = found[0]!.computed_at;
      cycle.asOf = computedAt;
      if (Date.now() - Date.parse(computedAt) > TREND_SNAPSHOT_MAX_AGE_MS) refresh = true;
    }
    if (usable) cycle.raters = found.reduce((sum, h) => sum + Number(h!.raters), 0);
    // A closed cycle the job has not computed yet (a backfill, a re-close): ask for it. A team's missing rows
    // are not asked for: a team made after the close reads live, which is cheap at a team's size.
    if (!usable && cycle.status === 'closed' && scope === 'organization') refresh = true;
    return usable;
  });
  const pairFromAggregates = pairs.map(
    ([from, to], index) =>
      fromAggregates[index + 1]! && unitHeaders(to).every((h) => h?.prev_cycle_id === from && h.prev_valid),
  );
  const aggregateCycles = cycleIds.filter((_, index) => fromAggregates[index]);
  const aggregatePairs = pairs.filter((_, index) => pairFromAggregates[index]);
  let liveCycles = cycleIds.filter((_, index) => !fromAggregates[index]);
  let livePairs = pairs.filter((_, index) => !pairFromAggregates[index]);
  const pendingPairs = new Set<string>();
  if (liveCycles.length + livePairs.length > 0) {
    // The whole organization live is seconds to minutes at scale: past the limit, the figures not precomputed
    // yet are shown as being prepared (the job is asked for) instead of keeping the page waiting.
    if (scope === 'organization' && (await organizationMembers(db, org)) > liveMemberLimit) {
      for (const cycle of cycles) if (liveCycles.includes(cycle.id)) cycle.pending = true;
      for (const [, to] of livePairs) pendingPairs.add(to);
      liveCycles = [];
      livePairs = [];
      refresh = true;
    }
  }

  // Statement 4: the precomputed figures, summed per skill and grouped in the database.
  const figures =
    aggregateCycles.length + aggregatePairs.length > 0
      ? parseRows(
          await db.execute(
            aggregateFiguresSql(org, skillSectionsSubquery(org, frameworkId), scope, aggregateCycles, aggregatePairs),
          ),
          figureRow,
        )
      : [];
  // Statement 5 (only for what is not precomputed): every other figure, live. Without planner statistics
  // (a fresh PGlite: dev, tests) nested loops over the CTEs are the quadratic trap lib/reports/gap-sql.ts
  // describes; the same remedy.
  if (liveCycles.length + livePairs.length > 0) {
    const run = batchRunner(await plannerHasStatistics(db));
    const live = await run(db, async (tx) =>
      parseRows(await tx.execute(trendFiguresSql(actor, frameworkId, teamId, liveCycles, livePairs)), figureRow),
    );
    figures.push(...live);
  }

  const index = new Map(cycleIds.map((id, i) => [id, i]));
  const series = (kind: 'area' | 'section') => {
    const byAxis = new Map<string, TrendSeries & { o1: number; o2: number }>();
    for (const row of figures) {
      if (row.kind !== kind || !row.axis_id) continue;
      let entry = byAxis.get(row.axis_id);
      if (!entry) {
        entry = {
          id: row.axis_id,
          name: row.axis_name ?? '',
          areaName: row.area_name ?? '',
          values: cycleIds.map(() => null),
          o1: Number(row.o1 ?? 0),
          o2: Number(row.o2 ?? 0),
        };
        byAxis.set(row.axis_id, entry);
      }
      const at = index.get(row.cycle_id);
      if (at !== undefined) entry.values[at] = row.mean === null ? null : Number(row.mean);
    }
    return [...byAxis.values()]
      .sort((a, b) => a.o1 - b.o1 || a.o2 - b.o2 || a.name.localeCompare(b.name))
      .map(({ o1: _o1, o2: _o2, ...rest }) => rest);
  };
  for (const row of figures) {
    const at = row.kind === 'raters' ? index.get(row.cycle_id) : undefined;
    if (at !== undefined) cycles[at]!.raters = Number(row.n);
  }
  const nameOf = (id: string) => cycles[index.get(id) ?? -1]?.name ?? '';
  const gapsClosedByArea: GapsClosedByArea[] = figures
    .filter((row) => row.kind === 'gaps' && row.prev_id)
    .map((row) => ({
      fromCycleId: row.prev_id!,
      toCycleId: row.cycle_id,
      label: `${nameOf(row.prev_id!)} → ${nameOf(row.cycle_id)}`,
      areaId: row.axis_id ?? '',
      areaName: row.axis_name ?? '',
      gaps: Number(row.n),
      closed: Number(row.closed ?? 0),
      narrowed: Number(row.narrowed ?? 0),
      order: Number(row.o1 ?? 0),
    }))
    .sort((a, b) => (index.get(a.toCycleId) ?? 0) - (index.get(b.toCycleId) ?? 0) || a.order - b.order)
    .map(({ order: _order, ...rest }) => rest);
  const gapsClosed: GapsClosedTotal[] = pairs.map(([from, to]) => {
    const parts = gapsClosedByArea.filter((row) => row.toCycleId === to && row.fromCycleId === from);
    return {
      fromCycleId: from,
      toCycleId: to,
      pending: pendingPairs.has(to),
      label: `${nameOf(from)} → ${nameOf(to)}`,
      gaps: parts.reduce((sum, part) => sum + part.gaps, 0),
      closed: parts.reduce((sum, part) => sum + part.closed, 0),
      narrowed: parts.reduce((sum, part) => sum + part.narrowed, 0),
    };
  });
  return {
    ...base,
    maxLevel,
    cycles,
    areas: series('area'),
    sections: series('section'),
    gapsClosed,
    gapsClosedByArea,
    refresh,
  };
}
