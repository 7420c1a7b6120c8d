/**
 * Team page: `/teams/[teamId]` for a 50-member team, signed in as its
 * manager, `requests` sequential GETs after a warm-up, timed to the last byte
 * of the HTML on the server connected directly (the wire counter's proxy hop
 * is the bench's, not the product's: BenchTarget.counted) — next to the
 * page's own SQL, the same statements in the same order, run `requests` times
 * through psql (`\timing`).
 *
 * The statements are the ones the page runs per request (session lookup,
 * team access, cycle, framework, level names, the section and area heatmaps
 * in one statement); the heatmaps come from the very builder the page calls
 * (sectionAndAreaHeatmapQuery).
 * issue 23's bar (≤ 0.7× psql) is judged against a frozen reference instead:
 * the 7 statements the page ran when the issue was filed (commit 8ec6d42),
 * written out once in team-page-reference.sql and run through psql with the
 * same team and manager.
 * When pg_stat_statements is readable, the run also reports how many
 * statements and how much database time each request really cost, as a
 * check that the list is complete.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type postgres from 'postgres';
import { assessmentCycles } from '@/db/schema';
import { currentCycleIdSql } from '@/lib/cycles/current';
import { sectionAndAreaHeatmapQuery, type HeatmapScope } from '@/lib/insight/heatmap-query';
import { organizationOf } from '@/lib/insight/team-members';
import { runPsql, sqlText } from './psql';
import { sessionCookie } from './server';
import type { BenchRow, BenchTarget } from './types';

export interface TeamPageFixture {
  teamId: string;
  teamName: string;
  memberCount: number;
  manager: { id: string; email: string; name: string; membershipId: string };
  scope: HeatmapScope;
}

export async function findTeamFixture(
  pg: postgres.Sql,
  organizationId: string,
  size: number,
): Promise<TeamPageFixture> {
  // The team closest to `size` active members, with a manager.
  const [team] = await pg<{ id: string; name: string; members: string }[]>`
    select t.id, t.name, count(*) as members
    from teams t
    join team_members tm on tm.organization_id = t.organization_id and tm.team_id = t.id
    join memberships m on m.organization_id = tm.organization_id and m.id = tm.membership_id and m.status = 'active'
    where t.organization_id = ${organizationId}
      and exists (select 1 from team_managers x where x.organization_id = t.organization_id and x.team_id = t.id)
    group by t.id, t.name
    order by abs(count(*) - ${size}), t.name
    limit 1`;
  if (!team) throw new Error('team page: the organization has no managed team');
  const [manager] = await pg<{ id: string; email: string; name: string; membership_id: string }[]>`
    select u.id, u.email, u.name, m.id as membership_id
    from team_managers x
    join memberships m on m.organization_id = x.organization_id and m.id = x.membership_id
    join users u on u.id = m.user_id
    where x.organization_id = ${organizationId} and x.team_id = ${team.id}
    order by u.email limit 1`;
  if (!manager) throw new Error('team page: no manager');
  // The page's cycle, by the one rule (lib/cycles/current.ts).
  const [cycle] = await pg.unsafe<{ id: string; framework_id: string }[]>(
    sqlText(sql`select c.id, c.framework_id from ${assessmentCycles} c
      where c.id = (${currentCycleIdSql({ organizationId, teamId: team.id })})`),
  );
  if (!cycle) throw new Error('team page: no cycle');
  return {
    teamId: team.id,
    teamName: team.name,
    memberCount: Number(team.members),
    manager: { id: manager.id, email: manager.email, name: manager.name, membershipId: manager.membership_id },
    // The page's default view (?view= absent → self), asked as the manager the page is signed in as.
    scope: {
      actor: { user: { id: manager.id }, membership: { id: manager.membership_id, role: 'manager', organizationId } },
      teamId: team.id,
      frameworkId: cycle.framework_id,
      cycleId: cycle.id,
      view: 'self',
    },
  };
}

/** What the page runs per request, in order (see the module comment). */
export function teamPageStatements(fixture: TeamPageFixture): string[] {
  const { teamId, frameworkId } = fixture.scope;
  const org = organizationOf(fixture.scope);
  const userId = fixture.manager.id;
  const membershipId = fixture.manager.membershipId;
  return [
    sqlText(sql`select u.id, u.email, u.name, m.id, m.role, o.id, o.slug, o.name
      from memberships m join users u on u.id = m.user_id join organizations o on o.id = m.organization_id
      where m.user_id = ${userId} and m.status = 'active' order by o.name`),
    sqlText(sql`select * from teams where organization_id = ${org} and id = ${teamId} limit 1`),
    sqlText(sql`select team_id from team_managers
      where organization_id = ${org} and team_id = ${teamId} and membership_id = ${membershipId} limit 1`),
    sqlText(sql`select * from ${assessmentCycles} where id = (${currentCycleIdSql({ organizationId: org, teamId })})`),
    sqlText(sql`select id, name from frameworks where organization_id = ${org} and id = ${frameworkId} limit 1`),
    sqlText(sql`select level, name from proficiency_levels
      where organization_id = ${org} and framework_id = ${frameworkId} order by level asc`),
    sqlText(sectionAndAreaHeatmapQuery(fixture.scope)),
  ];
}

