/**
 * Precomputed trend figures (docs/decisions/0014-trend-aggregates.md): a closed cycle's sums and
 * counts per skill — for the organization (each person once) and for every team — and the gaps
 * closed between it and the cycle before, computed once when the cycle closes; the open cycle's
 * organization-wide figures as a snapshot, refreshed when read stale. lib/reports/trends.ts reads
 * them where they are valid and computes the rest live.
 *
 * The rows say what they were computed for (the cycle's status and `closed_at`, the earlier cycle of
 * the pair and its `closed_at`), so a reopened, re-closed or reordered cycle makes them outdated by
 * itself: the reader then ignores them and this job recomputes them.
 *
 * What counts is the live computation's rule (lib/reports/trends.ts): a level done in the cycle
 * (`doneSql`), a gap against the targets resolved when the figures are computed — for a closed
 * cycle, at its close: the targets are frozen with its numbers.
 *
 * Not `server-only`: the benchmark and the tests call it in-process.
 */
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { column, parseRows } from '@/db/rows';
import { doneSql } from '@/lib/assessments/completion-sql';
import { todayIso } from '@/lib/cycles/state';
import { defineJob, jobDatabase } from '@/lib/jobs/define-job';
import { enqueue } from '@/lib/jobs/enqueue';
import { resolvedTargetsCtes } from '@/lib/roles/resolve-targets';
import { batchRunner, plannerHasStatistics } from './gap-sql';

/** An open cycle's organization-wide snapshot older than this is recomputed when read (shown "as of" meanwhile). */
export const TREND_SNAPSHOT_MAX_AGE_MS = 10 * 60_000;

/**
 * Above this many memberships the organization-wide figures are not computed live while the page waits:
 * a pass over one cycle of a 10,000-member organization reads ~2.6 M ratings (1 s of index scan alone, the
 * gaps' join several more; docs/benchmarks.md). The page then says the figures are being prepared.
 */
export const TRENDS_LIVE_MEMBER_LIMIT = 2_000;

const cycleRow = z.object({
  id: column.text,
  framework_id: column.text,
  team_id: column.nullableText,
  status: z.enum(['open', 'closed']),
  valid: column.boolean,
  computed_at: column.nullableText,
});
type CycleRow = z.output<typeof cycleRow>;

/**
 * The cycle before `cycle` in the order lib/reports/trends.ts shows (opens_on, created_at, id) among
 * `cycles` — already in that order — restricted to the cycles a scope sees: the organization sees them
 * all; a team sees the organization-wide ones and its own.
 */
function previousIn(
  cycles: readonly CycleRow[],
  cycle: CycleRow,
  team: 'organization' | string | null,
): CycleRow | null {
  const seen = cycles.filter(
    (c) => team === 'organization' || c.team_id === null || c.team_id === team || c.id === cycle.id,
  );
  const at = seen.findIndex((c) => c.id === cycle.id);
  return at > 0 ? seen[at - 1]! : null;
}

/** A cycle's ratings done, as `(membership_id, skill_id, level)`, of the members and skills in the CTEs before. */
function doneRatings(org: string, cycleId: string | null): SQL {
  if (!cycleId) return sql`select null::uuid as membership_id, null::uuid as skill_id, null::int as level where false`;
  return sql`select r.membership_id, r.skill_id, r.level::int as level
    from ratings r
    where r.organization_id = ${org} and r.cycle_id = ${cycleId}
      and r.source = 'self' and r.level is not null and ${doneSql(sql`r`)}
      and r.membership_id in (select membership_id from rt_members)
      and r.skill_id in (select skill_id from rt_skills)`;
}

interface ScopeWrite {
  /** One row set with team_id null over every membership (each person once). */
  organization: boolean;
  /** And one row set per team (a member of two teams counts in both). */
  teams: readonly string[];
  prev: CycleRow | null;
}

/**
 * One statement: the skill rows and headers of one cycle for the organization and/or these teams, from one
 * pass over the members (the organization's, or the teams'). Per (member, skill) first — the
 * level done in the cycle, and whether the earlier cycle had a gap there and how it stood now — then
 * summed per skill (the organization: each person once) or per (team, skill) through team_members
 * (a member of two teams counts in both teams, once in the organization).
 */
