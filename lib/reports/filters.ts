/**
 * The gap report's filters, shared by the pages (search params) and the CSV
 * route (query string) so that the export is "exactly what is shown".
 *
 * Pages parse with `.catch` defaults: a mangled shared link still renders a
 * report instead of a 500. The CSV route is strict: a bad id there is a
 * client bug and gets a 400 with a message.
 */
import { z } from 'zod';
import { RATING_VIEWS, ratingViewSchema, type RatingView } from '@/lib/insight/effective-ratings';
import { firstValues } from '@/lib/url/search-params';

export const GAP_VIEWS = ['skill', 'person'] as const;
export type GapView = (typeof GAP_VIEWS)[number];

export const SKILL_SORTS = ['total', 'members', 'mean', 'skill', 'coverage'] as const;
export const PERSON_SORTS = ['total', 'gaps', 'max', 'name'] as const;
export const SORT_KEYS = [...new Set([...SKILL_SORTS, ...PERSON_SORTS])] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export const MAX_LEVEL_GAP = 10;
export const PAGE_SIZE = 25;

export interface GapFilters {
  team?: string;
  area?: string;
  section?: string;
  roleProfile?: string;
  /** Rows with gap ≥ this (at least 1: only positive gaps are gaps). */
  minGap: number;
  interestOnly: boolean;
  cycle?: string;
  view: RatingView;
}

export interface GapPageParams extends GapFilters {
  by: GapView;
  sort: SortKey;
  dir: 'asc' | 'desc';
  page: number;
}

const optionalUuidLenient = z.uuid().optional().catch(undefined);
const flagLenient = z
  .string()
  .optional()
  .transform((value) => value === '1' || value === 'true' || value === 'on')
  .catch(false);

export const gapPageParamsSchema = z.object({
  team: optionalUuidLenient,
  area: optionalUuidLenient,
  section: optionalUuidLenient,
  roleProfile: optionalUuidLenient,
  minGap: z.coerce.number().int().min(1).max(MAX_LEVEL_GAP).catch(1),
  interestOnly: flagLenient,
  cycle: optionalUuidLenient,
  view: ratingViewSchema,
  by: z.enum(GAP_VIEWS).catch('skill'),
  sort: z.enum(SORT_KEYS).catch('total'),
  dir: z.enum(['asc', 'desc']).catch('desc'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
}) satisfies z.ZodType<GapPageParams, unknown>;

/** The page params' defaults as they appear in a URL: left out of it (the filter form and links alike). */
export const GAP_FILTER_DEFAULTS: Record<string, string> = { by: 'skill', view: 'self', minGap: '1' };

export function parseGapPageParams(params: Record<string, string | string[] | undefined>): GapPageParams {
  return gapPageParamsSchema.parse(firstValues(params));
}

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);
const strictUuid = (label: string) =>
  z.preprocess(emptyToUndefined, z.uuid({ error: `${label} must be an id.` }).optional());

/**
 * long: one row per member × skill. wide: one row per member, two short columns per skill
 * ("S12 Decorators · level"). legend: the wide file's key, one row per skill column with the
 * full names (a second file rather than a block above the header, so both open as plain tables).
 */
export const CSV_FORMATS = ['long', 'wide', 'legend'] as const;
export type CsvFormat = (typeof CSV_FORMATS)[number];

export const gapCsvQuerySchema = z.object({
  team: strictUuid('team'),
  area: strictUuid('area'),
  section: strictUuid('section'),
  roleProfile: strictUuid('roleProfile'),
  minGap: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: 'minGap must be a number.' })
      .int('minGap must be a whole number.')
      .min(1, 'minGap must be at least 1.')
      .max(MAX_LEVEL_GAP, `minGap must be at most ${MAX_LEVEL_GAP}.`)
      .default(1),
  ),
  interestOnly: z
    .preprocess(emptyToUndefined, z.enum(['0', '1', 'true', 'false', 'on']).optional())
    .transform((value) => value === '1' || value === 'true' || value === 'on'),
  cycle: strictUuid('cycle'),
  view: z.preprocess(
    emptyToUndefined,
    z.enum(RATING_VIEWS, { error: 'view must be self, manager or manager-else-self.' }).default('self'),
  ),
  format: z.preprocess(
    emptyToUndefined,
    z.enum(CSV_FORMATS, { error: 'format must be long, wide or legend.' }).default('long'),
  ),
  bom: z.preprocess(emptyToUndefined, z.enum(['0', '1']).optional()).transform((value) => value === '1'),
  // Page-only parameters may ride along on a copied URL; they do not change the rows.
  by: z.string().max(20).optional(),
  sort: z.string().max(20).optional(),
  dir: z.string().max(10).optional(),
  page: z.string().max(10).optional(),
});
export type GapCsvQuery = z.output<typeof gapCsvQuerySchema>;

/** The filter part of any parsed params. */
export function filtersOf(params: GapFilters): GapFilters {
  return {
    team: params.team,
    area: params.area,
    section: params.section,
    roleProfile: params.roleProfile,
    minGap: params.minGap,
    interestOnly: params.interestOnly,
    cycle: params.cycle,
    view: params.view,
  };
}

/** Search params for a link carrying the filters (defaults left out so URLs stay short). */
export function filterSearchParams(
  filters: GapFilters,
  extra: Record<string, string | undefined> = {},
): URLSearchParams {
  const search = new URLSearchParams();
  const put = (key: string, value: string | undefined) => {
    if (value) search.set(key, value);
  };
  put('team', filters.team);
  put('area', filters.area);
  put('section', filters.section);
  put('roleProfile', filters.roleProfile);
  if (filters.minGap !== 1) put('minGap', String(filters.minGap));
  if (filters.interestOnly) put('interestOnly', '1');
  put('cycle', filters.cycle);
  if (filters.view !== 'self') put('view', filters.view);
  for (const [key, value] of Object.entries(extra)) put(key, value);
  return search;
}
