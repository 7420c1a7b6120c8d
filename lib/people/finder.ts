/**
 * People finder: who is at level ≥ N in a skill (optionally also wanting to
 * grow there), and who wants to grow in it at any level — among the people the
 * caller may see individually: the whole organization for admins, the members
 * of their own teams for managers. One query answers both lists.
 */
import 'server-only';
import { and, asc, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { rowsOf, type Db } from '@/db';
import { assessmentCycles, skillNodes, type AssessmentCycle } from '@/db/schema';
import { isAdmin, type Actor } from '@/lib/auth/authorize';
import { effectiveRatingsSubquery, ratingViewSchema, type RatingView } from '@/lib/insight/effective-ratings';

export const PEOPLE_RESULT_LIMIT = 200;

export const peopleSearchSchema = z.object({
  skill: z.guid().optional().catch(undefined),
  min: z.coerce.number().int().min(0).max(10).catch(3).default(3),
  interest: z
    .string()
    .optional()
    .transform((value) => value === '1' || value === 'on')
    .catch(false),
  view: ratingViewSchema.default('self'),
});
export type PeopleSearch = z.output<typeof peopleSearchSchema>;

/** The organization's open cycle (its organization-wide one first), else its latest cycle. */
export async function findPeopleCycle(db: Db, organizationId: string): Promise<AssessmentCycle | null> {
  const [cycle] = await db
    .select()
    .from(assessmentCycles)
    .where(eq(assessmentCycles.organizationId, organizationId))
    .orderBy(
      sql`${assessmentCycles.status} = 'open' desc`,
      sql`${assessmentCycles.teamId} is null desc`,
      desc(assessmentCycles.opensOn),
      desc(assessmentCycles.createdAt),
    )
    .limit(1);
  return cycle ?? null;
}

export async function listFinderSkills(db: Db, organizationId: string, frameworkId: string) {
  return db
    .select({ id: skillNodes.id, name: skillNodes.name })
    .from(skillNodes)
    .where(
      and(
        eq(skillNodes.organizationId, organizationId),
        eq(skillNodes.frameworkId, frameworkId),
        eq(skillNodes.kind, 'skill'),
        isNull(skillNodes.archivedAt),
      ),
    )
    .orderBy(asc(skillNodes.name), asc(skillNodes.id));
}

/** The teams whose members the actor may see one by one. */
function visibleTeamIds(actor: Actor): SQL {
  const organizationId = actor.membership.organizationId;
  return isAdmin(actor)
    ? sql`select t.id from teams t where t.organization_id = ${organizationId}`
    : sql`select tmg.team_id from team_managers tmg
          where tmg.organization_id = ${organizationId} and tmg.membership_id = ${actor.membership.id}`;
}

/** Admins see every active member (with or without a team); managers the active members of their teams. */
function visibleMemberships(actor: Actor): SQL {
  const organizationId = actor.membership.organizationId;
  if (isAdmin(actor)) {
    return sql`select m.id from memberships m where m.organization_id = ${organizationId} and m.status = 'active'`;
  }
  return sql`
    select tm.membership_id from team_members tm
    join memberships m on m.organization_id = tm.organization_id and m.id = tm.membership_id
    where tm.organization_id = ${organizationId} and m.status = 'active'
      and tm.team_id in (${visibleTeamIds(actor)})`;
}

export interface PersonResult {
  membershipId: string;
  name: string;
  level: number | null;
  notApplicable: boolean;
  interest: boolean;
  /** Visible teams, by name. */
  teams: { id: string; name: string }[];
}

export interface PeopleResults {
  /** At level ≥ min (and wanting to grow, when asked). */
  atLevel: PersonResult[];
  /** Wanting to grow, any level. */
  wantToGrow: PersonResult[];
}

export async function findPeople(
  db: Db,
  actor: Actor,
  query: { cycleId: string; skillId: string; minLevel: number; interestOnly: boolean; view: RatingView },
): Promise<PeopleResults> {
  const organizationId = actor.membership.organizationId;
  const ratings = effectiveRatingsSubquery({
    organizationId,
    cycleId: query.cycleId,
    memberships: visibleMemberships(actor),
    view: query.view,
  });
  const result = await db.execute(sql`
    select er.membership_id, u.name, er.level, er.not_applicable, er.interest,
           coalesce(
             (select json_agg(json_build_object('id', t.id, 'name', t.name) order by lower(t.name), t.id)
              from team_members tm
              join teams t on t.organization_id = tm.organization_id and t.id = tm.team_id
              where tm.organization_id = ${organizationId} and tm.membership_id = er.membership_id
                and tm.team_id in (${visibleTeamIds(actor)})),
             '[]'::json) as teams,
           (er.level >= ${query.minLevel} and (${!query.interestOnly}::boolean or er.interest)) as at_level
    from (${ratings}) er
    join memberships m on m.organization_id = ${organizationId} and m.id = er.membership_id
    join users u on u.id = m.user_id
    where er.skill_id = ${query.skillId}
      and ((er.level >= ${query.minLevel} and (${!query.interestOnly}::boolean or er.interest)) or er.interest)
    order by er.level desc nulls last, lower(u.name), er.membership_id
    limit ${PEOPLE_RESULT_LIMIT * 2}`);
  const rows = rowsOf<{
    membership_id: string;
    name: string;
    level: number | string | null;
    not_applicable: boolean;
    interest: boolean;
    teams: { id: string; name: string }[] | string;
    at_level: boolean;
  }>(result);
  const people = rows.map((row) => ({
    atLevel: row.at_level,
    person: {
      membershipId: row.membership_id,
      name: row.name,
      level: row.level === null ? null : Number(row.level),
      notApplicable: row.not_applicable,
      interest: row.interest,
      teams: typeof row.teams === 'string' ? (JSON.parse(row.teams) as { id: string; name: string }[]) : row.teams,
    },
  }));
  return {
    atLevel: people
      .filter((entry) => entry.atLevel)
      .map((entry) => entry.person)
      .slice(0, PEOPLE_RESULT_LIMIT),
    wantToGrow: people
      .filter((entry) => entry.person.interest)
      .map((entry) => entry.person)
      .slice(0, PEOPLE_RESULT_LIMIT),
  };
}
