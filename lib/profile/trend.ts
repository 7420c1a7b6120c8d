import 'server-only';
import { z } from 'zod';
import { column, parseRows } from '@/db/rows';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import { assessmentCycles } from '@/db/schema';
import { cycleSubjectFilter } from '@/lib/cycles/current';
import type { ProfileScope } from './scope';
import { skillAxesSubquery, type AxisGrouping } from './skill-sections';

export interface TrendCycle {
  id: string;
  name: string;
  status: 'open' | 'closed';
}

export interface TrendData {
  /** Oldest first: the closed cycles the member rated in, then the current one. */
  cycles: TrendCycle[];
  /** One series per axis; `values[i]` is the mean self level in `cycles[i]` (null when nothing was rated). */
  series: { axis: string; values: (number | null)[] }[];
}

const trendRow = z.object({
  cycle_id: column.text,
  cycle_name: column.text,
  cycle_status: z.enum(['open', 'closed']),
  axis_id: column.text,
  axis_name: column.text,
  mean: column.nullableNumber,
});

/**
 * Mean self level per area or section per cycle, across the closed cycles of
 * this framework that apply to the member (organization-wide or one of their
 * teams) plus the current cycle. The averaging happens in SQL; JavaScript only
 * pivots the cycles × axes result.
 */
export async function loadTrend(db: Db, scope: ProfileScope, grouping: AxisGrouping): Promise<TrendData> {
  return parseTrend(await db.execute(trendSql(scope, grouping)));
}

/** The trend's statement (run alone by `loadTrend`, or beside the profile's others: lib/profile/profile-page.ts). */
export function trendSql(scope: ProfileScope, grouping: AxisGrouping): SQL {
  const { organizationId: org, membershipId, frameworkId, cycleId } = scope;
  return sql`
    with sk as materialized ${skillAxesSubquery(org, frameworkId, grouping)},
    axes as (
      select axis_id, min(axis_name) as axis_name, min(axis_order_1) as o1, min(axis_order_2) as o2
      from sk group by axis_id
    ),
    cycles as (
      select ${assessmentCycles.id} as id, ${assessmentCycles.name} as name, ${assessmentCycles.status} as status,
        ${assessmentCycles.opensOn} as opens_on
      from ${assessmentCycles}
      where ${cycleSubjectFilter({ organizationId: org, membershipId })}
        and ${assessmentCycles.frameworkId} = ${frameworkId}
        and (${assessmentCycles.status} = 'closed' or ${assessmentCycles.id} = ${cycleId})
    ),
    agg as (
      select r.cycle_id, sk.axis_id, avg(r.level) as mean
      from ratings r
      join sk on sk.skill_id = r.skill_id
      where r.organization_id = ${org}
        and r.membership_id = ${membershipId}
        and r.source = 'self'
        and r.level is not null
        and r.cycle_id in (select id from cycles)
      group by r.cycle_id, sk.axis_id
    )
    select
      c.id as cycle_id, c.name as cycle_name, c.status as cycle_status,
      a.axis_id, a.axis_name,
      round(agg.mean::numeric, 2)::float8 as mean
    from cycles c
    cross join axes a
    left join agg on agg.cycle_id = c.id and agg.axis_id = a.axis_id
    where c.id = ${cycleId} or exists (select 1 from agg x where x.cycle_id = c.id)
    order by c.opens_on, c.name, a.o1, a.o2, a.axis_name`;
}

/** The trend from its statement's rows (a `db.execute` result or the rows themselves). */
export function parseTrend(result: unknown): TrendData {
  const rows = parseRows(result, trendRow);

  const cycles: TrendCycle[] = [];
  const cycleIndex = new Map<string, number>();
  const series = new Map<string, { axis: string; values: (number | null)[] }>();
  for (const row of rows) {
    if (!cycleIndex.has(row.cycle_id)) {
      cycleIndex.set(row.cycle_id, cycles.length);
      cycles.push({ id: row.cycle_id, name: row.cycle_name, status: row.cycle_status });
    }
    if (!series.has(row.axis_id)) series.set(row.axis_id, { axis: row.axis_name, values: [] });
  }
  for (const row of rows) {
    const entry = series.get(row.axis_id);
    const index = cycleIndex.get(row.cycle_id);
    if (entry && index !== undefined) entry.values[index] = row.mean === null ? null : Number(row.mean);
  }
  return {
    cycles,
    series: [...series.values()].map((entry) => ({
      axis: entry.axis,
      values: cycles.map((_, index) => entry.values[index] ?? null),
    })),
  };
}
