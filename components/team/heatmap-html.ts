import { levelColour } from '@/lib/insight/heatmap-scale';
import { escapeHtml } from '@/lib/mail/neutralise';

/**
 * The heatmap's body as one HTML string, from a compact description of it.
 *
 * Why a string and not React elements: the body is 50 members × ~20 columns,
 * and as elements every cell was rendered twice per request — into the HTML
 * and, as JSON, into the RSC payload the HTML carries — and hydrated one by
 * one (issue 23). Why compact data and not the string itself as a prop: a
 * server component's string is written twice too (HTML and payload, ~330 KB
 * each on a 50-member team). So `HeatmapBody` (a client component) receives
 * a few numbers per cell and builds the string with these functions, on the
 * server for the HTML and in the browser, where React does not compare or
 * rebuild `dangerouslySetInnerHTML` while hydrating (it only uses the string
 * when the props change, e.g. another sort). Pure: no React, no server code.
 *
 * Every text and attribute goes through `escapeHtml`; names are typed by
 * people. Attributes are single-quoted (`escapeHtml` escapes `'` too).
 */

/** One cell: [mean or null, skills marked n/a, target or null]; 0 for nothing rated and no target. */
export type HeatmapCellData = readonly [mean: number | null, na: number, target: number | null] | 0;

export interface HeatmapBodyData {
  columns: readonly { id: string; name: string }[];
  /** `stale`: self ratings not confirmed within the stale period (issue 22), shown in words under the name. */
  members: readonly { id: string; name: string; stale?: number }[];
  /** cells[member][column], in the order of `members` and `columns`. */
  cells: readonly (readonly HeatmapCellData[])[];
}

export const fmt = (value: number | null) => (value === null ? '–' : value.toFixed(1));

/**
 * A level cell's colour as a class, `l23` for the 2.3 it shows, instead of an inline style on each of
 * ~1,000 cells (40 bytes and a style declaration of its own each): `heatmapLevelCss` defines the
 * maxLevel × 10 + 1 classes once per table. The colour is the one of the figure shown.
 */
const levelStep = (mean: number, maxLevel: number) =>
  Math.min(maxLevel * 10, Math.max(0, Math.round(Number(fmt(mean)) * 10)));

export function heatmapLevelCss(maxLevel: number): string {
  const rules: string[] = [];
  for (let step = 0; step <= maxLevel * 10; step++) {
    const colour = levelColour(step / 10, maxLevel);
    rules.push(`.heatmap-level.l${step}{background:${colour.background};color:${colour.text}}`);
  }
  return rules.join('');
}

/**
 * Rounds a mean for the payload: 4 decimals keep every figure shown (1 decimal)
 * and the colour as they were (means are ratios of small integers, never within
 * 0.00005 of a rounding boundary without being on it).
 */
export const compactNumber = (value: number | null) => (value === null ? null : Math.round(value * 1e4) / 1e4);

/**
 * One member × column cell: the number (never colour alone), the member's name
 * and column in its label, and, when there is one, a link to the member ×
 * column detail covering the whole cell (reachable with Tab, opened with Enter).
 */
export function cellHtml({
  cell,
  maxLevel,
  showTarget,
  label,
  href = null,
}: {
  cell: { mean: number | null; na: number; target: number | null } | undefined;
  maxLevel: number;
  showTarget: boolean;
  label: string;
  href?: string | null;
}): string {
  return escapedCellHtml(cell, maxLevel, showTarget, escapeHtml(label), href === null ? null : escapeHtml(href));
}

/**
 * `cellHtml` with its label and link already escaped: the body escapes each name and id once, not once
 * per cell (~1,000 cells, three escaped strings each, were a third of the body's cost; issue 23).
 * Escaping works character by character, so escaped parts joined are the escaped whole. Every other
 * piece of text here (figures, fixed words) has nothing to escape.
 */
