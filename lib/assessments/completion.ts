import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { column, parseRows } from '@/db/rows';
import type { Actor } from '@/lib/auth/authorize';
import { cycleNodes } from '@/lib/frameworks/cycle-skills';
import { teamMembersSql } from '@/lib/insight/team-members';
import type { ProfileScope } from '@/lib/profile/scope';
import { staleSql } from '@/lib/trust/stale';
import { isComplete, percentDone, sumCompletion, type CompletionCounts } from './completion-rule';
import { activitySql, confirmedSql, ratedSql, toConfirmSql } from './completion-sql';

/*
 * The one loader every server figure reads — one member (/me, home), a team
 * (team completion and its reminder list, the manager's home), any set of
 * members (the gap report's summary) — on the SQL rule of ./completion-sql.ts.
 */
export { activitySql, confirmedSql, doneSql, hasValueSql, ratedSql, toConfirmSql } from './completion-sql';

export interface MemberCompletion extends CompletionCounts {
  membershipId: string;
  name: string;
  email: string;
  /** `done` as a whole percent of `total`; 100 only when every skill is done. */
  percent: number;
  /** The member's latest change or confirmation in this cycle; ISO string. */
  lastActivity: string | null;
  /**
   * Of the ratings with a value, those not changed or confirmed for longer than the organization's
   * stale period (lib/trust/stale.ts): counted apart, done or not.
   */
  stale: number;
}

export interface CompletionScope {
  organizationId: string;
  frameworkId: string;
  cycleId: string;
}

/**
 * Whose completion: the active members of a team as `actor` may see them (none when they may
 * not: lib/insight/team-members.ts), or one member (their own /me and home).
 */
export type CompletionOf = { actor: Actor; teamId: string } | { membershipId: string };

const completionRow = z.object({
  mid: column.text,
  name: column.text,
  email: column.text,
  total: column.number,
  rated: column.number,
  confirmed: column.number,
  to_confirm: column.number,
  stale: column.number,
  last_activity: column.nullableDate,
});

/**
 * The completion of one cycle as CTEs, for statements that fold it into their own (the gap report's
 * summary) and for `loadCompletions` itself, so the figures cannot disagree: `cmp_live` (the cycle's
 * skills), `cmp_members` (`members`: a subquery with a `mid` column, any others kept) and
 * `cmp_per_member` (membership_id, rated, confirmed, to_confirm, stale, last_activity; members
 * without a rating have no row).
 */
export function completionCtes(scope: CompletionScope, members: SQL): SQL {
  const { organizationId: org, frameworkId, cycleId } = scope;
  return sql`
    cmp_live as materialized (
      select s.id from ${cycleNodes({ organizationId: org, cycleId })} s
      where s.organization_id = ${org} and s.framework_id = ${frameworkId}
        and s.kind = 'skill' and s.archived_at is null
    ),
    cmp_members as materialized (${members}),
    -- Aggregated per member first, with the member list driving index lookups
    -- of each member's ratings; a left join on ratings planned far worse.
    cmp_per_member as (
      select r.membership_id, ${perMemberCountsSql(org)}
      from ratings r
      where r.organization_id = ${org}
        and r.cycle_id = ${cycleId}
        and r.membership_id in (select mid from cmp_members)
        and r.source = 'self'
        and r.skill_id in (select id from cmp_live)
      group by r.membership_id
    )`;
}

/**
 * The counts of `cmp_per_member` over self ratings `r` of one member in one cycle: one select list for the
 * one-cycle and the many-cycle CTEs, so a team on the /teams list counts what its completion page counts.
 */
function perMemberCountsSql(org: string): SQL {
  const r = sql`r`;
  return sql`(count(*) filter (where ${ratedSql(r)}))::int as rated,
             (count(*) filter (where ${confirmedSql(r)}))::int as confirmed,
             (count(*) filter (where ${toConfirmSql(r)}))::int as to_confirm,
             (count(*) filter (where ${staleSql(r, org)}))::int as stale,
             max(${activitySql(r)}) as last_activity`;
}

/**
 * `completionCtes` for several cycles in one statement, for a list where each team has its own current
 * cycle (the /teams list): `pairs` is a subquery with columns `cycle_id, framework_id, mid` (distinct).
 * CTEs: `cmpx_pairs`, `cmpx_live` (cycle_id, id: each cycle's skills), `cmpx_skill_sets`, `cmpx_totals` (cycle_id, n) and
 * `cmpx_per_member` (cycle_id, membership_id, then the columns of `cmp_per_member`, then `extra`, a select
 * list over the same ratings `r`; members without a rating have no row).
 */
export function completionByCycleCtes(organizationId: string, pairs: SQL, extra?: SQL): SQL {
  const org = organizationId;
  return sql`
    cmpx_pairs as materialized (${pairs}),
    cmpx_live as materialized (
      select x.cycle_id, s.id
      from (select distinct cycle_id, framework_id from cmpx_pairs) x
      cross join lateral ${cycleNodes({ organizationId: org, cycleId: sql`x.cycle_id` })} s
      where s.organization_id = ${org} and s.framework_id = x.framework_id
        and s.kind = 'skill' and s.archived_at is null
    ),
    cmpx_totals as materialized (
      select x.cycle_id, count(l.id)::int as n
      from (select distinct cycle_id from cmpx_pairs) x
      left join cmpx_live l on l.cycle_id = x.cycle_id
      group by x.cycle_id
    ),
    -- Each cycle's skills as one array, tested per rating below.
    cmpx_skill_sets as materialized (
      select cycle_id, array_agg(id) as ids from cmpx_live group by cycle_id
    ),
    -- Each member's self ratings by one index range (organization, cycle, member, source), then only the
    -- cycle's skills. The CTEs' row counts are invisible to the planner: joined to the skills as rows, it
    -- scanned each member's ratings once per skill (50 members: 16,000 scans, 2.5 M rows read for 13,000
    -- kept, 4.4 s at 10,000 members; issue 23). \`offset 0\` keeps the lateral from being flattened (the skill
    -- test then cannot become a join or an index probe per skill).
    cmpx_per_member as (
      select r.cycle_id, r.membership_id, ${perMemberCountsSql(org)}${extra ? sql`, ${extra}` : sql``}
      from (select distinct cycle_id, mid from cmpx_pairs) p
      join cmpx_skill_sets k on k.cycle_id = p.cycle_id
      cross join lateral (
        select r.* from ratings r
        where r.organization_id = ${org} and r.cycle_id = p.cycle_id and r.membership_id = p.mid
          and r.source = 'self'
        offset 0
      ) r
      where r.skill_id = any(k.ids)
      group by r.cycle_id, r.membership_id
    )`;
}

