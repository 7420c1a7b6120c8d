/**
 * The team heatmap's search params (`/teams/<id>` and its section pages): which ratings, how members and
 * columns are ordered. One home for the server pages that parse them, the controls that write them and
 * the links that carry them from one heatmap page to the other.
 */
import { z } from 'zod';
import { ratingViewSchema } from '@/lib/insight/effective-ratings';
import { columnSortSchema, memberSortSchema } from '@/lib/insight/heatmap-sort';
import { firstValues, toSearchParams, type RawSearchParams } from '@/lib/url/search-params';

export const heatmapParamsSchema = z.object({
  view: ratingViewSchema,
  sort: memberSortSchema,
  cols: columnSortSchema,
});
export type HeatmapParams = z.output<typeof heatmapParamsSchema>;

/** Every field has a `.catch`: an empty or mangled query gives these. */
export const HEATMAP_DEFAULTS: HeatmapParams = heatmapParamsSchema.parse({});

export function parseHeatmapParams(raw: RawSearchParams): HeatmapParams {
  return heatmapParamsSchema.parse(firstValues(raw));
}

/** `?view=…&sort=…` for a link to another heatmap page with the same choices (defaults left out). */
export function heatmapQuery(params: HeatmapParams): string {
  const query = toSearchParams(params, HEATMAP_DEFAULTS).toString();
  return query ? `?${query}` : '';
}
