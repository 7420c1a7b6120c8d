/**
 * People finder: who holds a set of skills — "Kubernetes ≥ 3 and Terraform ≥ 2",
 * all of them or any — optionally counting "wants to grow there" as a match,
 * ranked, among the people the caller may see one by one (the whole
 * organization for admins, the members of their own teams for managers).
 *
 * One SQL statement does the work: the ratings of the asked skills only (an
 * index-only scan of `ratings_skill_level_idx`, never the whole cycle), a count
 * of holders per skill for the key-person flag, the match and the ranking.
 */
import 'server-only';
import { z } from 'zod';
import { column, parseRows } from '@/db/rows';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import type { AssessmentCycle } from '@/db/schema';
import { visibleMembersInOrganizationFilter, visibleTeamsFilter, type Actor } from '@/lib/auth/authorize';
import { cycleNodes } from '@/lib/frameworks/cycle-skills';
import { effectiveRatingsSubquery, selfRatingsSubquery, type RatingView } from '@/lib/insight/effective-ratings';
import type { LevelName } from '@/lib/profile/levels';
import { skillSectionsSubquery } from '@/lib/profile/skill-sections';
import { HOLDER_MIN_LEVEL } from '@/lib/insight/coverage';
import { certifiedRatingsSubquery } from '@/lib/trust/certification-rule';
import type { PeopleMatch, PeopleQuery, PeopleTerm } from './query';

/** Rows on the page; the CSV takes more. */
export const PEOPLE_PAGE_LIMIT = 200;
export const PEOPLE_CSV_LIMIT = 10_000;
/** "Advanced" on the default scale: a sole holder at or above it is a key person. */
export const KEY_PERSON_MIN_LEVEL = HOLDER_MIN_LEVEL;

const finderSkillRow = z.object({ id: column.text, name: column.text, path: column.text });
export type FinderSkill = z.output<typeof finderSkillRow>;

/** The cycle's skills in reading order (each skill's path of positions from the root), for the skill picker. */
export async function listFinderSkills(db: Db, cycle: AssessmentCycle): Promise<FinderSkill[]> {
  const org = cycle.organizationId;
  const nodes = cycleNodes({ organizationId: org, cycleId: cycle.id });
  // The cycle's nodes are read once and every skill's path of positions comes from one grouped join over them.
  // A lateral subquery per skill re-read the whole tree for each skill: 320 skills × 402 nodes, ~150 ms at
  // 10,000 members for a list that does not depend on the members at all.
  const result = await db.execute(sql`
    with n as materialized (select n0.id, n0.position, n0.ancestor_ids from ${nodes} n0),
    skill_order as (
      select s.id, array_agg(a.position order by p.ord) as ancestors
      from n s
      cross join lateral unnest(s.ancestor_ids) with ordinality as p(node_id, ord)
      join n a on a.id = p.node_id
      group by s.id
    )
    select sk.skill_id as id, sk.skill_name as name,
           case when sk.section_id = sk.area_id then sk.area_name
                else sk.area_name || ' › ' || sk.section_name end as path
    from ${skillSectionsSubquery(org, cycle.frameworkId, cycle.id)} sk
    join n s on s.id = sk.skill_id
    left join skill_order o on o.id = s.id
    order by o.ancestors || s.position, sk.skill_id`);
  return parseRows(result, finderSkillRow);
}

export interface ResolvedTerm extends PeopleTerm {
  skillName: string;
}

/**
 * Checks a well-formed query against the framework: every skill must be one of
 * the cycle's, every level on its scale. Returns the first problem as a message,
 * or the terms with their skills' names.
 */
export function resolveTerms(
  terms: readonly PeopleTerm[],
  skills: readonly FinderSkill[],
  levels: readonly LevelName[],
): { ok: true; terms: ResolvedTerm[] } | { ok: false; message: string } {
  const byId = new Map(skills.map((skill) => [skill.id, skill]));
  const maxLevel = levels.length > 0 ? Math.max(...levels.map((level) => level.level)) : 4;
  const resolved: ResolvedTerm[] = [];
  for (const term of terms) {
    const skill = byId.get(term.skillId);
    if (!skill) {
      return {
        ok: false,
        message: 'One of the skills in this search is not part of the current framework. Pick skills from the list.',
      };
    }
    if (term.minLevel > maxLevel) {
      return {
        ok: false,
        message: `“${skill.name}” asks for level ${term.minLevel}, but this framework’s levels go from 0 to ${maxLevel}.`,
      };
    }
    resolved.push({ ...term, skillName: skill.name });
  }
  return { ok: true, terms: resolved };
}

/**
 * The active members the actor may see one by one (the rule lives in lib/auth/authorize.ts). Scoped to the
 * organization here, so an admin's search reads the memberships once, not twice (issue 23).
 */
