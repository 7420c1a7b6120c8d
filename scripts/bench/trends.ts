/**
 * Organization trends (issue 18, lib/reports/trends.ts) on the benchmark
 * organization: p95 of the page's queries, in-process against PostgreSQL,
 * for the admin (the whole organization) and for one team's manager; bar
 * < 300 ms p95 at 10,000 members. The page itself is also walked with every
 * other page (pages.ts); this times the part that grows with the data.
 *
 * `npm run bench -- trends [--slug bench] [--runs 20] [--explain]` runs it alone on an organization
 * made by `npm run bench:data`; `--explain` prints EXPLAIN (ANALYZE, BUFFERS) of the figures statement
 * (`--explain-live`: of the live one over the ratings, minutes at 10,000 members).
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { openConnection, type Db } from '@/db';
import { column, parseRows } from '@/db/rows';
import type { Actor } from '@/lib/auth/authorize';
import { env } from '@/lib/env';
import { aggregateFiguresSql, refreshTrendAggregates, TREND_SNAPSHOT_MAX_AGE_MS } from '@/lib/reports/trend-aggregates';
import { skillSectionsSubquery } from '@/lib/profile/skill-sections';
import { loadOrganizationTrends, trendFiguresSql } from '@/lib/reports/trends';
import { organizationAdminActor } from '../lib/admin-actor';
import type { BenchRow, BenchTarget } from './types';

export const TRENDS_P95_BAR_MS = 300;

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? 0;
}

/** A manager of the organization's largest team, as the manager's trends read it. */
async function largestTeamManager(db: Db, organizationId: string): Promise<{ actor: Actor; members: number } | null> {
  const [row] = parseRows(
    await db.execute(sql`
      select tm.membership_id, m.user_id,
             (select count(*) from team_members x where x.organization_id = tm.organization_id and x.team_id = tm.team_id)::int as members
      from team_managers tm join memberships m on m.organization_id = tm.organization_id and m.id = tm.membership_id
      where tm.organization_id = ${organizationId}
      order by members desc, tm.team_id limit 1`),
    z.object({ membership_id: column.text, user_id: column.text, members: column.number }),
  );
  if (!row) return null;
  return {
    actor: { user: { id: row.user_id }, membership: { id: row.membership_id, role: 'manager', organizationId } },
    members: Number(row.members),
  };
}

/**
 * What the `trends.aggregate` job does after a close (the bench's worker is off: lib/jobs/run.ts), for an
 * organization whose closed cycles were written closed by `bench:data` or predate the aggregates: each
 * closed cycle once, and the open cycle's snapshot when it is older than the page's limit (10 minutes). Logs what it computed.
 */
export async function prepareTrendAggregates(db: Db, organizationId: string, log: (line: string) => void) {
  const at = performance.now();
  const { computed } = await refreshTrendAggregates(db, organizationId, { maxAgeMs: TREND_SNAPSHOT_MAX_AGE_MS });
  if (computed.length === 0) return;
  log(
    `[trends] aggregates computed in ${((performance.now() - at) / 1000).toFixed(1)} s: ${computed
      .map((c) => `${c.status} cycle ${(c.ms / 1000).toFixed(1)} s`)
      .join(', ')}`,
  );
}

/** Longest a single run may take: past it the figure is reported as a miss and not repeated (bench time stays bounded). */
export const TRENDS_TIMEOUT_MS = 30_000;

/**
 * `runs` timed runs after a warm-up, each under a statement timeout. A warm-up over 10× the bar is the
 * answer already (a miss): it is reported alone instead of being repeated `runs` times.
 */