/** issue 23's frozen reference (team-page-reference.sql says where it comes from): 8ec6d42's 7 statements. */
export const REFERENCE_SQL = path.join(process.cwd(), 'scripts', 'bench', 'team-page-reference.sql');

/** The reference file's statements, without the header comment or closing `;` (psqlTimings adds it back). */
export function referenceStatements(text = readFileSync(REFERENCE_SQL, 'utf8')): string[] {
  return (
    text
      .split(/;[ \t]*$/m)
      // Leading comment lines (the file's header) are not part of a statement.
      .map((statement) => statement.replace(/^(\s*--[^\n]*\n)+/, '').trim())
      .filter((statement) => statement !== '')
  );
}

/** The psql variables the reference is written with, for the bench's team and manager. */
export function referenceVariables(fixture: TeamPageFixture): Record<string, string> {
  return {
    organization_id: organizationOf(fixture.scope),
    team_id: fixture.teamId,
    user_id: fixture.manager.id,
    membership_id: fixture.manager.membershipId,
    framework_id: fixture.scope.frameworkId,
    cycle_id: fixture.scope.cycleId,
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

/**
 * The statements `iterations` times through one psql session; per-iteration totals of `\timing`, sorted.
 * `variables` are psql's (`-v name=value`), for statements written with `:'name'`.
 */
export async function psqlTimings(
  databaseUrl: string,
  statements: string[],
  iterations: number,
  warmup: number,
  variables: Readonly<Record<string, string>> = {},
): Promise<number[]> {
  const script = ['\\timing on'];
  for (let i = 0; i < warmup + iterations; i += 1) for (const statement of statements) script.push(`${statement};`);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'bench-team-')), 'page.sql');
  writeFileSync(file, script.join('\n'));
  const times: number[] = [];
  // Result rows are read and discarded by psql (unaligned, no headers); the `Time:` lines are what we keep.
  const variableArgs = Object.entries(variables).flatMap(([name, value]) => ['-v', `${name}=${value}`]);
  const result = await runPsql(databaseUrl, [...variableArgs, '-q', '-A', '-t', '-f', file], (chunk) => {
    for (const match of chunk.toString().matchAll(/^Time: ([\d.]+) ms/gm)) times.push(Number(match[1]));
  });
  if (result.code !== 0) throw new Error(`psql failed: ${result.stderr}`);
  if (times.length !== statements.length * (warmup + iterations)) {
    throw new Error(`psql: expected ${statements.length * (warmup + iterations)} timings, got ${times.length}`);
  }
  const totals: number[] = [];
  for (let i = warmup; i < warmup + iterations; i += 1) {
    totals.push(times.slice(i * statements.length, (i + 1) * statements.length).reduce((a, b) => a + b, 0));
  }
  return totals.sort((a, b) => a - b);
}

async function statementStats(pg: postgres.Sql): Promise<{ calls: number; totalMs: number } | null> {
  try {
    const [row] = await pg<{ calls: string; total: string }[]>`
      select coalesce(sum(calls), 0) as calls, coalesce(sum(total_exec_time), 0) as total
      from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
        and query not ilike '%pg_stat_statements%'`;
    return row ? { calls: Number(row.calls), totalMs: Number(row.total) } : null;
  } catch {
    return null;
  }
}

