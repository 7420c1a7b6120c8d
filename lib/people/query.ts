/**
 * The people finder's query as it travels in the URL:
 *
 *   /people?skills=<skill id>:<minimum level>,<skill id>:<minimum level>&match=all|any&grow=1&view=self
 *
 * (one `skills` parameter, not a repeated one: route handlers see each
 * parameter once, lib/http/define-route.ts).
 *
 * One schema for the page, the CSV route and the search form, so a link that
 * works on the page also works as an export. Shape only: whether each skill
 * belongs to the current framework and each level to its scale is checked
 * against the database by `resolvePeopleQuery` (lib/people/finder.ts).
 *
 * Not `server-only`: the search form builds its URLs with `peopleQueryString`.
 */
import { z } from 'zod';
import { ratingViewSchema, type RatingView } from '@/lib/insight/effective-ratings';

/** More terms than this is not a search anyone can read the answer to; it also bounds the query's cost. */
export const MAX_PEOPLE_TERMS = 6;
/** Highest level any framework may use (ratings_level_range). */
export const MAX_LEVEL = 10;

export const PEOPLE_MATCHES = ['all', 'any'] as const;
export type PeopleMatch = (typeof PEOPLE_MATCHES)[number];

const termSchema = z.string().transform((value, ctx) => {
  const [skillId = '', min = '', ...rest] = value.split(':');
  const skill = z.guid().safeParse(skillId);
  if (!skill.success || rest.length > 0) {
    ctx.addIssue({ code: 'custom', message: `“${value.slice(0, 60)}” is not a skill. Pick skills from the list.` });
    return z.NEVER;
  }
  const level = z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_LEVEL)
    .safeParse(min === '' ? undefined : min);
  if (!level.success) {
    ctx.addIssue({
      code: 'custom',
      message: `The minimum level must be a whole number from 0 to ${MAX_LEVEL}; “${min.slice(0, 20)}” is not.`,
    });
    return z.NEVER;
  }
  return { skillId: skill.data, minLevel: level.data };
});

const listOf = (value: unknown) =>
  typeof value === 'string' && value.trim() !== '' ? value.split(',').map((term) => term.trim()) : [];

export const peopleQuerySchema = z
  .object({
    skills: z.preprocess(
      listOf,
      z
        .array(termSchema)
        .max(MAX_PEOPLE_TERMS, { message: `A search takes at most ${MAX_PEOPLE_TERMS} skills.` })
        .refine((terms) => new Set(terms.map((term) => term.skillId)).size === terms.length, {
          message: 'Each skill can appear once in a search.',
        }),
    ),
    match: z.enum(PEOPLE_MATCHES, { message: 'Match must be “all” or “any”.' }).default('all'),
    grow: z
      .enum(['1', '0', 'on'], { message: '“grow” must be 1 or 0.' })
      .optional()
      .transform((value) => value === '1' || value === 'on'),
    // Count a skill only where a teammate or manager has endorsed the person's rating of it (issue 22).
    endorsed: z
      .enum(['1', '0', 'on'], { message: '“endorsed” must be 1 or 0.' })
      .optional()
      .transform((value) => value === '1' || value === 'on'),
    // A rating view is a display choice, not a question: unknown values fall back to self ratings.
    view: ratingViewSchema.default('self'),
  })
  .transform(({ skills, ...rest }) => ({ terms: skills, ...rest }));

export type PeopleQuery = z.output<typeof peopleQuerySchema>;
export interface PeopleTerm {
  skillId: string;
  minLevel: number;
}

/** A page's `searchParams` as the plain object the schema takes (a repeated parameter counts once, like routes). */
export function peopleParamsOf(params: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    const single = Array.isArray(value) ? value.at(-1) : value;
    if (single !== undefined) out[key] = single;
  }
  return out;
}

/** The first problem with a query, phrased for the reader. */
export function firstIssue(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'That search is not valid.';
}

export function peopleQueryString(query: {
  terms: readonly PeopleTerm[];
  match: PeopleMatch;
  grow: boolean;
  endorsed?: boolean;
  view: RatingView;
}): string {
  const params = new URLSearchParams();
  params.set('match', query.match);
  if (query.grow) params.set('grow', '1');
  if (query.endorsed) params.set('endorsed', '1');
  if (query.view !== 'self') params.set('view', query.view);
  // Ids, digits, `:` and `,` need no escaping in a query string; written as they are, the URL stays readable.
  const skills = query.terms.map((term) => `${term.skillId}:${term.minLevel}`).join(',');
  return `skills=${skills}&${params.toString()}`;
}
