/**
 * The one guard of every page under /teams/[teamId]: it parses the id (one
 * schema, `teamIdSchema`), checks access through the authorization module and
 * loads the team's current cycle (lib/cycles/current.ts) and its framework.
 * A malformed id, another organization's team, or a team the user may not see
 * at that level is a 404, so a guess learns nothing about what exists.
 */
import 'server-only';
import { cache } from 'react';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb, type Db } from '@/db';
import { column, queryRows } from '@/db/rows';
import { assessmentCycles, frameworks, proficiencyLevels, teams, type AssessmentCycle, type Team } from '@/db/schema';
import { requireActor, teamAccessVerdict, visibleTeamsFilter, type Actor, type TeamAccess } from '@/lib/auth/authorize';
import { orNotFound, parseParamOrNotFound } from '@/lib/auth/page-access';
import { requireSession, type SessionContext } from '@/lib/auth/session';
import { cycleSubjectFilter, currentCycleOrder } from '@/lib/cycles/current';
import type { TeamCycleScope } from '@/lib/insight/team-members';
import type { LevelName } from '@/lib/profile/levels';
import { teamIdSchema } from './schemas';

export type TeamCycle = Pick<
  AssessmentCycle,
  'id' | 'name' | 'status' | 'frameworkId' | 'opensOn' | 'closesOn' | 'dueOn'
>;

export interface TeamPageContext {
  team: Pick<Team, 'id' | 'name' | 'organizationId'>;
  /** The team's current cycle (lib/cycles/current.ts); null before any cycle. */
  cycle: TeamCycle | null;
  framework: { id: string; name: string } | null;
  /** The framework's scale, lowest first (lib/profile/levels.ts); empty without a cycle. */
  levels: LevelName[];
}

const levelsSchema = z.array(z.object({ level: z.number(), name: z.string() }));

const contextRow = z.object({
  id: column.text,
  name: column.text,
  organization_id: column.text,
  visible: column.boolean,
  cycle_id: column.nullableText,
  cycle_name: column.nullableText,
  cycle_status: z.enum(['open', 'closed']).nullable(),
  cycle_framework_id: column.nullableText,
  cycle_opens_on: column.nullableText,
  cycle_closes_on: column.nullableText,
  cycle_due_on: column.nullableText,
  framework_name: column.nullableText,
  levels: column.json,
});

/**
 * Team, access verdict, current cycle, framework and its level names for a
 * team page — in ONE statement. Every page under /teams/[teamId] runs this
 * per request (layout and page share it through `requireTeamPage`); it was
 * five round trips (team, access check, cycle, framework, levels), each a
 * full trip through the pool for a row or two. The rules stay where they
 * live: visibility is `visibleTeamsFilter` (lib/auth/authorize.ts) and the
 * verdict `teamAccessVerdict`; the cycle is `cycleSubjectFilter` +
 * `currentCycleOrder` (lib/cycles/current.ts).
 */
export async function loadTeamPageContext(
  db: Db,
  actor: Actor | null,
  teamId: string,
  access: TeamAccess,
): Promise<TeamPageContext> {
  const signedIn = requireActor(actor);
  const organizationId = signedIn.membership.organizationId;
  const subject = { organizationId, teamId: sql`t.id` };
  const [row] = await queryRows(
    db,
    sql`select t.id, t.name, t.organization_id,
        ${visibleTeamsFilter(signedIn, access, sql`t.id`)} as visible,
        c.id as cycle_id, c.name as cycle_name, c.status as cycle_status, c.framework_id as cycle_framework_id,
        c.opens_on::text as cycle_opens_on, c.closes_on::text as cycle_closes_on, c.due_on::text as cycle_due_on,
        f.name as framework_name,
        coalesce((
          select json_agg(json_build_object('level', l.level, 'name', l.name) order by l.level)
          from ${proficiencyLevels} l
          where l.organization_id = t.organization_id and l.framework_id = f.id
        ), '[]'::json) as levels
      from ${teams} t
      left join lateral (
        select ${assessmentCycles.id} as id, ${assessmentCycles.name} as name, ${assessmentCycles.status} as status,
          ${assessmentCycles.frameworkId} as framework_id, ${assessmentCycles.opensOn} as opens_on,
          ${assessmentCycles.closesOn} as closes_on, ${assessmentCycles.dueOn} as due_on
        from ${assessmentCycles}
        where ${cycleSubjectFilter(subject)}
        order by ${sql.join(currentCycleOrder(subject), sql`, `)}
        limit 1
      ) c on true
      left join ${frameworks} f on f.organization_id = t.organization_id and f.id = c.framework_id
      where t.organization_id = ${organizationId} and t.id = ${teamId}
      limit 1`,
    contextRow,
  );
  const team = teamAccessVerdict(row);
  const cycle: TeamCycle | null =
    team.cycle_id && team.cycle_name && team.cycle_status && team.cycle_framework_id
      ? {
          id: team.cycle_id,
          name: team.cycle_name,
          status: team.cycle_status,
          frameworkId: team.cycle_framework_id,
          opensOn: team.cycle_opens_on ?? '',
          closesOn: team.cycle_closes_on ?? '',
          dueOn: team.cycle_due_on,
        }
      : null;
  const framework = cycle && team.framework_name !== null ? { id: cycle.frameworkId, name: team.framework_name } : null;
  return {
    team: { id: team.id, name: team.name, organizationId: team.organization_id },
    cycle,
    framework,
    levels: framework ? levelsSchema.parse(team.levels) : [],
  };
}

/**
 * The scope every team query takes (lib/insight/team-members.ts): the viewer,
 * the team and its current cycle; null before the team's first cycle.
 */
export function teamQueryScope(actor: Actor, context: TeamPageContext): TeamCycleScope | null {
  if (!context.cycle || !context.framework) return null;
  return { actor, teamId: context.team.id, cycleId: context.cycle.id, frameworkId: context.framework.id };
}

/**
 * For the layout and every page under /teams/[teamId]. Memoised per request:
 * the layout and the page ask the same question. Every team page is a
 * manager view ('individuals') unless it says otherwise. `scope` is what the
 * team queries take, asked as the signed-in user (null before any cycle).
 * The default is applied before the memoised call: React's `cache` keys on the
 * arguments as passed, so `requireTeamPage(id)` in a page and
 * `requireTeamPage(id, 'individuals')` in the layout ran the context statement twice.
 */
export function requireTeamPage(
  rawTeamId: string,
  access: TeamAccess = 'individuals',
): Promise<{ session: SessionContext; db: Db; context: TeamPageContext; scope: TeamCycleScope | null }> {
  return requireTeamPageOnce(rawTeamId, access);
}

const requireTeamPageOnce = cache(async function requireTeamPage(
  rawTeamId: string,
  access: TeamAccess,
): Promise<{ session: SessionContext; db: Db; context: TeamPageContext; scope: TeamCycleScope | null }> {
  const session = await requireSession();
  const teamId = parseParamOrNotFound(teamIdSchema, rawTeamId);
  const db = await getDb();
  const context = await orNotFound(loadTeamPageContext(db, session, teamId, access));
  return { session, db, context, scope: teamQueryScope(session, context) };
});