function writeSql(org: string, frameworkId: string, cycle: CycleRow, scope: ScopeWrite): SQL {
  const prevId = scope.prev?.id ?? null;
  const members = scope.organization
    ? sql`select ms.id from memberships ms where ms.organization_id = ${org}`
    : sql`select tms.membership_id from team_members tms
        where tms.organization_id = ${org} and tms.team_id in (${sql.join(
          scope.teams.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`;
  const header = sql`${cycle.status}::cycle_status,
    (select c.closed_at from assessment_cycles c where c.organization_id = ${org} and c.id = ${cycle.id}),
    ${prevId}::uuid,
    (select c.closed_at from assessment_cycles c where c.organization_id = ${org} and c.id = ${prevId}::uuid)`;
  const head = sql`with ${resolvedTargetsCtes({ organizationId: org, frameworkId, memberships: members })},
    cur as materialized (${doneRatings(org, cycle.id)}),
    prv as materialized (${doneRatings(org, prevId)}),
    gap as (
      select g.membership_id, g.skill_id, g.level, t.target_level
      from prv g join rt_resolved t on t.membership_id = g.membership_id and t.skill_id = g.skill_id
                                   and t.target_level > g.level
    ),
    per_member as materialized (
      select coalesce(c.membership_id, g.membership_id) as membership_id,
             coalesce(c.skill_id, g.skill_id) as skill_id,
             c.level,
             g.membership_id is not null as gap,
             coalesce(c.level >= g.target_level, false) as closed,
             coalesce(c.level > g.level and c.level < g.target_level, false) as narrowed
      from cur c full join gap g on g.membership_id = c.membership_id and g.skill_id = c.skill_id
    )`;
  const sums = sql`coalesce(sum(pm.level), 0)::int, count(pm.level)::int,
    (count(*) filter (where pm.gap))::int, (count(*) filter (where pm.closed))::int,
    (count(*) filter (where pm.narrowed))::int`;
  const parts: SQL[] = [sql`raters as (select distinct membership_id from cur)`];
  if (scope.organization) {
    parts.push(sql`org_skills as (
        insert into trend_skill_figures
          (organization_id, cycle_id, team_id, skill_id, level_sum, level_count, gaps, closed, narrowed)
        select ${org}::uuid, ${cycle.id}::uuid, null, pm.skill_id, ${sums}
        from per_member pm group by pm.skill_id
        returning 1
      ),
      org_header as (
        insert into trend_cycle_figures
          (organization_id, cycle_id, team_id, cycle_status, cycle_closed_at, prev_cycle_id, prev_closed_at, raters)
        select ${org}::uuid, ${cycle.id}::uuid, null, ${header}, (select count(*) from raters)::int
        returning 1
      )`);
  }
  if (scope.teams.length > 0) {
    parts.push(sql`scope_teams (team_id) as (values ${sql.join(
      scope.teams.map((id) => sql`(${id}::uuid)`),
      sql`, `,
    )}),
      team_skills as (
        insert into trend_skill_figures
          (organization_id, cycle_id, team_id, skill_id, level_sum, level_count, gaps, closed, narrowed)
        select ${org}::uuid, ${cycle.id}::uuid, tm.team_id, pm.skill_id, ${sums}
        from per_member pm
        join team_members tm on tm.organization_id = ${org} and tm.membership_id = pm.membership_id
                            and tm.team_id in (select team_id from scope_teams)
        group by tm.team_id, pm.skill_id
        returning 1
      ),
      team_headers as (
        insert into trend_cycle_figures
          (organization_id, cycle_id, team_id, cycle_status, cycle_closed_at, prev_cycle_id, prev_closed_at, raters)
        select ${org}::uuid, ${cycle.id}::uuid, st.team_id, ${header},
               (select count(*) from team_members tm join raters ra on ra.membership_id = tm.membership_id
                where tm.organization_id = ${org} and tm.team_id = st.team_id)::int
        from scope_teams st
        returning 1
      )`);
  }
  // The inserts are data-modifying CTEs: PostgreSQL runs each exactly once whether or not it is read.
  return sql`${head}, ${sql.join(parts, sql`, `)} select 1`;
}

/**
 * Drops every figure of the cycles `changed` selects (`select id …`) and of the cycles whose pair starts
 * at one of them: all their headers and skill rows together (a header never outlives its skill rows).
 */
