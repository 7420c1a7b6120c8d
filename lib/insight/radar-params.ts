/**
 * The radar charts' options in the URL (issue 19): `radar` groups the axes by area or by section (team
 * page and `/me`), `overlay` adds one member of the team to the team radar. They change nothing the server
 * loads (both groupings come with the page), so the client updates them without a server round trip
 * (nuqs, shallow) while still pushing a history entry, so back/forward and shared links work.
 *
 * The zod fields are the one definition: the nuqs parsers below are built from them.
 */
import { z } from 'zod';
import { firstValues, zodParser, type RawSearchParams } from '@/lib/url/search-params';

export const RADAR_GROUPINGS = ['area', 'section'] as const;
export type RadarGrouping = (typeof RADAR_GROUPINGS)[number];

export const radarParamsSchema = z.object({
  radar: z.enum(RADAR_GROUPINGS).catch('area'),
  /** A membership id; one that is not on the team shows nobody (the component looks it up). */
  overlay: z.uuid().optional().catch(undefined),
});
export type RadarParams = z.output<typeof radarParamsSchema>;

export const RADAR_DEFAULTS: RadarParams = radarParamsSchema.parse({});

export function parseRadarParams(raw: RawSearchParams): RadarParams {
  return radarParamsSchema.parse(firstValues(raw));
}

/** The same fields as nuqs parsers, for `useQueryStates` in the chart components. */
export const radarSearchParams = {
  radar: zodParser(radarParamsSchema.shape.radar).withDefault(RADAR_DEFAULTS.radar),
  overlay: zodParser(radarParamsSchema.shape.overlay),
};

/** Chart options are a view choice: each change is a history entry; only the client re-renders. */
export const RADAR_URL_OPTIONS = { history: 'push', shallow: true, scroll: false } as const;
