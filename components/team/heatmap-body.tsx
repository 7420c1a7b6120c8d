'use client';

import { useMemo } from 'react';
import { heatmapBodyHtml, type HeatmapBodyData } from './heatmap-html';

/**
 * The heatmap's `<tbody>`: built from a few numbers per cell (heatmap-html.ts says why), so the RSC
 * payload carries ~20 bytes a cell instead of the cell's HTML a second time. Nothing inside is React:
 * the cells are plain links, and hydration leaves the server's HTML as it is.
 */
export function HeatmapBody(props: {
  data: HeatmapBodyData;
  maxLevel: number;
  showCellTargets: boolean;
  /** `{m}`: the member's id, `{c}`: the column's; null for cells without a link. */
  cellHref: string | null;
}) {
  const { data, maxLevel, showCellTargets, cellHref } = props;
  const html = useMemo(
    () => heatmapBodyHtml({ data, maxLevel, showCellTargets, cellHref }),
    [data, maxLevel, showCellTargets, cellHref],
  );
  return <tbody dangerouslySetInnerHTML={{ __html: html }} />;
}