async function dropFigures(db: Db, org: string, changed: SQL): Promise<void> {
  await db.execute(sql`with changed as (${changed}),
    outdated as (
      select id as cycle_id from changed
      union
      select h.cycle_id from trend_cycle_figures h
      where h.organization_id = ${org} and h.prev_cycle_id in (select id from changed)
    ),
    headers as (
      delete from trend_cycle_figures
      where organization_id = ${org} and cycle_id in (select cycle_id from outdated)
      returning 1
    )
    delete from trend_skill_figures
    where organization_id = ${org} and cycle_id in (select cycle_id from outdated)`);
}

/** Drops a cycle's figures and those of every pair it is the earlier cycle of (a reopen: its numbers move again). */
export async function dropTrendFigures(db: Db, organizationId: string, cycleId: string): Promise<void> {
  await dropFigures(db, organizationId, sql`select ${cycleId}::uuid as id`);
}

/**
 * Drops the figures a member's self ratings are part of (their erasure: the only way a closed cycle's
 * ratings change): every cycle they rated in and the pairs those cycles start. The job recomputes them.
 */
export async function dropTrendFiguresOfMember(db: Db, organizationId: string, membershipId: string): Promise<void> {
  const org = organizationId;
  await dropFigures(
    db,
    org,
    sql`select c.id from assessment_cycles c
      where c.organization_id = ${org}
        and exists (select 1 from ratings r where r.organization_id = ${org} and r.cycle_id = c.id
                    and r.membership_id = ${membershipId} and r.source = 'self')`,
  );
}

/**
 * (Re)computes one cycle's figures: organization-wide, and for a closed cycle per team as well (every team
 * for an organization-wide cycle, its own team for a team cycle). One transaction: readers see the old
 * rows or the new ones.
 */
async function computeCycle(db: Db, org: string, cycles: readonly CycleRow[], cycle: CycleRow): Promise<void> {
  const closedPrev = (prev: CycleRow | null) => (prev?.status === 'closed' ? prev : null);
  const run = batchRunner(await plannerHasStatistics(db));
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    await t.execute(sql`delete from trend_cycle_figures where organization_id = ${org} and cycle_id = ${cycle.id}`);
    await t.execute(sql`delete from trend_skill_figures where organization_id = ${org} and cycle_id = ${cycle.id}`);
    const orgPrev = closedPrev(previousIn(cycles, cycle, 'organization'));
    // An open cycle's teams are small enough to compute live (and change under the reader): no team rows.
    const teamIds =
      cycle.status !== 'closed'
        ? []
        : cycle.team_id
          ? [cycle.team_id]
          : parseRows(
              await t.execute(sql`select id from teams where organization_id = ${org} order by id`),
              z.object({ id: column.text }),
            ).map((row) => row.id);
    // Teams whose previous cycle is the same are written by one statement (usually all of them: team cycles
    // are rare); those sharing the organization's are written with it, from the same member × skill pass.
    const byPrev = new Map<string, string[]>([[orgPrev?.id ?? '', []]]);
    for (const team of teamIds) {
      const key = closedPrev(previousIn(cycles, cycle, team))?.id ?? '';
      byPrev.set(key, [...(byPrev.get(key) ?? []), team]);
    }
    for (const [prevId, teams] of byPrev) {
      const organization = prevId === (orgPrev?.id ?? '');
      const prev = cycles.find((c) => c.id === prevId) ?? null;
      await run(t, (q) => q.execute(writeSql(org, cycle.framework_id, cycle, { organization, teams, prev })));
    }
  });
}

export interface RefreshResult {
  /** Cycles whose figures were (re)computed, with the milliseconds each took. */
  computed: { cycleId: string; status: 'open' | 'closed'; ms: number }[];
}

/**
 * Brings an organization's trend figures up to date: every closed cycle without valid figures (a backfill,
 * a re-close, a new order), and the organization-wide snapshot of every open cycle that has begun when it
 * is older than `maxAgeMs`. What the job runs; idempotent.
 */
