/**
 * People finder at scale (issue 18, with issue 22's trust data): `/people`
 * answering a multi-skill search — a skill that requires a valid certification
 * and the two most endorsed skills — as the admin (the whole organization) and
 * as the manager of a ~50-member team, `requests` sequential GETs after a
 * warm-up, timed to the last byte of the HTML like every page (pages.ts).
 *
 * Two searches over the same three skills: "any of them, endorsed ratings
 * only" (hundreds of matches at 10,000 members, ranked and cut at the page's
 * limit) and "all of them, or wanting to grow there" (few). Bar: p95 < 300 ms
 * in the full run; the statements per request are held to the page walk's bar
 * in smoke too.
 *
 * Beside the timings, the finder's statement is EXPLAIN ANALYZEd as the page
 * builds it (people-finder-plan.ts, in a child process) and its plan logged:
 * which tables it reads how, and its execution time in the database alone.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type postgres from 'postgres';
import { assessmentCycles } from '@/db/schema';
import { currentCycleIdSql } from '@/lib/cycles/current';
import { PAGE_STATEMENT_BAR, PER_ROW_THRESHOLD } from './pages';
import { sqlText } from './psql';
import { sessionCookie } from './server';
import { repeatedStatements } from './statement-counter';
import { findTeamFixture, percentile } from './team-page';
import type { BenchRow, BenchTarget } from './types';

export const FINDER_P95_BAR_MS = 300;

interface Term {
  skillId: string;
  minLevel: number;
}

interface FinderSearch {
  label: string;
  terms: Term[];
  match: 'all' | 'any';
  grow: boolean;
  endorsed: boolean;
}

interface Persona {
  name: 'admin' | 'manager';
  who: string;
  cookie: string;
  actor: { user: { id: string }; membership: { id: string; role: 'admin' | 'manager'; organizationId: string } };
}

/** The URL's query, as lib/people/query.ts `peopleQueryString` writes it. */
function queryString(search: FinderSearch): string {
  const skills = search.terms.map((term) => `${term.skillId}:${term.minLevel}`).join(',');
  return `skills=${skills}&match=${search.match}${search.grow ? '&grow=1' : ''}${search.endorsed ? '&endorsed=1' : ''}`;
}

/**
 * The searches: the certification-required skill with the most valid certificates, and the two skills
 * with the most endorsements in the cycle.
 */
async function pickSearches(
  pg: postgres.Sql,
  organizationId: string,
): Promise<{ cycleId: string; names: string[]; searches: FinderSearch[] }> {
  const [cycle] = await pg.unsafe<{ id: string }[]>(
    sqlText(sql`select c.id from ${assessmentCycles} c where c.id = (${currentCycleIdSql({ organizationId })})`),
  );
  if (!cycle) throw new Error('people finder: the organization has no current cycle');
  const [required] = await pg<{ id: string; name: string }[]>`
    select s.id, s.name from skill_nodes s
    left join certification_skills cs on cs.organization_id = s.organization_id and cs.skill_id = s.id
    left join certifications c on c.organization_id = cs.organization_id and c.id = cs.certification_id
      and c.issued_on <= current_date and (c.expires_on is null or c.expires_on >= current_date)
    where s.organization_id = ${organizationId} and s.requires_certification and s.archived_at is null
    group by s.id, s.name order by count(c.id) desc, s.name limit 1`;
  if (!required) throw new Error('people finder: no skill requires a certification (run bench:data)');
  const endorsed = await pg<{ id: string; name: string }[]>`
    select s.id, s.name from endorsements e
    join skill_nodes s on s.organization_id = e.organization_id and s.id = e.skill_id
    where e.organization_id = ${organizationId} and e.cycle_id = ${cycle.id} and s.id <> ${required.id}
    group by s.id, s.name order by count(*) desc, s.name limit 2`;
  if (endorsed.length < 2) throw new Error('people finder: fewer than two endorsed skills (run bench:data)');
  const terms = [
    { skillId: required.id, minLevel: 2 },
    { skillId: endorsed[0]!.id, minLevel: 3 },
    { skillId: endorsed[1]!.id, minLevel: 2 },
  ];
  return {
    cycleId: cycle.id,
    names: [`${required.name} (certification required) ≥ 2`, `${endorsed[0]!.name} ≥ 3`, `${endorsed[1]!.name} ≥ 2`],
    searches: [
      { label: 'any of 3, endorsed only', terms, match: 'any', grow: false, endorsed: true },
      { label: 'all 3 or growing', terms, match: 'all', grow: true, endorsed: false },
    ],
  };
}

async function personas(pg: postgres.Sql, target: BenchTarget): Promise<Persona[]> {
  const org = target.organizationId;
  const [admin] = await pg<{ id: string; email: string; name: string; membership_id: string }[]>`
    select u.id, u.email, u.name, m.id as membership_id from memberships m join users u on u.id = m.user_id
    where m.organization_id = ${org} and m.role = 'admin' and m.status = 'active' order by u.email limit 1`;
  if (!admin) throw new Error('people finder: the organization has no admin');
  const team = await findTeamFixture(pg, org, 50);
  return [
    {
      name: 'admin',
      who: admin.email,
      cookie: await sessionCookie(target.authSecret, admin, org),
      actor: { user: { id: admin.id }, membership: { id: admin.membership_id, role: 'admin', organizationId: org } },
    },
    {
      name: 'manager',
      who: `${team.manager.email} (${team.memberCount}-member team)`,
      cookie: await sessionCookie(target.authSecret, team.manager, org),
      actor: {
        user: { id: team.manager.id },
        membership: { id: team.manager.membershipId, role: 'manager', organizationId: org },
      },
    },
  ];
}

