import 'server-only';
/**
 * The organization-wide gap report, precomputed (docs/decisions/0013-gap-report-at-scale.md).
 *
 * At 10,000 members the report resolves ~3.2 M member × skill pairs (targets, effective ratings): minutes
 * of database work, which no request can do. The admin's unfiltered organization-wide view (any cycle,
 * rating view, minimum gap, interest filter) is therefore read from a snapshot that the
 * `reports.gap-snapshot` job writes with the live report's own SQL (`gapCtes`, the summary's parts, the
 * by-skill and by-person aggregates of lib/reports/gap-report.ts), so its figures are the live ones as of
 * its `computed_at`; the page says "as of" and offers a refresh, and a view of a snapshot older than
 * SNAPSHOT_STALE_AFTER_MS asks for one. Small organizations, team-scoped and otherwise filtered reports
 * stay live. The CSV export does not read snapshots: it streams live, as before.
 */
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { column, parseRows } from '@/db/rows';
import { hasRole, type Actor } from '@/lib/auth/authorize';
import { cycleSkillIds } from '@/lib/frameworks/cycle-skills';
import { ratingViewSchema } from '@/lib/insight/effective-ratings';
import { defineJob } from '@/lib/jobs/define-job';
import { enqueue } from '@/lib/jobs/enqueue';
import { MAX_LEVEL_GAP, PAGE_SIZE, type GapPageParams, type SortKey } from './filters';
import {
  PERSON_AGG_CTES,
  SKILL_AGG_CTES,
  parseGapSummary,
  parseGapsByPerson,
  parseGapsBySkill,
  summaryCompletionCtes,
  summaryJsonSql,
  type GapPage,
  type GapSummary,
  type PersonGapRow,
  type SkillGapRow,
} from './gap-report';
import { gapCtes, scopedMemberIds, type ReportScope } from './gap-sql';
import { resolveReportScope } from './scope';

/**
 * From this many member × skill pairs (active members × the cycle's skills) the organization-wide view is
 * served from a snapshot: ~780 members with 320 skills. Below it the live statement takes well under a
 * second (issue 23's 1,000-member measurements: 12 s at 320,000 pairs under load, most of it sorts).
 */
export const SNAPSHOT_MIN_PAIRS = 250_000;

/** A snapshot viewed after this long asks for a new one (the job is debounced per key by its queue). */
export const SNAPSHOT_STALE_AFTER_MS = 15 * 60 * 1000;

/** What one snapshot answers: the organization-wide report of one cycle with these filters. */
export interface GapSnapshotKey {
  organizationId: string;
  cycleId: string;
  view: GapPageParams['view'];
  minGap: number;
  interestOnly: boolean;
}

/**
 * The snapshot key for this report, or null when it must be live: a snapshot holds what an admin sees of
 * the whole organization, so only an admin's view without a team, role profile, area or section filter
 * (those select other members or skills than the stored aggregates) can be one.
 */
export function snapshotKeyFor(actor: Actor, scope: ReportScope): GapSnapshotKey | null {
  const { filters } = scope;
  if (!hasRole(actor, 'admin')) return null;
  if (filters.team || filters.roleProfile || filters.area || filters.section) return null;
  return {
    organizationId: scope.organizationId,
    cycleId: scope.cycleId,
    view: filters.view,
    minGap: filters.minGap,
    interestOnly: filters.interestOnly,
  };
}

/**
 * Computes the snapshot of `scope` (which `snapshotKeyFor` accepts) with the live report's SQL and replaces
 * the previous one, in one transaction: readers see the old snapshot until the new one is committed.
 * Every pair is built once; the summary, every skill row and every person row come from that one evaluation.
 */