export async function refreshTrendAggregates(
  db: Db,
  organizationId: string,
  {
    maxAgeMs = 60_000,
    liveMemberLimit = TRENDS_LIVE_MEMBER_LIMIT,
  }: { maxAgeMs?: number; liveMemberLimit?: number } = {},
): Promise<RefreshResult> {
  const org = organizationId;
  // Each cycle with whether its organization-wide header is still valid for it: same status and close,
  // and (for the pair) the earlier cycle it was computed against still closed as it was then.
  const cycles = parseRows(
    await db.execute(sql`
      select c.id, c.framework_id, c.team_id, c.status,
             coalesce(h.cycle_status = c.status and h.cycle_closed_at is not distinct from c.closed_at
                      and (h.prev_cycle_id is null or (p.status = 'closed'
                           and h.prev_closed_at is not distinct from p.closed_at)), false) as valid,
             h.prev_cycle_id::text as prev_cycle_id,
             to_char(h.computed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as computed_at
      from assessment_cycles c
      left join trend_cycle_figures h on h.organization_id = c.organization_id and h.cycle_id = c.id and h.team_id is null
      left join assessment_cycles p on p.organization_id = h.organization_id and p.id = h.prev_cycle_id
      where c.organization_id = ${org} and (c.status = 'closed' or c.opens_on <= ${todayIso()})
      order by c.opens_on, c.created_at, c.id`),
    cycleRow.extend({ prev_cycle_id: column.nullableText }),
  );
  const computed: RefreshResult['computed'] = [];
  // A smaller organization's open cycle is read live (fresh, and cheap): no snapshot to keep, and none left behind.
  const snapshots = (await organizationMembers(db, org)) > liveMemberLimit;
  if (!snapshots) {
    await db.execute(sql`with gone as (
        delete from trend_cycle_figures where organization_id = ${org} and cycle_status = 'open' returning cycle_id
      )
      delete from trend_skill_figures where organization_id = ${org} and cycle_id in (select cycle_id from gone)`);
  }
  for (const cycle of cycles) {
    if (cycle.status !== 'closed' && !snapshots) continue;
    const inFramework = cycles.filter((c) => c.framework_id === cycle.framework_id);
    const expectedPrev = previousIn(inFramework, cycle, 'organization');
    const expectedPrevId = expectedPrev?.status === 'closed' ? expectedPrev.id : null;
    const current = cycle.valid && cycle.prev_cycle_id === expectedPrevId;
    const fresh = current && cycle.computed_at !== null && Date.now() - Date.parse(cycle.computed_at) < maxAgeMs;
    if (cycle.status === 'closed' ? current : fresh) continue;
    const at = performance.now();
    await computeCycle(db, org, inFramework, cycle);
    computed.push({ cycleId: cycle.id, status: cycle.status, ms: Math.round(performance.now() - at) });
  }
  return { computed };
}

/** How many memberships the organization has (one index-only count): whether a live organization-wide pass fits. */
export async function organizationMembers(db: Db, organizationId: string): Promise<number> {
  const [row] = parseRows(
    await db.execute(sql`select count(*)::int as n from memberships where organization_id = ${organizationId}`),
    z.object({ n: column.number }),
  );
  return Number(row?.n ?? 0);
}

export const trendAggregatesJob = defineJob({
  name: 'trends.aggregate',
  payload: z.object({ organizationId: z.uuid() }),
  handler: async ({ organizationId }, context) => {
    const db = await jobDatabase(context)();
    await refreshTrendAggregates(db, organizationId);
  },
});

/** Asks for a refresh; one waiting per organization (a close and a stale read at once make one job). */
export async function requestTrendAggregates(db: Db, organizationId: string): Promise<void> {
  await enqueue(db, trendAggregatesJob, { organizationId }, { singletonKey: organizationId });
}

// ---------------------------------------------------------------- reading (lib/reports/trends.ts)

/** The organization (team_id null) or these teams' rows, summed: exact while no member is in two of them. */
export type AggregateScope = 'organization' | readonly string[];

