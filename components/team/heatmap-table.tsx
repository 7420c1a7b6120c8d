import Link from 'next/link';
import type { Heatmap, HeatmapCell } from '@/lib/insight/heatmap';
import { levelColour } from '@/lib/insight/heatmap-scale';
import { escapeHtml } from '@/lib/mail/neutralise';

const HATCH = 'repeating-linear-gradient(135deg, #e2e8f0 0 4px, #ffffff 4px 8px)';

const fmt = (value: number | null) => (value === null ? '–' : value.toFixed(1));

/**
 * One member × column cell as HTML: the number (never colour alone), the
 * member's name and column in its label, and, when there is one, a link to
 * the member × column detail covering the whole cell (reachable with Tab,
 * opened with Enter).
 *
 * Why a string and not React elements: the table body is 50 members × ~20
 * columns, and as elements every cell was rendered twice per request — into
 * the HTML and, as JSON, into the RSC payload the HTML carries — which made
 * the team page 1.2 MB and most of its server CPU (issue 23). As one string
 * it is written once into each, and there is nothing in it to hydrate. Every
 * text and attribute goes through `escapeHtml`; names are typed by people.
 * Attributes are single-quoted (`escapeHtml` escapes `'` too): the RSC payload
 * is a JSON string inside the HTML, where every `"` costs a backslash.
 */
export function cellHtml({
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
}): string {
  const target = cell?.target ?? null;
  const gap = cell?.mean !== null && cell?.mean !== undefined && target !== null ? Math.max(0, target - cell.mean) : 0;
  const targetText = target !== null ? `, target ${fmt(target)}${gap > 0 ? `, gap ${fmt(gap)}` : ', target met'}` : '';
  // A linked cell says it all in its link's label; the tooltip is for the cells without one (team average).
  const tooltip = (text: string) => (href ? '' : ` title='${escapeHtml(text)}'`);
  const link = (linkLabel: string, content: string) =>
    href
      ? `<a href='${escapeHtml(href)}' class='heatmap-cell-link' aria-label='${escapeHtml(`${linkLabel}: open the detail`)}'>${content}</a>`
      : content;
  if (!cell || (cell.mean === null && cell.na === 0)) {
    const mark =
      showTarget && target !== null ? `<sup class='heatmap-target' aria-hidden='true'>◦${fmt(target)}</sup>` : '';
    const srText = `not rated${showTarget ? targetText : ''}`;
    return `<td class='heatmap-unrated'${tooltip(`${label}: not rated`)}>${link(
      `${label}, not rated`,
      `<span aria-hidden='true'>–</span><span class='sr-only'>${escapeHtml(srText)}</span>${mark}`,
    )}</td>`;
  }
  if (cell.mean === null) {
    return `<td class='heatmap-na'${tooltip(`${label}: not applicable`)}>${link(`${label}, not applicable`, 'n/a')}</td>`;
  }
  const colour = levelColour(cell.mean, maxLevel);
  const mark =
    showTarget && target !== null
      ? `<sup class='heatmap-target' aria-hidden='true'>${gap > 0 ? `▲${fmt(target)}` : '✓'}</sup><span class='sr-only'>${escapeHtml(targetText)}</span>`
      : '';
  return `<td class='heatmap-level' style='background:${colour.background};color:${colour.text}'${tooltip(
    `${label}: ${fmt(cell.mean)}${targetText}`,
  )}>${link(`${label}, ${fmt(cell.mean)}${targetText}`, `${fmt(cell.mean)}${mark}`)}</td>`;
}

/** The table body: one row per member, the name (and stale count, in words) as its row header. */
export function heatmapBodyHtml({
  heatmap,
  maxLevel,
  showCellTargets,
  cellHref,
  staleCounts,
}: Pick<HeatmapTableProps, 'heatmap' | 'maxLevel' | 'cellHref' | 'staleCounts'> & {
  showCellTargets: boolean;
}): string {
  const { columns, members, cells } = heatmap;
  if (members.length === 0) {
    return `<tr><td colspan="${columns.length + 1}" class="px-3 py-6 text-center text-slate-600">This team has no active members yet.</td></tr>`;
  }
  const rows: string[] = [];
  for (const member of members) {
    const stale = staleCounts?.[member.id];
    const parts = [
      `<tr><th scope='row' class='heatmap-member'>${escapeHtml(member.name)}${
        stale ? `<span class='heatmap-stale'>${stale} stale</span>` : ''
      }</th>`,
    ];
    const memberCells = cells[member.id];
    for (const column of columns) {
      parts.push(
        cellHtml({
          cell: memberCells?.[column.id],
          maxLevel,
          showTarget: showCellTargets,
          label: `${member.name}, ${column.name}`,
          href: cellHref?.(member, column) ?? null,
        }),
      );
    }
    parts.push('</tr>');
    rows.push(parts.join(''));
  }
  return rows.join('');
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
  const { columns } = heatmap;
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
        {/* One HTML string (see cellHtml): escaped there, and nothing in it needs React on the client. */}
        <tbody
          dangerouslySetInnerHTML={{
            __html: heatmapBodyHtml({ heatmap, maxLevel, showCellTargets, cellHref, staleCounts }),
          }}
        />
        {/* The average and target rows stay in view at the bottom of the box, like the header at its top. */}
        <tfoot className="sticky bottom-0 z-20">
          <tr
            dangerouslySetInnerHTML={{
              __html: `<th scope="row" class="sticky left-0 z-10 border-t-2 border-r border-slate-300 bg-slate-50 px-3 py-1.5 text-left font-semibold">Team average</th>${columns
                .map((column) =>
                  cellHtml({
                    cell:
                      column.teamMean === null
                        ? undefined
                        : { mean: column.teamMean, rated: column.raters, na: 0, target: null, gap: null },
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
