/**
 * The radar charts' options in the URL (issue 19): `radar` groups the axes by area or by section (team
 * page and `/me`), `overlay` adds one member of the team to the team radar. They change nothing the server
 * loads (both groupings come with the page), so the client updates them without a server round trip
 * (nuqs, shallow) while still pushing a history entry, so back/forward and shared links work.
 *
 * This zod schema is the server's reading; the browser's nuqs parsers (./radar-url.ts) are built without zod
 * on the same constants, and a unit test holds the two to the same answers.
 */
import { z } from 'zod';
import { firstValues, type RawSearchParams } from '@/lib/url/search-params';
import { DEFAULT_RADAR_GROUPING, RADAR_GROUPINGS } from './radar-url';

export { RADAR_GROUPINGS, RADAR_URL_OPTIONS, radarSearchParams, type RadarGrouping } from './radar-url';

export const radarParamsSchema = z.object({
  radar: z.enum(RADAR_GROUPINGS).catch(DEFAULT_RADAR_GROUPING),
  /** A membership id; one that is not on the team shows nobody (the component looks it up). */
  overlay: z.uuid().optional().catch(undefined),
});
export type RadarParams = z.output<typeof radarParamsSchema>;

export const RADAR_DEFAULTS: RadarParams = radarParamsSchema.parse({});

export function parseRadarParams(raw: RawSearchParams): RadarParams {
  return radarParamsSchema.parse(firstValues(raw));
}