interface Plan {
  plan: string[];
  executionMs: number | null;
  total: number;
}

/** EXPLAIN ANALYZE of the finder's statement, in a child process under the react-server condition. */
function explainFinder(input: object): Promise<Plan> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'npx',
      [
        'tsx',
        '--conditions=react-server',
        path.join('scripts', 'bench', 'people-finder-plan.ts'),
        JSON.stringify(input),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{')) {
        reject(new Error(`people-finder-plan exited ${code}: ${stderr.slice(-2000)}`));
        return;
      }
      resolve(JSON.parse(line) as Plan);
    });
  });
}

/** The tables the plan reads whole (a sequential scan), e.g. ["ratings"]. */
export function sequentialScans(plan: readonly string[]): string[] {
  const tables = new Set<string>();
  for (const line of plan) {
    const match = /Seq Scan on (\w+)/.exec(line);
    if (match?.[1]) tables.add(match[1]);
  }
  return [...tables].sort();
}

export async function measurePeopleFinder(
  target: BenchTarget,
  pg: postgres.Sql,
  log: (line: string) => void,
): Promise<BenchRow[]> {
  const { warmup, requests } = target.smoke ? { warmup: 1, requests: 3 } : { warmup: 3, requests: 30 };
  const { cycleId, names, searches } = await pickSearches(pg, target.organizationId);
  log(`[finder] ${names.join(', ')}`);
  const origin = new URL(target.baseUrl).origin;
  const rows: BenchRow[] = [];
  for (const persona of await personas(pg, target)) {
    for (const search of searches) {
      const url = `${origin}/people?${queryString(search)}`;
      const get = () => fetch(url, { headers: { cookie: persona.cookie }, redirect: 'manual' });
      for (let i = 0; i < warmup; i += 1) {
        const response = await get();
        const html = await response.text();
        // A refused or misread search still answers 200: make sure the results were there.
        if (response.status !== 200 || !html.includes('id="people-results"')) {
          throw new Error(`people finder: ${url} as ${persona.name} answered ${response.status} without results`);
        }
      }
      const times: number[] = [];
      for (let i = 0; i < requests; i += 1) {
        const started = performance.now();
        const response = await get();
        await response.arrayBuffer();
        times.push(performance.now() - started);
        if (response.status !== 200) throw new Error(`people finder: ${url} answered ${response.status}`);
      }
      // The statements: requests of their own on the server behind the counter (BenchTarget.counted says why).
      let maxStatements = 0;
      let perRow: string[] = [];
      if (target.counted) {
        const { statements: counter } = target.counted;
        const countedUrl = `${new URL(target.counted.baseUrl).origin}/people?${queryString(search)}`;
        // Not counted: a fresh connection's one-off statements (pages.ts, measurePage).
        await (await fetch(countedUrl, { headers: { cookie: persona.cookie }, redirect: 'manual' })).arrayBuffer();
        for (let i = 0; i < Math.min(requests, 5); i += 1) {
          counter.begin();
          const response = await fetch(countedUrl, { headers: { cookie: persona.cookie }, redirect: 'manual' });
          await response.arrayBuffer();
          const window = counter.end();
          if (response.status !== 200) throw new Error(`people finder: ${countedUrl} answered ${response.status}`);
          if (window.statements.length >= maxStatements) {
            maxStatements = window.statements.length;
            perRow = [...repeatedStatements(window.statements, PER_ROW_THRESHOLD)].map(
              ([text, count]) => `${count}× “${text.slice(0, 80)}…”`,
            );
          }
        }
      }
      times.sort((a, b) => a - b);
      const p50 = percentile(times, 50);
      const p95 = percentile(times, 95);
      const plan = await explainFinder({
        databaseUrl: target.databaseUrl,
        actor: persona.actor,
        cycleId,
        terms: search.terms,
        match: search.match,
        grow: search.grow,
        endorsed: search.endorsed,
      });
      log(`[finder] plan as ${persona.name}, ${search.label} (${plan.total} matches):`);
      for (const line of plan.plan) log(`    ${line}`);
      const scans = sequentialScans(plan.plan);
      const counted = target.counted !== undefined;
      const statementsOk = !counted || (maxStatements <= PAGE_STATEMENT_BAR && perRow.length === 0);
      rows.push({
        measure: `people finder (${persona.name}: ${search.label})`,
        skillgrid:
          `p50 ${p50.toFixed(1)} / p95 ${p95.toFixed(1)} ms; ${plan.total} matches; ` +
          `finder statement ${plan.executionMs === null ? '?' : plan.executionMs.toFixed(1)} ms in the database` +
          (scans.length > 0 ? ` (sequential scan on ${scans.join(', ')})` : '') +
          (counted ? `; ${maxStatements} stmts/req` : '') +
          (perRow.length > 0 ? `; per row: ${perRow.join(', ')}` : ''),
        baseline: '—',
        ratio: null,
        bar:
          `p95 < ${FINDER_P95_BAR_MS} ms${target.smoke ? ' (not judged in smoke)' : ''}` +
          (counted ? `; ≤ ${PAGE_STATEMENT_BAR} stmts, none per row` : ''),
        pass: target.smoke ? statementsOk : statementsOk && p95 < FINDER_P95_BAR_MS,
        hard: !statementsOk,
      });
    }
  }
  return rows;
}