function escapedCellHtml(
  cell: { mean: number | null; na: number; target: number | null } | undefined,
  maxLevel: number,
  showTarget: boolean,
  label: string,
  href: string | null,
): string {
  const target = cell?.target ?? null;
  const gap = cell?.mean !== null && cell?.mean !== undefined && target !== null ? Math.max(0, target - cell.mean) : 0;
  const targetText = target !== null ? `, target ${fmt(target)}${gap > 0 ? `, gap ${fmt(gap)}` : ', target met'}` : '';
  // A linked cell says it all in its link's label; the tooltip is for the cells without one (team average).
  const tooltip = (text: string) => (href ? '' : ` title='${text}'`);
  const link = (linkLabel: string, content: string) =>
    href
      ? `<a href='${href}' class='heatmap-cell-link' aria-label='${linkLabel}: open the detail'>${content}</a>`
      : content;
  if (!cell || (cell.mean === null && cell.na === 0)) {
    const mark =
      showTarget && target !== null ? `<sup class='heatmap-target' aria-hidden='true'>◦${fmt(target)}</sup>` : '';
    const srText = `not rated${showTarget ? targetText : ''}`;
    return `<td class='heatmap-unrated'${tooltip(`${label}: not rated`)}>${link(
      `${label}, not rated`,
      `<span aria-hidden='true'>–</span><span class='sr-only'>${srText}</span>${mark}`,
    )}</td>`;
  }
  if (cell.mean === null) {
    return `<td class='heatmap-na'${tooltip(`${label}: not applicable`)}>${link(`${label}, not applicable`, 'n/a')}</td>`;
  }
  const mark =
    showTarget && target !== null
      ? `<sup class='heatmap-target' aria-hidden='true'>${gap > 0 ? `▲${fmt(target)}` : '✓'}</sup><span class='sr-only'>${targetText}</span>`
      : '';
  return `<td class='heatmap-level l${levelStep(cell.mean, maxLevel)}'${tooltip(
    `${label}: ${fmt(cell.mean)}${targetText}`,
  )}>${link(`${label}, ${fmt(cell.mean)}${targetText}`, `${fmt(cell.mean)}${mark}`)}</td>`;
}

/**
 * The table body: one row per member, the name (and stale count, in words) as its row header.
 * `cellHref` is a template: `{m}` becomes the member's id and `{c}` the column's (ids, not text).
 */
export function heatmapBodyHtml({
  data,
  maxLevel,
  showCellTargets,
  cellHref = null,
}: {
  data: HeatmapBodyData;
  maxLevel: number;
  showCellTargets: boolean;
  cellHref?: string | null;
}): string {
  const { columns, members, cells } = data;
  if (members.length === 0) {
    return `<tr><td colspan="${columns.length + 1}" class="px-3 py-6 text-center text-slate-600">This team has no active members yet.</td></tr>`;
  }
  // Names and ids escaped once each (escapedCellHtml); the link template split once per member.
  const columnNames = columns.map((column) => escapeHtml(column.name));
  const columnIds = columns.map((column) => escapeHtml(column.id));
  const escapedHref = cellHref === null ? null : escapeHtml(cellHref);
  const rows: string[] = [];
  members.forEach((member, row) => {
    const name = escapeHtml(member.name);
    const parts = [
      `<tr><th scope='row' class='heatmap-member'>${name}${
        member.stale ? `<span class='heatmap-stale'>${member.stale} stale</span>` : ''
      }</th>`,
    ];
    const hrefParts = escapedHref?.replaceAll('{m}', escapeHtml(member.id)).split('{c}') ?? null;
    const memberCells = cells[row];
    columns.forEach((_, index) => {
      const cell = memberCells?.[index];
      parts.push(
        escapedCellHtml(
          cell ? { mean: cell[0], na: cell[1], target: cell[2] } : undefined,
          maxLevel,
          showCellTargets,
          `${name}, ${columnNames[index]}`,
          hrefParts ? hrefParts.join(columnIds[index]) : null,
        ),
      );
    });
    parts.push('</tr>');
    rows.push(parts.join(''));
  });
  return rows.join('');
}
