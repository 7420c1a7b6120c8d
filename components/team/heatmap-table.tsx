import type { CSSProperties } from 'react';
import Link from 'next/link';
import type { Heatmap } from '@/lib/insight/heatmap';
import { levelColour } from '@/lib/insight/heatmap-scale';
import { HeatmapBody } from './heatmap-body';
import {
  cellHtml,
  compactNumber,
  fmt,
  heatmapLevelCss,
  type HeatmapBodyData,
  type HeatmapCellData,
} from './heatmap-html';

const HATCH = 'repeating-linear-gradient(135deg, #e2e8f0 0 4px, #ffffff 4px 8px)';

/** What the body's client component needs: the ids, names and three numbers per cell (heatmap-html.ts). */
export function heatmapBodyData(heatmap: Heatmap, staleCounts?: Readonly<Record<string, number>>): HeatmapBodyData {
  const { columns, members, cells } = heatmap;
  return {
    columns: columns.map((column) => ({ id: column.id, name: column.name })),
    members: members.map((member) => {
      const stale = staleCounts?.[member.id];
      return stale ? { id: member.id, name: member.name, stale } : { id: member.id, name: member.name };
    }),
    cells: members.map((member) => {
      const memberCells = cells[member.id];
      return columns.map((column): HeatmapCellData => {
        const cell = memberCells?.[column.id];
        return cell ? [compactNumber(cell.mean), cell.na, compactNumber(cell.target)] : 0;
      });
    }),
  };
}

export interface HeatmapTableProps {
  heatmap: Heatmap;
  maxLevel: number;
  caption: string;
  /** Link of a column header (drill-down), or null for plain headers. */
  columnHref?: (column: Heatmap['columns'][number]) => string | null;
  /** Per-cell target marker (drill-down of one section). */
  showCellTargets?: boolean;
  /** Link of a member's cell (member × section or skill detail): a template, `{m}` the member's id, `{c}` the column's. */
  cellHref?: string | null;
  /** Stale self ratings per member id (issue 22), shown under the name in words. */
  staleCounts?: Readonly<Record<string, number>>;
}

/**
 * A server-rendered table: ≤ 50 members × ≤ 25 columns. Only its body is a
 * (React-free) client component, for the payload's sake (heatmap-html.ts).
 * Sticky header, footer and first column keep names, headers and the team's
 * average and target in view while scrolling inside the bordered box. (Its
 * cells are coloured per level, so it keeps its own markup rather than
 * components/ui/table.tsx, but the same scroll-region rules.)
 */
export function HeatmapTable({
  heatmap,
  maxLevel,
  caption,
  columnHref,
  showCellTargets = false,
  cellHref,
  staleCounts,
}: HeatmapTableProps) {
  const { columns } = heatmap;
  return (
    <div
      className="relative max-h-[70vh] overflow-auto rounded-lg border border-slate-200 bg-white"
      tabIndex={0}
      role="region"
      aria-label={caption}
    >
      {/* The level colours, one class per figure shown (heatmap-html.ts). */}
      <style>{heatmapLevelCss(maxLevel)}</style>
      {/* Fixed layout (app/globals.css, .heatmap-table): the columns' widths come from the header row. */}
      <table
        className="heatmap-table border-separate border-spacing-0 text-sm wrap-break-word"
        style={{ '--heatmap-columns': columns.length } as CSSProperties}
      >
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th
              scope="col"
              className="sticky left-0 top-0 z-30 w-28 border-b sm:w-48 border-r border-slate-300 bg-slate-50 px-3 py-2 text-left font-semibold"
            >
              Member
            </th>
            {columns.map((column) => {
              const href = columnHref?.(column) ?? null;
              return (
                <th
                  key={column.id}
                  scope="col"
                  className="sticky top-0 z-20 w-26 border-b border-slate-300 bg-slate-50 px-2 py-2 text-left align-bottom text-xs font-semibold"
                >
                  {href ? (
                    // Not prefetched: ~20 drill-downs per page, each a request and a payload to read while the
                    // page is still loading (issue 23); a click still navigates client-side.
                    <Link
                      href={href}
                      prefetch={false}
                      className="text-brand-700 underline decoration-dotted underline-offset-2 hover:text-brand-900"
                    >
                      {column.name}
                    </Link>
                  ) : (
                    column.name
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        {/* One HTML string built from a few numbers per cell (heatmap-html.ts): no React inside. */}
        <HeatmapBody
          data={heatmapBodyData(heatmap, staleCounts)}
          maxLevel={maxLevel}
          showCellTargets={showCellTargets}
          cellHref={cellHref ?? null}
        />
        {/* The average and target rows stay in view at the bottom of the box, like the header at its top. */}
        <tfoot className="sticky bottom-0 z-20">
          <tr
            dangerouslySetInnerHTML={{
              __html: `<th scope="row" class="sticky left-0 z-10 border-t-2 border-r border-slate-300 bg-slate-50 px-3 py-1.5 text-left font-semibold">Team average</th>${columns
                .map((column) =>
                  cellHtml({
                    cell: column.teamMean === null ? undefined : { mean: column.teamMean, na: 0, target: null },
                    maxLevel,
                    showTarget: false,
                    label: `Team average, ${column.name}`,
                  }),
                )
                .join('')}`,
            }}
          />
          <tr>
            <th
              scope="row"
              className="sticky left-0 z-10 border-r border-slate-300 bg-slate-50 px-3 py-1.5 text-left font-semibold"
            >
              Target
            </th>
            {columns.map((column) => (
              <td
                key={column.id}
                className="border border-slate-200 bg-slate-50 px-2 py-1.5 text-center font-medium tabular-nums text-slate-900"
              >
                {column.target === null ? <span title="No target set">—</span> : fmt(column.target)}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

export function HeatmapLegend({ maxLevel, drillDown = false }: { maxLevel: number; drillDown?: boolean }) {
  const steps = Array.from({ length: maxLevel + 1 }, (_, level) => level);
  return (
    <div className="flex flex-wrap items-center gap-x-6 gap-y-2 text-xs text-slate-700" aria-label="Legend">
      <div className="flex items-center gap-1">
        <span className="mr-1">Mean level:</span>
        {steps.map((level) => {
          const colour = levelColour(level, maxLevel);
          return (
            <span
              key={level}
              className="inline-block w-8 rounded px-1 py-0.5 text-center tabular-nums"
              style={{ background: colour.background, color: colour.text }}
            >
              {level}
            </span>
          );
        })}
      </div>
      <span className="flex items-center gap-1">
        <span className="inline-block rounded border border-slate-200 px-1.5 py-0.5" style={{ background: HATCH }}>
          n/a
        </span>
        every rated skill marked not applicable
      </span>
      <span className="flex items-center gap-1">
        <span className="inline-block rounded border border-slate-200 bg-white px-1.5 py-0.5">–</span>
        not rated yet
      </span>
      {drillDown ? (
        <span>
          <sup>▲3.0</sup> below target (target shown) · <sup>✓</sup> target met · <sup>◦3.0</sup> target, not rated
        </span>
      ) : null}
      <span>Team average: mean of the members’ means. Target: mean resolved target of the members.</span>
    </div>
  );
}
