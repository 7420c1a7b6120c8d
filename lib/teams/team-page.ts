/**
 * The one guard of every page under /teams/[teamId]: it parses the id (one
 * schema, `teamIdSchema`), checks access through the authorization module and
 * loads the team's current cycle (lib/cycles/current.ts) and its framework.
 * A malformed id, another organization's team, or a team the user may not see
 * at that level is a 404, so a guess learns nothing about what exists.
 */
import 'server-only';
import { cache } from 'react';
import { and, eq } from 'drizzle-orm';
import { getDb, type Db } from '@/db';
import { frameworks, type AssessmentCycle, type Team } from '@/db/schema';
import { requireTeamAccess, type Actor, type TeamAccess } from '@/lib/auth/authorize';
import { orNotFound, parseParamOrNotFound } from '@/lib/auth/page-access';
import { requireSession, type SessionContext } from '@/lib/auth/session';
import { findCurrentCycle } from '@/lib/cycles/current';
import type { TeamCycleScope } from '@/lib/insight/team-members';
import { teamIdSchema } from './schemas';

export type TeamCycle = Pick<AssessmentCycle, 'id' | 'name' | 'status' | 'frameworkId' | 'opensOn' | 'closesOn'>;

export interface TeamPageContext {
  team: Pick<Team, 'id' | 'name' | 'organizationId'>;
  /** The team's current cycle (lib/cycles/current.ts); null before any cycle. */
  cycle: TeamCycle | null;
  framework: { id: string; name: string } | null;
}

/** Team, cycle and framework for a team page, after the authorization check. */
export async function loadTeamPageContext(
  db: Db,
  actor: Actor | null,
  teamId: string,
  access: TeamAccess,
): Promise<TeamPageContext> {
  const team = await requireTeamAccess(db, actor, teamId, access);
  const organizationId = team.organizationId;
  const current = await findCurrentCycle(db, { organizationId, teamId: team.id });
  const cycle: TeamCycle | null = current
    ? {
        id: current.id,
        name: current.name,
        status: current.status,
        frameworkId: current.frameworkId,
        opensOn: current.opensOn,
        closesOn: current.closesOn,
      }
    : null;
  let framework: TeamPageContext['framework'] = null;
  if (cycle) {
    const [row] = await db
      .select({ id: frameworks.id, name: frameworks.name })
      .from(frameworks)
      .where(and(eq(frameworks.organizationId, organizationId), eq(frameworks.id, cycle.frameworkId)))
      .limit(1);
    framework = row ?? null;
  }
  return { team: { id: team.id, name: team.name, organizationId }, cycle, framework };
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
 */
export const requireTeamPage = cache(async function requireTeamPage(
  rawTeamId: string,
  access: TeamAccess = 'individuals',
): Promise<{ session: SessionContext; db: Db; context: TeamPageContext; scope: TeamCycleScope | null }> {
  const session = await requireSession();
  const teamId = parseParamOrNotFound(teamIdSchema, rawTeamId);
  const db = await getDb();
  const context = await orNotFound(loadTeamPageContext(db, session, teamId, access));
  return { session, db, context, scope: teamQueryScope(session, context) };
});
