import 'server-only';
/**
 * The admin's /teams list of a large organization, precomputed
 * (docs/decisions/0015-teams-list-completion-snapshot.md).
 *
 * The list shows every team's completion of its current cycle. For an admin that is every member's self
 * ratings of the cycle: at 10,000 members 3.2 M ratings read per request, 9–10 s (issue 23). So, above
 * TEAMS_SNAPSHOT_MIN_PAIRS, the admin's list reads the figures the `teams.completion-snapshot` job wrote with
 * the live list's own statement (`visibleTeamsSql`, inserted as it is), shown "as of" their time: they are
 * the live figures of that moment, by construction. A team whose current cycle is not the snapshot's (a
 * cycle opened since) or that is newer than the snapshot shows "being computed", never another cycle's
 * figures. Managers, members and small organizations stay live; every team's own completion page is live.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { column, parseRows } from '@/db/rows';
import { isAdmin, type Actor } from '@/lib/auth/authorize';
import { currentCycleIdSql } from '@/lib/cycles/current';
import { cycleSkillIds } from '@/lib/frameworks/cycle-skills';
import { defineJob } from '@/lib/jobs/define-job';
import { enqueue } from '@/lib/jobs/enqueue';
import { parseVisibleTeams, toVisibleTeam, visibleTeamRow, visibleTeamsSql, type VisibleTeam } from './visible-teams';

/**
 * From this many member × skill pairs (each listed team's active members × its cycle's skills) the admin's
 * list is served from the snapshot. The live statement reads every pair's rating: ~1 ms per member at 320
 * skills on the benchmark machine (10,000 members: 9–10 s), so 100,000 pairs (~310 members) is ~0.3 s, the
 * most a page may spend on it.
 */
export const TEAMS_SNAPSHOT_MIN_PAIRS = 100_000;

/** A snapshot viewed after this long asks for a new one (the job is debounced per organization by its queue). */
export const TEAMS_SNAPSHOT_STALE_AFTER_MS = 15 * 60 * 1000;

export interface TeamsList {
  teams: VisibleTeam[];
  /**
   * Null: every figure is live. Otherwise the figures come from the snapshot: `computedAt` (null when there is
   * none yet), `pending` (teams whose figures are not in it: being computed), `refreshing` (a new one was asked for).
   */
  snapshot: { computedAt: Date | null; pending: ReadonlySet<string>; refreshing: boolean } | null;
}

const snapshotReadRow = visibleTeamRow.extend({
  pairs: column.number,
  live_members: column.number,
  has_figures: column.boolean,
  computed_at: column.nullableDate,
});

/**
 * The /teams list as the page shows it. For an admin, one statement first reads the organization's size, the
 * teams with their current cycle and the snapshot's figures; below the threshold the live statement follows.
 */
