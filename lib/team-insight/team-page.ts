import 'server-only';
import { cache } from 'react';
import { notFound } from 'next/navigation';
import { and, asc, desc, eq, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb, rowsOf, type Db } from '@/db';
import { assessmentCycles, frameworks, type Team } from '@/db/schema';
import { cycleNodes } from '@/lib/frameworks/cycle-skills';
import { requireTeamAccess, type Actor, type TeamAccess } from '@/lib/auth/authorize';
import { AuthorizationError } from '@/lib/auth/errors';
import { requireSession, type SessionContext } from '@/lib/auth/session';

export interface TeamCycle {
  id: string;
  name: string;
  status: 'open' | 'closed';
  frameworkId: string;
}

export interface TeamPageContext {
  team: Pick<Team, 'id' | 'name' | 'organizationId'>;
  /** The team's open cycle (its own before the organization's), else the latest closed one; null before any cycle. */
  cycle: TeamCycle | null;
  framework: { id: string; name: string } | null;
}

/**
 * The cycle a team page is about. A team's own cycle is more specific than an
 * organization-wide one; with nothing open, the latest closed cycle is shown
 * as a read-only snapshot.
 */
export async function findTeamCycle(db: Db, organizationId: string, teamId: string): Promise<TeamCycle | null> {
  const [cycle] = await db
    .select({
      id: assessmentCycles.id,
      name: assessmentCycles.name,
      status: assessmentCycles.status,
      frameworkId: assessmentCycles.frameworkId,
    })
    .from(assessmentCycles)
    .where(
      and(
        eq(assessmentCycles.organizationId, organizationId),
        or(isNull(assessmentCycles.teamId), eq(assessmentCycles.teamId, teamId)),
      ),
    )
    .orderBy(
      asc(assessmentCycles.status), // 'open' sorts before 'closed' in the enum
      sql`${assessmentCycles.teamId} is null`,
      desc(assessmentCycles.opensOn),
    )
    .limit(1);
  return cycle ?? null;
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
  const cycle = await findTeamCycle(db, organizationId, team.id);
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

const teamIdSchema = z.uuid();

/**
 * For pages and layouts under /teams/[teamId]: a malformed id, another
 * organization's team, or a team the user may not see at that level is a
 * 404, so a guess learns nothing about what exists. Memoised per request: the
 * layout and the page ask the same question.
 */
export const requireTeamPage = cache(async function requireTeamPage(
  rawTeamId: string,
  access: TeamAccess = 'individuals',
): Promise<{ session: SessionContext; db: Db; context: TeamPageContext }> {
  const session = await requireSession();
  const parsed = teamIdSchema.safeParse(rawTeamId);
  if (!parsed.success) notFound();
  const db = await getDb();
  try {
    const context = await loadTeamPageContext(db, session, parsed.data, access);
    return { session, db, context };
  } catch (error) {
    if (error instanceof AuthorizationError) notFound();
    throw error;
  }
});

export interface VisibleTeam {
  id: string;
  name: string;
  /** The user manages it (or is an admin): the heatmap and member detail are open to them. */
  manages: boolean;
  memberCount: number;
  /** Members with at least one self rating (level or n/a) in the team's cycle. */
  raters: number;
  cycleName: string | null;
  /** Rated / (members × live skills), 0–100; null without a cycle, or for a member's team below the privacy threshold. */
  completionPercent: number | null;
  /** Mean over members of each one's mean self level; null below the privacy threshold. */
  teamMean: number | null;
}

interface VisibleTeamRow {
  id: string;
  name: string;
  manages: boolean;
  member_count: number | string;
  raters: number | string;
  cycle_name: string | null;
  rated_total: number | string | null;
  skill_total: number | string | null;
  team_mean: number | string | null;
}

/**
 * The teams of the actor's organization the /teams page lists: all for
 * admins; for others the teams they manage and the teams they belong to.
 * For a team the user only belongs to, aggregates are shown only once at
 * least `minRaters` members have rated (PRODUCT.md privacy rule).
 */
export async function loadVisibleTeams(db: Db, actor: Actor, minRaters: number): Promise<VisibleTeam[]> {
  const org = actor.membership.organizationId;
  const me = actor.membership.id;
  const admin = actor.membership.role === 'admin';
  const result = await db.execute(sql`
    with visible as materialized (
      select t.id, t.name,
             (${admin} or exists (
               select 1 from team_managers tmg
               where tmg.organization_id = ${org} and tmg.team_id = t.id and tmg.membership_id = ${me}
             ) and ${actor.membership.role !== 'member'}) as manages
      from teams t
      where t.organization_id = ${org}
        and (${admin}
          or t.id in (select team_id from team_managers where organization_id = ${org} and membership_id = ${me})
          or t.id in (select team_id from team_members where organization_id = ${org} and membership_id = ${me}))
    ),
    cyc as materialized (
      select v.id as team_id, c.id as cycle_id, c.framework_id, c.name as cycle_name
      from visible v
      left join lateral (
        select ac.id, ac.framework_id, ac.name from assessment_cycles ac
        where ac.organization_id = ${org} and (ac.team_id is null or ac.team_id = v.id)
        order by ac.status, ac.team_id is null, ac.opens_on desc
        limit 1
      ) c on true
    ),
    -- Skills per cycle: each cycle counts the skills of the framework version it is bound to.
    totals as materialized (
      select x.cycle_id,
             (select count(*) from ${cycleNodes({ organizationId: org, cycleId: sql`x.cycle_id` })} s
              where s.kind = 'skill' and s.archived_at is null)::int as skills
      from (select distinct cycle_id from cyc where cycle_id is not null) x
    ),
    per_member as (
      select tm.team_id, tm.membership_id,
             (count(r.skill_id) filter (where r.level is not null or r.not_applicable))::int as rated,
             avg(r.level) as mean
      from team_members tm
      join visible v on v.id = tm.team_id
      join memberships m on m.organization_id = ${org} and m.id = tm.membership_id and m.status = 'active'
      join cyc on cyc.team_id = tm.team_id
      left join ratings r
        on r.organization_id = ${org} and r.cycle_id = cyc.cycle_id
       and r.membership_id = tm.membership_id and r.source = 'self'
      where tm.organization_id = ${org}
      group by tm.team_id, tm.membership_id
    )
    select v.id, v.name, v.manages, cyc.cycle_name,
           count(pm.membership_id)::int as member_count,
           (count(pm.membership_id) filter (where pm.rated > 0))::int as raters,
           sum(pm.rated)::int as rated_total,
           totals.skills as skill_total,
           avg(pm.mean)::float8 as team_mean
    from visible v
    join cyc on cyc.team_id = v.id
    left join totals on totals.cycle_id = cyc.cycle_id
    left join per_member pm on pm.team_id = v.id
    group by v.id, v.name, v.manages, cyc.cycle_name, totals.skills
    order by v.name`);
  return rowsOf<VisibleTeamRow>(result).map((row) => {
    const memberCount = Number(row.member_count);
    const raters = Number(row.raters);
    const skills = Number(row.skill_total ?? 0);
    const manages = Boolean(row.manages);
    const visibleAggregates = manages || raters >= minRaters;
    const possible = memberCount * skills;
    return {
      id: row.id,
      name: row.name,
      manages,
      memberCount,
      raters,
      cycleName: row.cycle_name,
      completionPercent:
        visibleAggregates && row.cycle_name !== null && possible > 0
          ? Math.round((Number(row.rated_total ?? 0) / possible) * 100)
          : null,
      teamMean: visibleAggregates && row.team_mean !== null ? Number(row.team_mean) : null,
    };
  });
}
