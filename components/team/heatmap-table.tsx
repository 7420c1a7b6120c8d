import Link from 'next/link';
import type { ReactNode } from 'react';
import type { Heatmap, HeatmapCell } from '@/lib/insight/heatmap';
import { levelColour } from '@/lib/insight/heatmap-scale';

const HATCH = 'repeating-linear-gradient(135deg, #e2e8f0 0 4px, #ffffff 4px 8px)';

const fmt = (value: number | null) => (value === null ? '–' : value.toFixed(1));

/**
 * A cell's content, as a link to the member × column detail when there is one:
 * the whole cell is the target, reachable with Tab and opened with Enter.
 * A plain anchor, not next/link: a 50-member heatmap has up to 1,250 of them,
 * and each `Link` is a client component to serialize, hydrate and watch for
 * prefetching — most of the team page's HTML and of its work on load (issue
 * 23). Opening a cell is a normal page load. Its classes live in one CSS class
 * (app/globals.css) instead of being repeated in every cell.
 */
function CellLink({ href, label, children }: { href: string | null; label: string; children: ReactNode }) {
  if (!href) return <>{children}</>;
  return (
    <a href={href} className="heatmap-cell-link" aria-label={`${label}: open the detail`}>
      {children}
    </a>
  );
}

function Cell({
  cell,
  maxLevel,
  showTarget,
  label,
  href = null,
}: {
  cell: HeatmapCell | undefined;
  maxLevel: number;
  showTarget: boolean;
  label: string;
  href?: string | null;
}) {
  const target = cell?.target ?? null;
  const gap = cell?.mean !== null && cell?.mean !== undefined && target !== null ? Math.max(0, target - cell.mean) : 0;
  const targetMark =
    showTarget && target !== null ? (
      <sup className="ml-0.5 text-[0.65rem] font-normal" aria-hidden="true">
        {gap > 0 ? `▲${fmt(target)}` : `✓`}
      </sup>
    ) : null;
  const targetText = target !== null ? `, target ${fmt(target)}${gap > 0 ? `, gap ${fmt(gap)}` : ', target met'}` : '';
  if (!cell || (cell.mean === null && cell.na === 0)) {
    return (
      <td
        className="border border-slate-200 bg-white px-2 py-1.5 text-center text-slate-600"
        title={`${label}: not rated`}
      >
        <CellLink href={href} label={`${label}, not rated`}>
          <span aria-hidden="true">–</span>
          <span className="sr-only">not rated{showTarget ? targetText : ''}</span>
          {showTarget && target !== null ? (
            <sup className="ml-0.5 text-[0.65rem]" aria-hidden="true">
              ◦{fmt(target)}
            </sup>
          ) : null}
        </CellLink>
      </td>
    );
  }
  if (cell.mean === null) {
    return (
      <td
        className="border border-slate-200 px-2 py-1.5 text-center text-xs text-slate-900"
        style={{ background: HATCH }}
        title={`${label}: not applicable`}
      >
        <CellLink href={href} label={`${label}, not applicable`}>
          n/a
        </CellLink>
      </td>
    );
  }
  const colour = levelColour(cell.mean, maxLevel);
  return (
    <td
      className="border border-slate-200 px-2 py-1.5 text-center font-medium tabular-nums"
      style={{ background: colour.background, color: colour.text }}
      title={`${label}: ${fmt(cell.mean)}${targetText}`}
    >
      <CellLink href={href} label={`${label}, ${fmt(cell.mean)}${targetText}`}>
        {fmt(cell.mean)}
        {targetMark}
        {showTarget ? <span className="sr-only">{targetText}</span> : null}
      </CellLink>
    </td>
  );
}

export interface HeatmapTableProps {
  heatmap: Heatmap;
  maxLevel: number;
  caption: string;
  /** Link of a column header (drill-down), or null for plain headers. */
  columnHref?: (column: Heatmap['columns'][number]) => string | null;
  /** Per-cell target marker (drill-down of one section). */
  showCellTargets?: boolean;
  /** Link of a member's cell (member × section or skill detail), or null for plain cells. */
  cellHref?: (member: Heatmap['members'][number], column: Heatmap['columns'][number]) => string | null;
  /** Stale self ratings per member id (issue 22), shown under the name in words. */
  staleCounts?: Readonly<Record<string, number>>;
}

/**
 * A plain server-rendered table: ≤ 50 members × ≤ 25 columns stays light in
 * the browser. Sticky header, footer and first column keep names, headers and
 * the team's average and target in view while scrolling inside the bordered box.
 * (Its cells are coloured per level, so it keeps its own markup rather than
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
  const { columns, members, cells } = heatmap;
  return (
    <div
      className="relative max-h-[70vh] overflow-auto rounded-lg border border-slate-200 bg-white"
      tabIndex={0}
      role="region"
      aria-label={caption}
    >
      <table className="border-separate border-spacing-0 text-sm wrap-break-word">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th
              scope="col"
              className="sticky left-0 top-0 z-30 w-28 border-b sm:w-auto sm:min-w-40 border-r border-slate-300 bg-slate-50 px-3 py-2 text-left font-semibold"
            >
              Member
            </th>
            {columns.map((column) => {
              const href = columnHref?.(column) ?? null;
              return (
                <th
                  key={column.id}
                  scope="col"
                  className="sticky top-0 z-20 min-w-20 max-w-36 border-b border-slate-300 bg-slate-50 px-2 py-2 text-left align-bottom text-xs font-semibold"
                >
                  {href ? (
                    <Link
                      href={href}
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
        <tbody>
          {members.length === 0 ? (
            <tr>
              <td colSpan={columns.length + 1} className="px-3 py-6 text-center text-slate-600">
                This team has no active members yet.
              </td>
            </tr>
          ) : null}
          {members.map((member) => (
            <tr key={member.id}>
              <th
                scope="row"
                className="sticky left-0 z-10 max-w-28 border-r border-slate-300 bg-white px-2 py-1.5 text-left text-xs font-medium sm:max-w-none sm:px-3 sm:text-sm sm:whitespace-nowrap"
              >
                {member.name}
                {staleCounts?.[member.id] ? (
                  <span className="block text-xs font-normal text-amber-900">{staleCounts[member.id]} stale</span>
                ) : null}
              </th>
              {columns.map((column) => (
                <Cell
                  key={column.id}
                  cell={cells[member.id]?.[column.id]}
                  maxLevel={maxLevel}
                  showTarget={showCellTargets}
                  label={`${member.name}, ${column.name}`}
                  href={cellHref?.(member, column) ?? null}
                />
              ))}
            </tr>
          ))}
        </tbody>
        {/* The average and target rows stay in view at the bottom of the box, like the header at its top. */}
        <tfoot className="sticky bottom-0 z-20">
          <tr>
            <th
              scope="row"
              className="sticky left-0 z-10 border-t-2 border-r border-slate-300 bg-slate-50 px-3 py-1.5 text-left font-semibold"
            >
              Team average
            </th>
            {columns.map((column) => (
              <Cell
                key={column.id}
                cell={
                  column.teamMean === null
                    ? undefined
                    : { mean: column.teamMean, rated: column.raters, na: 0, target: null, gap: null }
                }
                maxLevel={maxLevel}
                showTarget={false}
                label={`Team average, ${column.name}`}
              />
            ))}
          </tr>
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