export async function computeGapSnapshot(
  db: Db,
  scope: ReportScope,
  { statementTimeoutMs }: { statementTimeoutMs?: number } = {},
): Promise<Date> {
  const key = snapshotKeyFor(scope.actor, scope);
  if (!key) throw new Error('computeGapSnapshot: only an admin’s unfiltered organization-wide report has a snapshot');
  const summary = summaryJsonSql(scope);
  return db.transaction(async (tx) => {
    // The pairs' sorts and hash aggregates spill to disk at the default 4 MB (docs/benchmarks.md, issue 23).
    await tx.execute(sql`set local work_mem = '256MB'`);
    // A bound for callers that must not wait for ever (the benchmark): the database stops the work itself.
    if (statementTimeoutMs !== undefined) {
      await tx.execute(sql.raw(`set local statement_timeout = ${Math.max(1, Math.trunc(statementTimeoutMs))}`));
    }
    await tx.execute(sql`
      delete from gap_report_snapshots
      where organization_id = ${key.organizationId} and cycle_id = ${key.cycleId} and view = ${key.view}
        and min_gap = ${key.minGap} and interest_only = ${key.interestOnly}`);
    const [row] = parseRows(
      await tx.execute(sql`
        with ${gapCtes(scope, scopedMemberIds(scope))}, ${summaryCompletionCtes(scope)},
        snap as (
          insert into gap_report_snapshots (organization_id, cycle_id, view, min_gap, interest_only, counts, largest, risks)
          select ${key.organizationId}, ${key.cycleId}, ${key.view}, ${key.minGap}, ${key.interestOnly},
                 ${summary.counts}::jsonb, ${summary.largest}::jsonb, ${summary.risks}::jsonb
          returning id, computed_at
        ),
        snap_skills as (
          insert into gap_report_snapshot_skills (organization_id, snapshot_id, skill_id, skill_name, skill_key,
            area_name, section_name, skill_order, members_below, total_gap, mean_gap, interested, holders, members)
          select ${key.organizationId}, (select id from snap), x.skill_id, x.skill_name, x.skill_key,
                 x.area_name, x.section_name, x.skill_order, x.members_below, x.total_gap, x.mean_gap, x.interested,
                 x.holders, x.members
          from (
            with ${SKILL_AGG_CTES}
            select agg.*, sk.skill_name, sk.skill_key, sk.area_name, sk.section_name, sk.skill_order,
                   cov.holders, cov.members
            from agg
            join rep_skills sk on sk.skill_id = agg.skill_id
            join cov on cov.skill_id = agg.skill_id
          ) x
        ),
        snap_people as (
          insert into gap_report_snapshot_people (organization_id, snapshot_id, membership_id, member_name, email,
            role_profile_name, team_names, gap_count, total_gap, max_gap, top_names, top_gaps)
          select ${key.organizationId}, (select id from snap), x.membership_id, x.member_name, x.email,
                 x.role_profile_name, x.team_names, x.gap_count, x.total_gap, x.max_gap, x.top_names, x.top_gaps
          from (
            with ${PERSON_AGG_CTES}
            select agg.*, mem.member_name, mem.email, mem.role_profile_name, mem.team_names
            from agg join rep_members mem on mem.membership_id = agg.membership_id
          ) x
        )
        select computed_at from snap`),
      z.object({ computed_at: column.date }),
    );
    if (!row) throw new Error('computeGapSnapshot: the snapshot was not written');
    return row.computed_at;
  });
}

// The live page's orders (gap-report.ts SKILL_ORDER / PERSON_ORDER) over the stored columns, with the same ties.
const SNAPSHOT_SKILL_ORDER: Partial<Record<SortKey, SQL>> = {
  total: sql.raw('k.total_gap'),
  members: sql.raw('k.members_below'),
  mean: sql.raw('k.mean_gap'),
  skill: sql.raw('lower(k.skill_name)'),
  coverage: sql.raw('k.holders'),
};
const SNAPSHOT_PERSON_ORDER: Partial<Record<SortKey, SQL>> = {
  total: sql.raw('p.total_gap'),
  gaps: sql.raw('p.gap_count'),
  max: sql.raw('p.max_gap'),
  name: sql.raw('lower(p.member_name)'),
};

export interface GapSnapshotRead {
  /** Active members × the cycle's skills: whether this organization's report is served from a snapshot. */
  pairs: number;
  snapshot: {
    computedAt: Date;
    summary: GapSummary;
    bySkill: GapPage<SkillGapRow> | null;
    byPerson: GapPage<PersonGapRow> | null;
  } | null;
}

/**
 * In one statement: the size of the organization's report (to decide between snapshot and live) and, when
 * a snapshot of the key exists, its summary and the requested page, sorted like the live page.
 */
