/**
 * Stale ratings (issue 22): a rating neither changed nor confirmed for longer than
 * the organization's setting (lib/trust/settings.ts, default 12 months). Every
 * screen that marks or counts stale ratings (heatmap, cell detail, profile,
 * completion) uses this one expression.
 *
 * Not `server-only`: a pure SQL builder.
 */
import { sql, type SQL } from 'drizzle-orm';
import { organizationOf, teamMembersSql, type TeamCycleScope } from '@/lib/insight/team-members';
import { staleMonthsSql } from './settings';

/**
 * When the rating `r` was last changed or confirmed (`confirmed_at`: a carried-over value
 * the member confirmed as still true in this cycle). A carried-over rating keeps the time
 * its source was last changed or confirmed, so carrying it over does not freshen it.
 */
export function lastAffirmedSql(r: SQL): SQL {
  return sql`greatest(${r}.changed_at, ${r}.confirmed_at)`;
}

/** The moment before which a rating of the organization is stale. */
export function staleBeforeSql(organizationId: string): SQL {
  return sql`(now() - make_interval(months => ${staleMonthsSql(organizationId)}::int))`;
}

/** `r` (a ratings row alias) is rated and stale. */
export function staleSql(r: SQL, organizationId: string): SQL {
  return sql`((${r}.level is not null or ${r}.not_applicable) and ${lastAffirmedSql(r)} < ${staleBeforeSql(organizationId)})`;
}

/**
 * Per member of a team (as the actor may see them, lib/insight/team-members.ts): how many of their self
 * ratings in the cycle are stale. Keyed by the ratings' member index (changed_at is in it), one grouped read.
 */
export function teamStaleCountsSql(scope: TeamCycleScope): SQL {
  const org = organizationOf(scope);
  return sql`
    select r.membership_id, count(*)::int as stale
    from ratings r
    where r.organization_id = ${org} and r.cycle_id = ${scope.cycleId} and r.source = 'self'
      and r.membership_id in (select tmv.mid from (${teamMembersSql(scope.actor, scope.teamId)}) tmv)
      -- Implied by staleSql (the last affirmation is the later of changed_at and confirmed_at), but changed_at is
      -- in the member index: the scan skips every rating changed since, instead of fetching each one from the
      -- table to read confirmed_at (10,000 members: 12,098 → 673 buffers for a 50-member team).
      and r.changed_at < ${staleBeforeSql(org)}
      and ${staleSql(sql`r`, org)}
    group by r.membership_id`;
}