/**
 * Completion per member in one cycle (the cycle's skills, lib/frameworks/cycle-skills.ts),
 * least complete first, then by name. One grouped statement whatever the team's size.
 */
export async function loadCompletions(db: Db, scope: CompletionScope, of: CompletionOf): Promise<MemberCompletion[]> {
  return parseCompletions(await db.execute(completionsSql(scope, of)));
}

/** The completion statement (run alone by `loadCompletions`, or beside a page's others: lib/profile/profile-page.ts). */
export function completionsSql(scope: CompletionScope, of: CompletionOf): SQL {
  const { organizationId: org } = scope;
  const members =
    'teamId' in of
      ? teamMembersSql(of.actor, of.teamId)
      : sql`select m.id as mid, u.name, u.email
            from memberships m join users u on u.id = m.user_id
            where m.organization_id = ${org} and m.id = ${of.membershipId}`;
  return sql`
    with ${completionCtes(scope, members)}
    select tm.mid, tm.name, tm.email, total.n as total,
           coalesce(pm.rated, 0) as rated, coalesce(pm.confirmed, 0) as confirmed,
           coalesce(pm.to_confirm, 0) as to_confirm, coalesce(pm.stale, 0) as stale, pm.last_activity
    from cmp_members tm
    cross join (select count(*)::int as n from cmp_live) total
    left join cmp_per_member pm on pm.membership_id = tm.mid
    order by coalesce(pm.rated + pm.confirmed, 0)::float8 / greatest(total.n, 1), tm.name, tm.mid`;
}

/** Completion per member from the statement's rows (a `db.execute` result or the rows themselves). */
export function parseCompletions(result: unknown): MemberCompletion[] {
  return parseRows(result, completionRow).map((row) => {
    const counts = {
      total: Number(row.total),
      rated: Number(row.rated),
      confirmed: Number(row.confirmed),
      toConfirm: Number(row.to_confirm),
      done: Number(row.rated) + Number(row.confirmed),
    };
    return {
      membershipId: row.mid,
      name: row.name,
      email: row.email,
      ...counts,
      percent: percentDone(counts),
      lastActivity: row.last_activity === null ? null : row.last_activity.toISOString(),
      stale: Number(row.stale),
    };
  });
}

/** One member's completion of one cycle. */
export async function loadCompletion(db: Db, scope: ProfileScope): Promise<CompletionCounts> {
  const { stale: _stale, ...counts } = await loadCompletionWithStale(db, scope);
  return counts;
}

/** One member's completion, with their stale ratings counted apart (lib/trust/stale.ts): the profile's figure. */
export type Completion = CompletionCounts & { stale: number };

export async function loadCompletionWithStale(db: Db, scope: ProfileScope): Promise<Completion> {
  return memberCompletion(await loadCompletions(db, scope, { membershipId: scope.membershipId }));
}

/** One member's completion from their row of `loadCompletions` / `parseCompletions` (all zero without one). */
export function memberCompletion(rows: readonly MemberCompletion[]): Completion {
  const [row] = rows;
  if (!row) return { total: 0, rated: 0, confirmed: 0, toConfirm: 0, done: 0, stale: 0 };
  const { total, rated, confirmed, toConfirm, done, stale } = row;
  return { total, rated, confirmed, toConfirm, done, stale };
}

export interface TeamCompletionSummary {
  /** Active members of the team. */
  members: number;
  /** Members with every skill done (rated or confirmed). */
  membersDone: number;
  /** Ratings over all members: asked for (members × skills), rated, confirmed, to confirm, done. */
  ratings: CompletionCounts;
  /** ratings.done as a whole percent of ratings asked for. */
  ratingsPercent: number;
}

/** A team's completion in two figures that are never confused: people done, and ratings done. */
export function summarizeCompletion(rows: readonly MemberCompletion[]): TeamCompletionSummary {
  return completionSummary({
    members: rows.length,
    membersDone: rows.filter(isComplete).length,
    ratings: sumCompletion(rows),
  });
}

/** The summary from counts added up in SQL over `completionCtes` (the gap report's members). */
export function completionSummary(parts: Omit<TeamCompletionSummary, 'ratingsPercent'>): TeamCompletionSummary {
  return { ...parts, ratingsPercent: percentDone(parts.ratings) };
}

/** Members not done yet, carried-over ratings still to confirm included. */
export function notDone(rows: readonly MemberCompletion[]): MemberCompletion[] {
  return rows.filter((row) => row.total > 0 && !isComplete(row));
}

/** Members not done yet, as "Name <email>" lines for a reminder. */
export function reminderList(rows: readonly MemberCompletion[]): string {
  return notDone(rows)
    .map((row) => `${row.name} <${row.email}>`)
    .join('\n');
}
