/**
 * The mechanics every page's search params share (issue 19: filters and chart options live in the URL).
 *
 * Each page keeps its own params in one module (a zod object whose fields end in `.catch(default)`, so a
 * mangled or hand-edited link renders the default view instead of a 500). Server Components parse
 * `searchParams` with it; client controls read and write the same keys either through a GET form
 * (`components/ui/auto-apply-form.tsx`, given the parsed values) or through nuqs parsers that a unit test
 * holds to the same zod fields (tests/unit/url/search-params.test.ts), so the browser and the server never
 * disagree on what a value means; those parsers are zod-free so that zod stays out of the browser bundle.
 */

/** What Next.js hands a page as `searchParams` (a repeated key arrives as an array). */
export type RawSearchParams = Record<string, string | string[] | undefined>;

/** The first value of each key: a repeated key (`?view=a&view=b`) counts once, as the browser's `get` does. */
export function firstValues(raw: RawSearchParams): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(raw)) out[key] = Array.isArray(value) ? value[0] : value;
  return out;
}

/**
 * The URL form of parsed params: values equal to their default are left out, so that shared links stay
 * short and a page's plain URL and its all-defaults URL are the same page.
 */
export function toSearchParams(
  values: Record<string, string | undefined>,
  defaults: Record<string, string | undefined> = {},
): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== '' && value !== defaults[key]) search.set(key, value);
  }
  return search;
}
