/**
 * Sorting of the heatmap's rows and columns from search params. Pure and
 * small (≤ 50 members × ≤ 25 columns), so it runs on the already-aggregated
 * result instead of re-querying.
 */
import { z } from 'zod';
import type { Heatmap, HeatmapColumn, HeatmapMember } from './heatmap';

export const MEMBER_SORTS = ['name', 'level', 'gap'] as const;
export type MemberSort = (typeof MEMBER_SORTS)[number];
export const COLUMN_SORTS = ['framework', 'mean', 'gap'] as const;
export type ColumnSort = (typeof COLUMN_SORTS)[number];

export const memberSortSchema = z.enum(MEMBER_SORTS).catch('name');
export const columnSortSchema = z.enum(COLUMN_SORTS).catch('framework');

export const MEMBER_SORT_LABELS: Record<MemberSort, string> = {
  name: 'Name',
  level: 'Mean level (highest first)',
  gap: 'Total gap (largest first)',
};
export const COLUMN_SORT_LABELS: Record<ColumnSort, string> = {
  framework: 'Framework order',
  mean: 'Team mean (lowest first)',
  gap: 'Gap (largest first)',
};

/** Nulls (nothing rated) always go last, whatever the direction. */
function byNumber<T>(value: (item: T) => number | null, descending: boolean) {
  return (a: T, b: T) => {
    const x = value(a);
    const y = value(b);
    if (x === null && y === null) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return descending ? y - x : x - y;
  };
}

export function sortMembers(members: readonly HeatmapMember[], sort: MemberSort): HeatmapMember[] {
  const byName = (a: HeatmapMember, b: HeatmapMember) => a.name.localeCompare(b.name);
  const sorted = [...members];
  if (sort === 'name') return sorted.sort(byName);
  const compare =
    sort === 'level' ? byNumber<HeatmapMember>((m) => m.mean, true) : byNumber<HeatmapMember>((m) => m.gap, true);
  return sorted.sort((a, b) => compare(a, b) || byName(a, b));
}

export function sortColumns(columns: readonly HeatmapColumn[], sort: ColumnSort): HeatmapColumn[] {
  const byOrder = (a: HeatmapColumn, b: HeatmapColumn) => a.order - b.order;
  const sorted = [...columns];
  if (sort === 'framework') return sorted.sort(byOrder);
  const compare =
    sort === 'mean' ? byNumber<HeatmapColumn>((c) => c.teamMean, false) : byNumber<HeatmapColumn>((c) => c.gap, true);
  return sorted.sort((a, b) => compare(a, b) || byOrder(a, b));
}

export function sortHeatmap(heatmap: Heatmap, memberSort: MemberSort, columnSort: ColumnSort): Heatmap {
  return {
    ...heatmap,
    members: sortMembers(heatmap.members, memberSort),
    columns: sortColumns(heatmap.columns, columnSort),
  };
}
