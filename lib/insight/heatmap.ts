import 'server-only';
import { z } from 'zod';
import { column, parseRows } from '@/db/rows';
import type { Db } from '@/db';
import { heatmapQuery, sectionAndAreaHeatmapQuery, type HeatmapGrouping, type HeatmapScope } from './heatmap-query';

export type { HeatmapGrouping, HeatmapScope } from './heatmap-query';

/** One member × column: plain data, so it can cross into client charts. */
export interface HeatmapCell {
  /** Mean level over the rated skills; null when none has a level. */
  mean: number | null;
  /** Skills with a level. */
  rated: number;
  /** Skills marked not applicable. */
  na: number;
  /** Mean resolved target over the skills that have one; null when none. */
  target: number | null;
  /** Sum of max(0, target − level) over skills with both; null when none. */
  gap: number | null;
}

export interface HeatmapColumn {
  id: string;
  /** The node's stable key, for readable drill-down URLs. */
  key: string;
  name: string;
  /** Framework order, 1-based. */
  order: number;
  /** Mean of the members' means; null when nobody rated. */
  teamMean: number | null;
  /** Members with a mean in this column. */
  raters: number;
  /** Mean resolved target over every member × skill with one. */
  target: number | null;
  /** Sum of the members' gaps. */
  gap: number | null;
}

export interface HeatmapMember {
  id: string;
  name: string;
  email: string;
  /** Mean over all the member's rated skills in the grid. */
  mean: number | null;
  /** Sum of the member's gaps over the grid. */
  gap: number;
}

export interface Heatmap {
  columns: HeatmapColumn[];
  members: HeatmapMember[];
  /** cells[memberId][columnId]; a missing entry means nothing rated and no target. */
  cells: Record<string, Record<string, HeatmapCell>>;
}

const heatmapRow = z.object({
  kind: z.enum(['column', 'member', 'cell']),
  col_id: column.nullableText,
  mid: column.nullableText,
  label: column.nullableText,
  extra: column.nullableText,
  ord: column.number,
  mean: column.nullableNumber,
  rated: column.nullableNumber,
  na: column.nullableNumber,
  target_sum: column.nullableNumber,
  target_count: column.nullableNumber,
  gap: column.nullableNumber,
});
type HeatmapRow = z.output<typeof heatmapRow>;

/** `sectionAndAreaHeatmapQuery`'s row, without transforms (`check: 'first'`): its figures are int or float8. */
const wireNumber = z.number().nullable();
const combinedHeatmapRow = z.object({
  kind: z.enum(['column', 'member', 'cell']),
  grp: z.enum(['section', 'area']).nullable(),
  col_id: column.nullableText,
  mid: column.nullableText,
  label: column.nullableText,
  extra: column.nullableText,
  ord: z.number(),
  mean: wireNumber,
  rated: wireNumber,
  na: wireNumber,
  target_sum: wireNumber,
  target_count: wireNumber,
  gap: wireNumber,
}) satisfies z.ZodType<HeatmapRow & { grp: 'section' | 'area' | null }>;

const num = (value: number | string | null): number | null => (value === null ? null : Number(value));

export const EMPTY_CELL: HeatmapCell = { mean: null, rated: 0, na: 0, target: null, gap: null };

/** Runs the one heatmap statement and shapes it; members and columns come back in framework/name order. */
export async function loadHeatmap(db: Db, scope: HeatmapScope, grouping: HeatmapGrouping): Promise<Heatmap> {
  return shapeHeatmap(parseRows(await db.execute(heatmapQuery(scope, grouping)), heatmapRow));
}

/**
 * The team page's section and area heatmaps from one statement (ratings and
 * targets resolved once, areas rolled up from sections); the same numbers as
 * `loadHeatmap` with `{ by: 'section' }` and `{ by: 'area' }`.
 */
export async function loadSectionAndAreaHeatmaps(
  db: Db,
  scope: HeatmapScope,
): Promise<{ bySection: Heatmap; byArea: Heatmap }> {
  // ~1,300 rows per 50-member team: parsing each with zod cost ~4.5 ms of CPU per request, more than the
  // rest of the loader (issue 23's profile). The statement casts every figure to int or float8, which both
  // drivers return as numbers, so a schema without transforms holds and the first row proves the shape.
  const rows = parseRows(await db.execute(sectionAndAreaHeatmapQuery(scope)), combinedHeatmapRow, { check: 'first' });
  // Member rows (grp null) belong to both heatmaps.
  return {
    bySection: shapeHeatmap(rows.filter((row) => row.grp !== 'area')),
    byArea: shapeHeatmap(rows.filter((row) => row.grp !== 'section')),
  };
}

function shapeHeatmap(rows: readonly HeatmapRow[]): Heatmap {
  const columns: HeatmapColumn[] = [];
  const members: HeatmapMember[] = [];
  const cells: Heatmap['cells'] = {};
  const totals = new Map<string, { levelSum: number; rated: number; gap: number }>();
  for (const row of rows) {
    const targetCount = Number(row.target_count ?? 0);
    const target = targetCount > 0 ? Number(row.target_sum) / targetCount : null;
    if (row.kind === 'column' && row.col_id) {
      columns.push({
        id: row.col_id,
        key: row.extra ?? row.col_id,
        name: row.label ?? '',
        order: Number(row.ord),
        teamMean: num(row.mean),
        raters: Number(row.rated ?? 0),
        target,
        gap: num(row.gap),
      });
    } else if (row.kind === 'member' && row.mid) {
      members.push({ id: row.mid, name: row.label ?? '', email: row.extra ?? '', mean: null, gap: 0 });
    } else if (row.kind === 'cell' && row.mid && row.col_id) {
      const cell: HeatmapCell = {
        mean: num(row.mean),
        rated: Number(row.rated ?? 0),
        na: Number(row.na ?? 0),
        target,
        gap: num(row.gap),
      };
      (cells[row.mid] ??= {})[row.col_id] = cell;
      const total = totals.get(row.mid) ?? { levelSum: 0, rated: 0, gap: 0 };
      total.levelSum += (cell.mean ?? 0) * cell.rated;
      total.rated += cell.rated;
      total.gap += cell.gap ?? 0;
      totals.set(row.mid, total);
    }
  }
  for (const member of members) {
    const total = totals.get(member.id);
    if (total) {
      member.mean = total.rated > 0 ? total.levelSum / total.rated : null;
      member.gap = total.gap;
    }
  }
  columns.sort((a, b) => a.order - b.order);
  members.sort((a, b) => a.name.localeCompare(b.name));
  return { columns, members, cells };
}
