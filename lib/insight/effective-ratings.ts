/**
 * The rating a team view or report uses for each (member, skill) of a cycle:
 * the self rating, the manager rating, or the manager rating where there is
 * one and the self rating otherwise — the switch on every manager screen.
 *
 * One grouped pass over `ratings` (served by the unique index on
 * organization, cycle, member, skill, source) gives both sources side by
 * side, so every screen composes the same definition instead of re-deriving it.
 *
 * Not `server-only`: a pure SQL builder, also used by scripts and tests.
 */
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';

export const RATING_VIEWS = ['self', 'manager', 'manager-else-self'] as const;
export type RatingView = (typeof RATING_VIEWS)[number];

/** For search params: anything unknown falls back to self ratings. */
export const ratingViewSchema = z.enum(RATING_VIEWS).catch('self');

export const RATING_VIEW_LABELS: Record<RatingView, string> = {
  self: 'Self ratings',
  manager: 'Manager ratings',
  'manager-else-self': 'Manager if present, else self',
};

export interface EffectiveRatingsScope {
  organizationId: string;
  cycleId: string;
  /** A SQL subquery selecting one column of membership ids, e.g. a team's members. */
  memberships: SQL;
  view: RatingView;
}

/**
 * A subquery with one row per rated (member, skill):
 * `membership_id, skill_id, self_level, self_na, manager_level, manager_na,
 *  level, not_applicable, interest, last_rated_at` — `level`/`not_applicable`
 * follow the chosen view; a row whose chosen source has no rating has both
 * null/false. Use it as `from (${effectiveRatingsSubquery(scope)}) er`.
 */
export function effectiveRatingsSubquery(scope: EffectiveRatingsScope): SQL {
  const { organizationId, cycleId, memberships, view } = scope;
  const level =
    view === 'self'
      ? sql`self_level`
      : view === 'manager'
        ? sql`manager_level`
        : sql`case when manager_level is not null or manager_na then manager_level else self_level end`;
  const notApplicable =
    view === 'self'
      ? sql`self_na`
      : view === 'manager'
        ? sql`manager_na`
        : sql`case when manager_level is not null or manager_na then manager_na else self_na end`;
  return sql`
    select membership_id, skill_id, self_level, self_na, manager_level, manager_na,
           ${level} as level, coalesce(${notApplicable}, false) as not_applicable,
           interest, last_rated_at
    from (
      select r.membership_id, r.skill_id,
             max(r.level) filter (where r.source = 'self') as self_level,
             coalesce(bool_or(r.not_applicable) filter (where r.source = 'self'), false) as self_na,
             max(r.level) filter (where r.source = 'manager') as manager_level,
             coalesce(bool_or(r.not_applicable) filter (where r.source = 'manager'), false) as manager_na,
             coalesce(bool_or(r.interest) filter (where r.source = 'self'), false) as interest,
             max(r.changed_at) as last_rated_at
      from ratings r
      where r.organization_id = ${organizationId}
        and r.cycle_id = ${cycleId}
        and r.membership_id in (${memberships})
      group by r.membership_id, r.skill_id
    ) by_source`;
}

/**
 * The same rows as `effectiveRatingsSubquery` with the view 'self' for every self-rated (member, skill),
 * read without grouping: one row per self rating (the unique key has one per member, skill and source), the
 * manager's columns empty and `last_rated_at` the self rating's own. A (member, skill) with only a manager
 * rating is left out — for a reader that
 * uses nothing of the manager's rating (the people finder's self view) such a row has no level, no
 * interest and nothing to endorse. At 10,000 members this skips grouping a third more rows by member and
 * skill, and reads a skill's self ratings as one range of `ratings_skill_level_idx`.
 */
export function selfRatingsSubquery(scope: Omit<EffectiveRatingsScope, 'view'>): SQL {
  const { organizationId, cycleId, memberships } = scope;
  return sql`
    select r.membership_id, r.skill_id, r.level as self_level, r.not_applicable as self_na,
           null::smallint as manager_level, false as manager_na,
           r.level, r.not_applicable, r.interest, r.changed_at as last_rated_at
    from ratings r
    where r.organization_id = ${organizationId}
      and r.cycle_id = ${cycleId}
      and r.source = 'self'
      and r.membership_id in (${memberships})`;
}