export async function loadTeamsList(
  db: Db,
  actor: Actor,
  minRaters: number,
  { minPairs = TEAMS_SNAPSHOT_MIN_PAIRS, now = new Date() }: { minPairs?: number; now?: Date } = {},
): Promise<TeamsList> {
  if (!isAdmin(actor)) return { teams: await liveTeams(db, actor, minRaters), snapshot: null };
  const org = actor.membership.organizationId;
  const rows = parseRows(
    await db.execute(sql`
      with cyc as materialized (
        select t.id as team_id, t.name, c.id as cycle_id, c.name as cycle_name
        from teams t
        left join assessment_cycles c
          on c.organization_id = ${org} and c.id = (${currentCycleIdSql({ organizationId: org, teamId: sql`t.id` })})
        where t.organization_id = ${org}
      ),
      members as materialized (
        select t.team_id, count(*)::bigint as n
        from team_members t
        join memberships m on m.organization_id = t.organization_id and m.id = t.membership_id and m.status = 'active'
        where t.organization_id = ${org}
        group by t.team_id
      ),
      skills as materialized (
        select x.cycle_id, (select count(*) from (${cycleSkillIds({ organizationId: org, cycleId: sql`x.cycle_id` })}) k)::bigint as n
        from (select distinct cycle_id from cyc where cycle_id is not null) x
      ),
      size as (
        select coalesce(sum(m.n * k.n), 0)::bigint as pairs
        from cyc join members m on m.team_id = cyc.team_id join skills k on k.cycle_id = cyc.cycle_id
      )
      select cyc.team_id as id, cyc.name, true as manages, cyc.cycle_id, cyc.cycle_name,
             s.skills, coalesce(s.member_count, 0) as member_count, coalesce(s.raters, 0) as raters,
             coalesce(s.members_done, 0) as members_done, coalesce(s.rated, 0) as rated,
             coalesce(s.confirmed, 0) as confirmed, coalesce(s.to_confirm, 0) as to_confirm, s.team_mean,
             (select pairs from size) as pairs, coalesce(m.n, 0) as live_members,
             (s.team_id is not null and s.cycle_id is not distinct from cyc.cycle_id) as has_figures,
             (select max(a.computed_at) from team_completion_snapshots a where a.organization_id = ${org}) as computed_at
      from cyc
      left join team_completion_snapshots s on s.organization_id = ${org} and s.team_id = cyc.team_id
      left join members m on m.team_id = cyc.team_id
      order by cyc.name`),
    snapshotReadRow,
  );
  const pairs = Number(rows[0]?.pairs ?? 0);
  if (pairs < minPairs) return { teams: await liveTeams(db, actor, minRaters), snapshot: null };

  const computedAt = rows[0]?.computed_at ?? null;
  // A team in the snapshot with another cycle than its current one, or not in it: no figures to show yet.
  const pending = new Set(rows.filter((row) => row.cycle_id !== null && !row.has_figures).map((row) => row.id));
  const stale = computedAt === null || now.getTime() - computedAt.getTime() > TEAMS_SNAPSHOT_STALE_AFTER_MS;
  const refreshing = stale || pending.size > 0;
  if (refreshing) await requestTeamCompletionSnapshot(db, org);
  return {
    teams: rows.map((row) => {
      const team = toVisibleTeam(row, minRaters);
      // Without this team's figures: its member count is today's, its completion is not known yet.
      return row.has_figures
        ? team
        : { ...team, memberCount: Number(row.live_members), completion: null, teamMean: null };
    }),
    snapshot: { computedAt, pending, refreshing },
  };
}

async function liveTeams(db: Db, actor: Actor, minRaters: number): Promise<VisibleTeam[]> {
  return parseVisibleTeams(await db.execute(visibleTeamsSql(actor)), minRaters);
}

/** An admin of the organization as the job reads the list (an admin's teams depend on the organization alone). */
function organizationAdmin(organizationId: string): Actor {
  const nil = '00000000-0000-0000-0000-000000000000';
  return { user: { id: nil }, membership: { id: nil, role: 'admin', organizationId } };
}

/**
 * Computes the organization's snapshot with the live list's statement and replaces the previous one in one
 * transaction (readers see the old rows until the commit). Returns its time.
 */
export async function computeTeamCompletionSnapshot(
  db: Db,
  organizationId: string,
  { statementTimeoutMs }: { statementTimeoutMs?: number } = {},
): Promise<Date> {
  const live = visibleTeamsSql(organizationAdmin(organizationId));
  return db.transaction(async (tx) => {
    if (statementTimeoutMs !== undefined) {
      await tx.execute(sql.raw(`set local statement_timeout = ${Math.max(1, Math.trunc(statementTimeoutMs))}`));
    }
    await tx.execute(sql`delete from team_completion_snapshots where organization_id = ${organizationId}`);
    await tx.execute(sql`
      insert into team_completion_snapshots (organization_id, team_id, cycle_id, member_count, raters, skills,
        members_done, rated, confirmed, to_confirm, team_mean)
      select ${organizationId}, x.id, x.cycle_id, x.member_count, x.raters, x.skills,
             x.members_done, x.rated, x.confirmed, x.to_confirm, x.team_mean
      from (${live}) x`);
    // now() is the transaction's start: the moment every row was read, also with no team at all.
    const [row] = parseRows(await tx.execute(sql`select now() as computed_at`), z.object({ computed_at: column.date }));
    return row!.computed_at;
  });
}

/** `teams.completion-snapshot`: recomputes one organization's /teams figures; requests coalesce (the queue's policy). */
export const teamCompletionSnapshotJob = defineJob({
  name: 'teams.completion-snapshot',
  payload: z.object({ organizationId: z.uuid() }),
  handler: async ({ organizationId }, context) => {
    await computeTeamCompletionSnapshot(context.db, organizationId);
  },
});

/** Asks for the organization's snapshot to be (re)computed; at most one waiting per organization. */
export function requestTeamCompletionSnapshot(db: Db, organizationId: string): Promise<string | null> {
  return enqueue(db, teamCompletionSnapshotJob, { organizationId }, { singletonKey: organizationId });
}