export async function measureTeamPage(
  target: BenchTarget,
  pg: postgres.Sql,
  log: (line: string) => void,
): Promise<BenchRow[]> {
  const requests = target.smoke ? 8 : 50;
  const warmup = target.smoke ? 2 : 5;
  const fixture = await findTeamFixture(pg, target.organizationId, 50);
  log(
    `[team page] ${fixture.teamName}: ${fixture.memberCount} members, as ${fixture.manager.email}; ${requests} requests`,
  );
  const cookie = await sessionCookie(target.authSecret, fixture.manager, target.organizationId);
  const pagePath = `/teams/${fixture.teamId}`;
  // Timed on the server connected directly; statements counted with requests of their own on the one behind the
  // counter (BenchTarget.counted).
  const get = async (baseUrl = target.baseUrl) => {
    const url = `${baseUrl}${pagePath}`;
    const started = performance.now();
    const response = await fetch(url, { headers: { cookie }, redirect: 'manual' });
    const body = await response.text();
    const elapsed = performance.now() - started;
    if (response.status !== 200 || !body.includes(fixture.teamName)) {
      throw new Error(`team page: GET ${url} answered ${response.status} without the team's heatmap`);
    }
    return elapsed;
  };
  for (let i = 0; i < warmup; i += 1) await get();
  let canReset = false;
  try {
    await pg`select pg_stat_statements_reset()`;
    canReset = true;
  } catch {
    // no pg_stat_statements here: the per-request check is skipped
  }
  const app: number[] = [];
  for (let i = 0; i < requests; i += 1) app.push(await get());
  const stats = canReset ? await statementStats(pg) : null;
  const counted: number[] = [];
  if (target.counted) {
    const { baseUrl, statements: counter } = target.counted;
    await get(baseUrl);
    for (let i = 0; i < Math.min(requests, 10); i += 1) {
      counter.begin();
      await get(baseUrl);
      counted.push(counter.end().statements.length);
    }
  }
  app.sort((a, b) => a - b);

  // Two psql baselines. The page's statements as they are today (information: a page is its SQL plus
  // rendering, so it can never beat its own SQL by 0.7×), and issue 23's bar: the frozen 7 statements the
  // page ran at 8ec6d42 (team-page-reference.sql), same team, same manager.
  const statements = teamPageStatements(fixture);
  const raw = await psqlTimings(target.databaseUrl, statements, requests, warmup);
  const reference = referenceStatements();
  const frozen = await psqlTimings(target.databaseUrl, reference, requests, warmup, referenceVariables(fixture));
  const appP50 = percentile(app, 50);
  const appP95 = percentile(app, 95);
  const rawP50 = percentile(raw, 50);
  const rawP95 = percentile(raw, 95);
  const frozenP95 = percentile(frozen, 95);
  const referenceRatio = appP95 / frozenP95;
  const label = `team page (${fixture.memberCount} members, ${requests} req)`;
  const rows: BenchRow[] = [
    {
      measure: `${label} median`,
      skillgrid: ms(appP50),
      baseline: ms(rawP50),
      ratio: appP50 / rawP50,
      bar: '—',
      pass: null,
    },
    {
      measure: `${label} p95 (baseline: today's statements in psql)`,
      skillgrid: ms(appP95),
      baseline: ms(rawP95),
      ratio: appP95 / rawP95,
      bar: '< 100 ms (issue 23)',
      pass: appP95 < 100,
    },
    {
      measure: "team page p95 vs the issue's reference (8ec6d42's 7 statements in psql)",
      skillgrid: ms(appP95),
      baseline: `${ms(frozenP95)} (p50 ${ms(percentile(frozen, 50))})`,
      ratio: referenceRatio,
      bar: '≤ 0.7× (issue 23)',
      pass: referenceRatio <= 0.7,
    },
  ];
  if (counted.length > 0) {
    const max = Math.max(...counted);
    rows.push({
      measure: 'team page SQL per request (counted on the wire)',
      skillgrid: `${max} stmts (${counted.length} requests, min ${Math.min(...counted)})`,
      baseline: `${reference.length} stmts (issue 23's reference)`,
      ratio: null,
      bar: `< ${reference.length} stmts`,
      pass: max < reference.length,
      hard: max >= reference.length,
    });
  }
  if (stats) {
    rows.push({
      measure: 'team page SQL per request (pg_stat_statements)',
      skillgrid: `${(stats.calls / requests).toFixed(1)} stmts, ${ms(stats.totalMs / requests)}`,
      baseline: `${reference.length} stmts`,
      ratio: null,
      bar: '—',
      pass: null,
    });
  }
  return rows;
}