function visibleMemberships(actor: Actor): SQL {
  return sql`select m.id from memberships m
    where m.organization_id = ${actor.membership.organizationId} and m.status = 'active'
      and ${visibleMembersInOrganizationFilter(actor, sql`m.id`)}`;
}

export interface PersonTermResult {
  skillId: string;
  level: number | null;
  notApplicable: boolean;
  interest: boolean;
  /** level ≥ the term's minimum (and, when the search asks for it, endorsed). */
  met: boolean;
  /** Endorsements (from any cycle) given for the level the person's self rating of this skill holds now. */
  endorsements: number;
  /** The only person (among those the caller can see) at Advanced or above in this skill. */
  soleHolder: boolean;
}

export interface PersonMatch {
  membershipId: string;
  name: string;
  /** Visible teams, by name. */
  teams: { id: string; name: string }[];
  /** One entry per term, in the query's order. */
  terms: PersonTermResult[];
  /** Terms met at level. */
  metCount: number;
  /** Terms met at level or, when asked, by wanting to grow. */
  matchedCount: number;
  /** Sole holder at Advanced or above of at least one asked skill. */
  keyPerson: boolean;
}

export interface PeopleSearchResult {
  people: PersonMatch[];
  /** Everyone who matches, also beyond the limit. */
  total: number;
}

export interface PeopleSearch {
  cycleId: string;
  terms: readonly PeopleTerm[];
  match: PeopleMatch;
  grow: boolean;
  /** Count a term only where the person's rating of the skill is endorsed. */
  endorsed?: boolean;
  view: RatingView;
  limit?: number;
}

/** json columns: postgres.js parses them, PGlite may hand over the text. */
const jsonOf = <Schema extends z.ZodType>(schema: Schema) =>
  z.union([
    schema,
    z
      .string()
      .transform((text): unknown => JSON.parse(text))
      .pipe(schema),
  ]);

const personRow = z.object({
  membership_id: column.text,
  name: column.text,
  teams: jsonOf(z.array(z.object({ id: z.string(), name: z.string() }))),
  detail: jsonOf(
    z.array(
      z.object({
        skill_id: z.string(),
        level: z.number().nullable(),
        na: z.boolean(),
        interest: z.boolean(),
        met: z.boolean(),
        sole: z.boolean(),
        endorsements: z.number(),
      }),
    ),
  ),
  met_count: column.number,
  matched_count: column.number,
  total: column.number,
});

