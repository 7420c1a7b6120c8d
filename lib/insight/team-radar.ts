import type { Heatmap } from './heatmap';

/** Radar axes from a heatmap grouped by area or section: the same numbers, so chart and table never disagree. */
export function radarAxes(
  heatmap: Heatmap,
): { axis: string; teamMean: number | null; target: number | null; members: Record<string, number | null> }[] {
  return heatmap.columns.map((column) => ({
    axis: column.name,
    teamMean: column.teamMean,
    target: column.target,
    members: Object.fromEntries(
      heatmap.members.map((member) => [member.id, heatmap.cells[member.id]?.[column.id]?.mean ?? null]),
    ),
  }));
}
