/**
 * The mechanics every page's search params share (issue 19: filters and chart options live in the URL).
 *
 * Each page keeps its own params in one module (a zod object whose fields end in `.catch(default)`, so a
 * mangled or hand-edited link renders the default view instead of a 500). Server Components parse
 * `searchParams` with it; client controls read and write the same keys either through a GET form
 * (`components/ui/auto-apply-form.tsx`, given the parsed values) or through nuqs parsers built here from
 * the very same zod fields, so the browser and the server can never disagree on what a value means.
 *
 * Imported by Server and Client Components alike: `nuqs/server` is the entry without `'use client'`.
 */
import { createParser } from 'nuqs/server';
import type { z } from 'zod';

/** What Next.js hands a page as `searchParams` (a repeated key arrives as an array). */
export type RawSearchParams = Record<string, string | string[] | undefined>;

/** The first value of each key: a repeated key (`?view=a&view=b`) counts once, as the browser's `get` does. */
export function firstValues(raw: RawSearchParams): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(raw)) out[key] = Array.isArray(value) ? value[0] : value;
  return out;
}

/**
 * A nuqs parser that reads a value with a zod field schema: what the schema rejects, or turns into
 * `undefined`, reads as absent (nuqs then gives the parser's default). Use `.withDefault(…)` on the result
 * for fields with a default, so that the default is also left out of the URL (nuqs' `clearOnDefault`).
 */
export function zodParser<T extends string>(schema: z.ZodType<T | undefined, string | undefined>) {
  return createParser<T>({
    parse: (value) => {
      const result = schema.safeParse(value);
      return result.success && result.data !== undefined ? result.data : null;
    },
    serialize: (value) => value,
  });
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
