/**
 * The radar options' URL parsers for the browser (nuqs), without zod: zod is 32 KB of JavaScript gzip, and
 * these two parsers were all that brought it to the team page and /me (issue 23: less JavaScript on load).
 * The server reads the same params with the zod schema in ./radar-params.ts, built on the same constants;
 * tests/unit/url/search-params.test.ts checks that both read every value alike.
 */
import { createParser, parseAsStringLiteral } from 'nuqs';

export const RADAR_GROUPINGS = ['area', 'section'] as const;
export type RadarGrouping = (typeof RADAR_GROUPINGS)[number];
export const DEFAULT_RADAR_GROUPING: RadarGrouping = 'area';

/** zod 4's `z.uuid()` pattern (RFC 9562, any version, plus the nil and max UUIDs), which the server applies. */
export const UUID_PATTERN =
  /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/;

/** The same fields as nuqs parsers, for `useQueryStates` in the chart components. */
export const radarSearchParams = {
  radar: parseAsStringLiteral(RADAR_GROUPINGS).withDefault(DEFAULT_RADAR_GROUPING),
  overlay: createParser<string>({
    parse: (value) => (UUID_PATTERN.test(value) ? value : null),
    serialize: (value) => value,
  }),
};

/** Chart options are a view choice: each change is a history entry; only the client re-renders. */
export const RADAR_URL_OPTIONS = { history: 'push', shallow: true, scroll: false } as const;