function teamFilter(scope: AggregateScope, column: SQL): SQL {
  if (scope === 'organization') return sql`${column} is null`;
  if (scope.length === 0) return sql`false`;
  return sql`${column} in (${sql.join(
    scope.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;
}

const headerRow = z.object({
  cycle_id: column.text,
  team_id: column.nullableText,
  prev_cycle_id: column.nullableText,
  raters: column.number,
  valid: column.boolean,
  prev_valid: column.boolean,
  computed_at: column.text,
  overlap: column.boolean,
});
export type AggregateHeader = z.output<typeof headerRow>;

/**
 * The headers of these cycles for the scope, each with whether it still fits its cycle (`valid`) and the
 * earlier cycle of its pair (`prev_valid`), and whether two of the scope's teams share a member (`overlap`:
 * then team rows cannot be summed).
 */
export async function readAggregateHeaders(
  db: Db,
  organizationId: string,
  scope: AggregateScope,
  cycleIds: readonly string[],
): Promise<AggregateHeader[]> {
  const org = organizationId;
  if (cycleIds.length === 0 || (scope !== 'organization' && scope.length === 0)) return [];
  const overlap =
    scope === 'organization' || scope.length < 2
      ? sql`false`
      : sql`exists (select 1 from team_members tm where tm.organization_id = ${org} and ${teamFilter(scope, sql`tm.team_id`)}
                    group by tm.membership_id having count(*) > 1)`;
  return parseRows(
    await db.execute(sql`
      select h.cycle_id::text as cycle_id, h.team_id::text as team_id, h.prev_cycle_id::text as prev_cycle_id, h.raters,
             (h.cycle_status = c.status and h.cycle_closed_at is not distinct from c.closed_at) as valid,
             coalesce(p.status = 'closed' and h.prev_closed_at is not distinct from p.closed_at, false) as prev_valid,
             to_char(h.computed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as computed_at,
             ${overlap} as overlap
      from trend_cycle_figures h
      join assessment_cycles c on c.organization_id = h.organization_id and c.id = h.cycle_id
      left join assessment_cycles p on p.organization_id = h.organization_id and p.id = h.prev_cycle_id
      where h.organization_id = ${org}
        and h.cycle_id in (${sql.join(
          cycleIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})
        and ${teamFilter(scope, sql`h.team_id`)}`),
    headerRow,
  );
}

/**
 * The figures statement's rows (lib/reports/trends.ts `trendFiguresSql`, same columns) from the skill rows:
 * means per area and section of `cycleIds`, gaps per area of the pairs ending in `pairs`' later cycles.
 * Sums over the scope's rows per skill first, so a manager's teams add up before the means divide.
 */
export function aggregateFiguresSql(
  organizationId: string,
  skillSections: SQL,
  scope: AggregateScope,
  cycleIds: readonly string[],
  pairs: readonly (readonly [string, string])[],
): SQL {
  const org = organizationId;
  const all = [...new Set([...cycleIds, ...pairs.map(([, to]) => to)])];
  const list = (ids: readonly string[]) =>
    ids.length
      ? sql.join(
          ids.map((id) => sql`${id}::uuid`),
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
    with sk as materialized ${skillSections},
    pairs (prev_id, cycle_id) as (values ${pairValues}),
    f as (
      select f.cycle_id, f.skill_id, sum(f.level_sum)::float8 as total, sum(f.level_count) as n,
             sum(f.gaps) as gaps, sum(f.closed) as closed, sum(f.narrowed) as narrowed
      from trend_skill_figures f
      where f.organization_id = ${org} and f.cycle_id in (${list(all)}) and ${teamFilter(scope, sql`f.team_id`)}
      group by f.cycle_id, f.skill_id
    )
    select case when grouping(sk.section_id) = 0 then 'section' else 'area' end as kind,
           f.cycle_id::text as cycle_id, null::text as prev_id,
           coalesce(sk.section_id, sk.area_id)::text as axis_id,
           case when grouping(sk.section_id) = 0 then min(sk.section_name) else min(sk.area_name) end as axis_name,
           min(sk.area_name) as area_name,
           min(sk.area_position)::int as o1, min(sk.section_position)::int as o2,
           round((sum(f.total) / sum(f.n))::numeric, 2)::float8 as mean, sum(f.n)::int as n,
           null::int as closed, null::int as narrowed
    from f join sk on sk.skill_id = f.skill_id
    where f.n > 0 and f.cycle_id in (${list(cycleIds)})
    group by grouping sets ((f.cycle_id, sk.area_id), (f.cycle_id, sk.area_id, sk.section_id))
    union all
    select 'gaps', f.cycle_id::text, p.prev_id::text, sk.area_id::text, min(sk.area_name), min(sk.area_name),
           min(sk.area_position)::int, null, null,
           sum(f.gaps)::int, sum(f.closed)::int, sum(f.narrowed)::int
    from f join pairs p on p.cycle_id = f.cycle_id join sk on sk.skill_id = f.skill_id
    where f.gaps > 0
    group by f.cycle_id, p.prev_id, sk.area_id`;
}
