import type { Heatmap } from './heatmap';

/** Two decimals: the chart and its table show one; full doubles only made the page's payload longer. */
const round = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

/**
 * Radar axes from a heatmap grouped by area or section: the same numbers, so chart and table never disagree.
 * `members` holds each member's mean in the order of `heatmap.members` (an array, not an object keyed by
 * membership id: 50 ids repeated on every axis were most of the radar's share of the page, issue 23).
 */
export function radarAxes(
  heatmap: Heatmap,
): { axis: string; teamMean: number | null; target: number | null; members: (number | null)[] }[] {
  return heatmap.columns.map((column) => ({
    axis: column.name,
    teamMean: round(column.teamMean),
    target: round(column.target),
    members: heatmap.members.map((member) => round(heatmap.cells[member.id]?.[column.id]?.mean ?? null)),
  }));
}