async function time(db: Db, runs: number, actor: Actor): Promise<{ samples: number[]; timedOut: boolean }> {
  const once = async () => {
    const at = performance.now();
    await db.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local statement_timeout = ${TRENDS_TIMEOUT_MS}`));
      await loadOrganizationTrends(tx as unknown as Db, actor);
    });
    return performance.now() - at;
  };
  let warm: number;
  try {
    warm = await once();
  } catch {
    return { samples: [TRENDS_TIMEOUT_MS], timedOut: true };
  }
  if (warm > TRENDS_P95_BAR_MS * 10) return { samples: [warm], timedOut: false };
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) samples.push(await once());
  return { samples, timedOut: false };
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the admin's figures statement as the page runs it: every cycle read from
 * the precomputed rows (run after `prepareTrendAggregates`). `live` explains the statement over the
 * ratings instead (what a cycle without aggregates costs: minutes at 10,000 members).
 */
export async function explainTrends(db: Db, actor: Actor, { live = false }: { live?: boolean } = {}): Promise<string> {
  const trends = await loadOrganizationTrends(db, actor);
  if (!trends.frameworkId || trends.cycles.length === 0) return '(no cycles)';
  const ids = trends.cycles.map((cycle) => cycle.id);
  const org = actor.membership.organizationId;
  const statement = live
    ? trendFiguresSql(actor, trends.frameworkId, null, ids)
    : aggregateFiguresSql(
        org,
        skillSectionsSubquery(org, trends.frameworkId),
        'organization',
        ids,
        trends.gapsClosed.map((pair) => [pair.fromCycleId, pair.toCycleId] as const),
      );
  const result = await db.execute(sql`explain (analyze, buffers) ${statement}`);
  return parseRows(result, z.object({ 'QUERY PLAN': column.text }))
    .map((row) => row['QUERY PLAN'])
    .join('\n');
}

export async function measureTrends(target: BenchTarget, log: (line: string) => void = () => {}): Promise<BenchRow[]> {
  const connection = await openConnection({ url: target.databaseUrl });
  try {
    const db = connection.db;
    const runs = target.smoke ? 3 : 20;
    const [{ members } = { members: 0 }] = parseRows(
      await db.execute(
        sql`select count(*)::int as members from memberships where organization_id = ${target.organizationId}`,
      ),
      z.object({ members: column.number }),
    );
    const admin = organizationAdminActor(target.organizationId);
    const [{ cycles } = { cycles: 0 }] = parseRows(
      await db.execute(
        sql`select count(*)::int as cycles from assessment_cycles where organization_id = ${target.organizationId}`,
      ),
      z.object({ cycles: column.number }),
    );
    await prepareTrendAggregates(db, target.organizationId, log);
    const adminRun = await time(db, runs, admin);
    const rows: BenchRow[] = [];
    const row = (measure: string, { samples, timedOut }: { samples: number[]; timedOut: boolean }): BenchRow => {
      const value = p95(samples);
      return {
        measure,
        skillgrid: timedOut
          ? `> ${TRENDS_TIMEOUT_MS / 1000} s (timed out)`
          : samples.length === 1
            ? `${(value / 1000).toFixed(1)} s (1 run)`
            : `${value.toFixed(0)} ms`,
        baseline: '—',
        ratio: null,
        bar: `< ${TRENDS_P95_BAR_MS} ms`,
        pass: value < TRENDS_P95_BAR_MS,
      };
    };
    rows.push(
      row(`trends p95 (admin, ${Number(members).toLocaleString('en-US')} members, ${Number(cycles)} cycles)`, adminRun),
    );
    const manager = await largestTeamManager(db, target.organizationId);
    if (manager) {
      rows.push(row(`trends p95 (manager, team of ${manager.members})`, await time(db, runs, manager.actor)));
    }
    log(`[trends] admin samples (ms): ${adminRun.samples.map((ms) => ms.toFixed(0)).join(' ')}`);
    return rows;
  } finally {
    await connection.close();
  }
}

export async function main(args: string[]): Promise<void> {
  const value = (flag: string) => {
    const at = args.indexOf(flag);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) throw new Error('npm run bench -- trends needs DATABASE_URL (a PostgreSQL server)');
  const slug = value('--slug') ?? 'bench';
  const connection = await openConnection({ url: databaseUrl });
  let organizationId: string;
  try {
    const [org] = parseRows(
      await connection.db.execute(sql`select id from organizations where slug = ${slug}`),
      z.object({ id: column.text }),
    );
    if (!org) throw new Error(`no organization ${slug}: run npm run bench:data first`);
    organizationId = org.id;
    if (args.includes('--explain') || args.includes('--explain-live')) {
      await prepareTrendAggregates(connection.db, organizationId, (line) => console.error(line));
      console.log(
        await explainTrends(connection.db, organizationAdminActor(organizationId), {
          live: args.includes('--explain-live'),
        }),
      );
    }
  } finally {
    await connection.close();
  }
  const rows = await measureTrends({ baseUrl: '', databaseUrl, authSecret: '', organizationId, smoke: false }, (line) =>
    console.error(line),
  );
  for (const row of rows)
    console.log(`${row.measure}: ${row.skillgrid} (bar ${row.bar}) ${row.pass ? 'pass' : 'FAIL'}`);
}