export async function findPeopleAcrossSkills(db: Db, actor: Actor, search: PeopleSearch): Promise<PeopleSearchResult> {
  if (search.terms.length === 0) return { people: [], total: 0 };
  const organizationId = actor.membership.organizationId;
  const limit = search.limit ?? PEOPLE_PAGE_LIMIT;
  const skillList = sql.join(
    search.terms.map((term) => sql`${term.skillId}::uuid`),
    sql`, `,
  );
  const scope = { organizationId, cycleId: search.cycleId, memberships: visibleMemberships(actor), view: search.view };
  const ratings = search.view === 'self' ? selfRatingsSubquery(scope) : effectiveRatingsSubquery(scope);
  // Each term's position and minimum level as expressions of the skill, not a join with the terms: a join
  // hides from the planner which skills are read, and it then guessed a few rows per skill and looped.
  const termOf = (column: 'position' | 'min_level') =>
    sql`case x.skill_id ${sql.join(
      search.terms.map(
        (term, index) => sql`when ${term.skillId}::uuid then ${column === 'position' ? index : term.minLevel}::int`,
      ),
      sql` `,
    )} end`;
  const required = search.match === 'all' ? search.terms.length : 1;
  const endorsedOk = search.endorsed ? sql`er.endorsements > 0` : sql`true`;
  // A rating's endorsements: given for the level its self rating holds now (unique per member, skill and level).
  const endorsementsOf = (rating: SQL) =>
    sql`left join en on en.membership_id = ${rating}.membership_id and en.skill_id = ${rating}.skill_id
        and en.level_endorsed = ${rating}.self_level`;
  const result = await db.execute(sql`
    with
    -- Endorsements of the asked skills that still vouch for the rating: given (in any cycle) for the level the
    -- self rating holds now. One marked "rating changed since" (lib/trust/endorsements.ts) no longer counts.
    -- Read once for the asked skills (endorsements_skill_idx), not once per person and skill.
    en as (
      select en.membership_id, en.skill_id, en.level_endorsed, count(*)::int as endorsements
      from endorsements en
      where en.organization_id = ${organizationId} and en.skill_id in (${skillList})
      group by en.membership_id, en.skill_id, en.level_endorsed
    ),
    -- The skill filter reaches the ratings index (skill, source, level, member) inside the subquery.
    -- A skill that requires a certification counts only with a valid one (lib/trust/certification-rule.ts).
    -- The endorsements join every rating only when the search counts endorsed ratings alone; otherwise only
    -- the page's people show them (below): a join over all ~25,000 ratings of an admin's search for nothing.
    er as materialized (
      select x.membership_id, x.skill_id, x.level, x.self_level, x.not_applicable, x.interest,
             ${termOf('position')} as position, ${termOf('min_level')} as min_level
             ${search.endorsed ? sql`, coalesce(en.endorsements, 0) as endorsements` : sql``}
      from (${certifiedRatingsSubquery(organizationId, ratings)}) x
      ${search.endorsed ? endorsementsOf(sql`x`) : sql``}
      where x.skill_id in (${skillList})),
    holders as (
      select er.skill_id, count(*) filter (where er.level >= ${KEY_PERSON_MIN_LEVEL}) as advanced
      from er group by er.skill_id
    ),
    -- Counts first, for everyone; the detail (one JSON object per term) only for the people on the page:
    -- at 10,000 members building it for all of them cost more than the rest of the search.
    per_person as (
      select er.membership_id,
             count(*) filter (where er.level >= er.min_level and ${endorsedOk}) as met_count,
             count(*) filter (where (er.level >= er.min_level and ${endorsedOk})
                                 or (${search.grow}::boolean and er.interest)) as matched_count,
             coalesce(sum(er.level), 0) as level_sum
      from er
      group by er.membership_id
    ),
    ranked as materialized (
      select p.membership_id, u.name, p.met_count, p.matched_count, p.level_sum, count(*) over () as total
      from per_person p
      join memberships m on m.organization_id = ${organizationId} and m.id = p.membership_id
      join users u on u.id = m.user_id
      where p.matched_count >= ${required}
      order by p.met_count desc, p.matched_count desc, p.level_sum desc, lower(u.name), p.membership_id
      limit ${limit}
    ),
    -- The visible teams of the people on the page only, in one grouped read (not a subquery per row).
    person_teams as (
      select tm.membership_id,
             json_agg(json_build_object('id', tv.id, 'name', tv.name) order by lower(tv.name), tv.id) as teams
      from team_members tm
      join teams tv on tv.organization_id = tm.organization_id and tv.id = tm.team_id
      where tm.organization_id = ${organizationId} and tm.membership_id in (select rk.membership_id from ranked rk)
        and ${visibleTeamsFilter(actor, 'individuals', sql`tm.team_id`)}
      group by tm.membership_id
    )
    select r.membership_id, r.name, r.met_count, r.matched_count, r.total,
           json_agg(json_build_object(
             'skill_id', er.skill_id, 'level', er.level, 'na', er.not_applicable, 'interest', er.interest,
             'met', coalesce(er.level >= er.min_level and ${endorsedOk}, false),
             'endorsements', ${search.endorsed ? sql`er.endorsements` : sql`coalesce(en.endorsements, 0)`},
             'sole', coalesce(er.level >= ${KEY_PERSON_MIN_LEVEL} and h.advanced = 1, false)
           ) order by er.position) as detail,
           coalesce((array_agg(pt.teams))[1], '[]'::json) as teams
    from ranked r
    join er on er.membership_id = r.membership_id
    join holders h on h.skill_id = er.skill_id
    ${search.endorsed ? sql`` : endorsementsOf(sql`er`)}
    left join person_teams pt on pt.membership_id = r.membership_id
    group by r.membership_id, r.name, r.met_count, r.matched_count, r.level_sum, r.total
    order by r.met_count desc, r.matched_count desc, r.level_sum desc, lower(r.name), r.membership_id`);
  const rows = parseRows(result, personRow);
  const people = rows.map((row): PersonMatch => {
    const detail = new Map(row.detail.map((entry) => [entry.skill_id, entry]));
    const terms = search.terms.map((term): PersonTermResult => {
      const entry = detail.get(term.skillId);
      return {
        skillId: term.skillId,
        level: entry?.level ?? null,
        notApplicable: entry?.na ?? false,
        interest: entry?.interest ?? false,
        met: entry?.met ?? false,
        endorsements: entry?.endorsements ?? 0,
        soleHolder: entry?.sole ?? false,
      };
    });
    return {
      membershipId: row.membership_id,
      name: row.name,
      teams: row.teams,
      terms,
      metCount: Number(row.met_count),
      matchedCount: Number(row.matched_count),
      keyPerson: terms.some((term) => term.soleHolder),
    };
  });
  return { people, total: rows.length > 0 ? Number(rows[0]!.total) : 0 };
}

/** The page's and the route's query, once parsed: what `findPeopleAcrossSkills` takes. */
export function searchOf(cycleId: string, query: PeopleQuery, limit?: number): PeopleSearch {
  return {
    cycleId,
    terms: query.terms,
    match: query.match,
    grow: query.grow,
    endorsed: query.endorsed,
    view: query.view,
    limit,
  };
}