export async function readGapSnapshot(
  db: Db,
  key: GapSnapshotKey,
  params: Pick<GapPageParams, 'by' | 'sort' | 'dir' | 'page'>,
): Promise<GapSnapshotRead> {
  const dir = params.dir === 'asc' ? sql.raw('asc') : sql.raw('desc');
  const offset = (params.page - 1) * PAGE_SIZE;
  const page =
    params.by === 'person'
      ? sql`select p.membership_id, p.member_name, p.email, p.role_profile_name, p.team_names, p.gap_count,
                   p.total_gap, p.max_gap, p.top_names, p.top_gaps, 0 as total_count
            from gap_report_snapshot_people p
            where p.organization_id = s.organization_id and p.snapshot_id = s.id
            order by ${SNAPSHOT_PERSON_ORDER[params.sort] ?? SNAPSHOT_PERSON_ORDER.total!} ${dir},
                     lower(p.member_name), p.membership_id
            limit ${PAGE_SIZE} offset ${offset}`
      : sql`select k.skill_id, k.skill_name, k.skill_key, k.area_name, k.section_name, k.members_below,
                   k.total_gap, k.mean_gap, k.interested, k.holders, k.members, 0 as total_count
            from gap_report_snapshot_skills k
            where k.organization_id = s.organization_id and k.snapshot_id = s.id
            order by ${SNAPSHOT_SKILL_ORDER[params.sort] ?? SNAPSHOT_SKILL_ORDER.total!} ${dir}, k.skill_order, k.skill_id
            limit ${PAGE_SIZE} offset ${offset}`;
  const total =
    params.by === 'person'
      ? sql`(select count(*) from gap_report_snapshot_people p where p.organization_id = s.organization_id and p.snapshot_id = s.id)`
      : sql`(select count(*) from gap_report_snapshot_skills k where k.organization_id = s.organization_id and k.snapshot_id = s.id)`;
  const [row] = parseRows(
    await db.execute(sql`
      select
        (select count(*) from memberships m where m.organization_id = ${key.organizationId} and m.status = 'active')::bigint
          * (select count(*) from (${cycleSkillIds({ organizationId: key.organizationId, cycleId: key.cycleId })}) k)::bigint
          as pairs,
        (select json_build_object(
                  'computed_at', s.computed_at, 'counts', s.counts, 'largest', s.largest, 'risks', s.risks,
                  'page', coalesce((select json_agg(r) from (${page}) r), '[]'::json), 'total', ${total})
         from gap_report_snapshots s
         where s.organization_id = ${key.organizationId} and s.cycle_id = ${key.cycleId} and s.view = ${key.view}
           and s.min_gap = ${key.minGap} and s.interest_only = ${key.interestOnly}) as snapshot`),
    z.object({ pairs: column.number, snapshot: column.json }),
  );
  const stored = z
    .object({
      computed_at: z.string(),
      counts: z.array(z.unknown()),
      largest: z.array(z.unknown()),
      risks: z.array(z.unknown()),
      page: z.array(z.unknown()),
      total: z.number(),
    })
    .nullable()
    .parse(row?.snapshot ?? null);
  const pairs = Number(row?.pairs ?? 0);
  if (!stored) return { pairs, snapshot: null };
  const summary = parseGapSummary(stored.counts, stored.largest, stored.risks);
  const pageOf = <Row>(rows: Row[]): GapPage<Row> => ({
    rows,
    total: stored.total,
    page: params.page,
    pageSize: PAGE_SIZE,
  });
  return {
    pairs,
    snapshot: {
      computedAt: new Date(stored.computed_at),
      summary,
      bySkill: params.by === 'person' ? null : pageOf(parseGapsBySkill(stored.page).rows),
      byPerson: params.by === 'person' ? pageOf(parseGapsByPerson(stored.page).rows) : null,
    },
  };
}

const snapshotPayload = z.object({
  organizationId: z.uuid(),
  cycleId: z.uuid(),
  view: ratingViewSchema,
  minGap: z.number().int().min(1).max(MAX_LEVEL_GAP),
  interestOnly: z.boolean(),
});

/**
 * The report as the organization's admins see it, for a job (no request, so no session): the scope of
 * `key` read as one of its active admins — admins all see every member (lib/auth/authorize.ts). Null when
 * the organization has no active admin or the cycle is no longer one of its report's cycles.
 */
export async function snapshotScope(db: Db, key: GapSnapshotKey): Promise<ReportScope | null> {
  const [admin] = parseRows(
    await db.execute(sql`
      select m.id, m.user_id from memberships m
      where m.organization_id = ${key.organizationId} and m.role = 'admin' and m.status = 'active'
      order by m.created_at, m.id limit 1`),
    z.object({ id: column.text, user_id: column.text }),
  );
  if (!admin) return null;
  const actor: Actor = {
    user: { id: admin.user_id },
    membership: { id: admin.id, role: 'admin', organizationId: key.organizationId },
  };
  const { scope } = await resolveReportScope(db, actor, {
    cycle: key.cycleId,
    view: key.view,
    minGap: key.minGap,
    interestOnly: key.interestOnly,
  });
  return scope && scope.cycleId === key.cycleId ? scope : null;
}

/** `reports.gap-snapshot`: (re)computes one snapshot; requests for the same key coalesce (the queue's policy). */
export const gapSnapshotJob = defineJob({
  name: 'reports.gap-snapshot',
  payload: snapshotPayload,
  handler: async (payload, context) => {
    const scope = await snapshotScope(context.db, payload);
    if (!scope) return;
    await computeGapSnapshot(context.db, scope);
  },
});

/** Asks for the snapshot of `key` to be (re)computed; at most one waiting per key. */
export function requestGapSnapshot(db: Db, key: GapSnapshotKey): Promise<string | null> {
  return enqueue(db, gapSnapshotJob, key, {
    singletonKey: `${key.organizationId}:${key.cycleId}:${key.view}:${key.minGap}:${key.interestOnly ? 1 : 0}`,
  });
}
