/**
 * Organization-wide gap CSV export: GET /api/reports/gaps.csv as the admin
 * (long format, the route's defaults), read to the end, rows/s and the
 * server's peak RSS — next to psql running the same SELECT over the whole
 * organization as `COPY (…) TO STDOUT WITH (FORMAT csv)` (what `\copy … to
 * stdout` sends), its output counted the same way.
 */
import { sql } from 'drizzle-orm';
import type postgres from 'postgres';
import { openConnection } from '@/db';
import { gapCtes, lastRatedText, scopedMemberIds, type ReportScope } from '@/lib/reports/gap-sql';
import { resolveReportScope } from '@/lib/reports/scope';
import { organizationAdminActor } from '../lib/admin-actor';
import { runPsql, sqlText } from './psql';
import { peakRss, sessionCookie } from './server';
import type { BenchRow, BenchTarget } from './types';

/** The export's long-format SELECT over the whole scope in one statement, with the route's columns. */
export function wholeExportSelect(scope: ReportScope) {
  return sql`
    with ${gapCtes(scope, scopedMemberIds(scope))}
    select ${scope.organizationName} as organization, mem.team_names, mem.member_name, mem.email, mem.role_profile_name,
           sk.area_name, sk.section_name, sk.group_name, sk.skill_key, sk.skill_name,
           g.self_level, g.manager_level, g.level, g.target_level, g.gap,
           case when g.interest then 'yes' else 'no' end as interest,
           ${lastRatedText(sql`g.last_rated_at`)} as last_rated_at, ${scope.cycleName} as cycle
    from rep_gaps g
    join rep_members mem on mem.membership_id = g.membership_id
    join rep_skills sk on sk.skill_id = g.skill_id
    order by mem.member_name, mem.membership_id, sk.skill_order, sk.skill_id`;
}

/**
 * The wide file's data over the whole scope in one statement, raw (a row per member × skill of the members with a
 * selected gap): what the wide format is made of, before anyone renders a member's row.
 */
export function wholeWideSelect(scope: ReportScope) {
  const interest = scope.filters.interestOnly ? sql`and p.interest` : sql``;
  return sql`
    with ${gapCtes(scope, scopedMemberIds(scope))},
    selected as (select distinct membership_id from rep_gaps)
    select ${scope.organizationName} as organization, mem.team_names, mem.member_name, mem.email, mem.role_profile_name,
           sk.skill_id, p.level, p.not_applicable,
           case when p.gap >= ${scope.filters.minGap} ${interest} then p.gap end as selected_gap, ${scope.cycleName} as cycle
    from selected s
    join rep_members mem on mem.membership_id = s.membership_id
    cross join rep_skills sk
    left join rep_pairs p on p.membership_id = s.membership_id and p.skill_id = sk.skill_id
    order by mem.member_name, mem.membership_id, sk.skill_order, sk.skill_id`;
}

/** Counts CSV lines (LF bytes): no field of this export contains a line break. */
function lineCounter() {
  let lines = 0;
  let bytes = 0;
  return {
    add(chunk: Uint8Array) {
      bytes += chunk.byteLength;
      for (let i = 0; i < chunk.length; i += 1) if (chunk[i] === 10) lines += 1;
    },
    get lines() {
      return lines;
    },
    get bytes() {
      return bytes;
    },
  };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const perSecond = (rows: number, ms: number) => `${Math.round(rows / (ms / 1000)).toLocaleString('en-US')} rows/s`;

export async function measureGapExport(
  target: BenchTarget,
  pg: postgres.Sql,
  serverPid: number,
  log: (line: string) => void,
): Promise<BenchRow[]> {
  const [admin] = await pg<{ id: string; email: string; name: string }[]>`
    select u.id, u.email, u.name from memberships m join users u on u.id = m.user_id
    where m.organization_id = ${target.organizationId} and m.role = 'admin' and m.status = 'active'
    order by u.email limit 1`;
  if (!admin) throw new Error('export: the organization has no admin');
  const cookie = await sessionCookie(target.authSecret, admin, target.organizationId);
  const url = `${target.baseUrl}/api/reports/gaps.csv`;

  /** One download through the server, read to the end, with the server's RSS just before it and at its peak. */
  const download = async (format: 'long' | 'wide') => {
    const address = format === 'long' ? url : `${url}?format=wide`;
    log(`[export] GET ${address} as ${admin.email}`);
    const counted = lineCounter();
    const {
      result: ms,
      peakBytes,
      beforeBytes,
    } = await peakRss(serverPid, async () => {
      const started = performance.now();
      const response = await fetch(address, { headers: { cookie } });
      if (response.status !== 200 || !response.body)
        throw new Error(`export: GET ${address} answered ${response.status}`);
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        counted.add(value);
      }
      return performance.now() - started;
    });
    const rows = counted.lines - 1; // the header
    log(
      `[export] app (${format}): ${rows.toLocaleString('en-US')} rows, ${mb(counted.bytes)} in ${(ms / 1000).toFixed(1)} s; RSS ${mb(beforeBytes)} → peak ${mb(peakBytes)}`,
    );
    return { rows, ms, peakBytes, beforeBytes };
  };

  /** The same data through psql's `copy` (what `\\copy … to stdout` sends): rows (lines) and milliseconds. */
  const psqlCopy = async (label: string, statement: string) => {
    const raw = lineCounter();
    const started = performance.now();
    const result = await runPsql(
      target.databaseUrl,
      ['-q', '-c', `copy (${statement}) to stdout with (format csv)`],
      (chunk) => raw.add(chunk),
    );
    const ms = performance.now() - started;
    if (result.code !== 0) throw new Error(`psql copy failed: ${result.stderr}`);
    log(
      `[export] psql (${label}): ${raw.lines.toLocaleString('en-US')} rows, ${mb(raw.bytes)} in ${(ms / 1000).toFixed(1)} s`,
    );
    return { rows: raw.lines, ms };
  };

  const memoryRows = (format: string, run: { peakBytes: number; beforeBytes: number }): BenchRow[] => [
    {
      measure: `gap CSV export (${format}) peak server RSS`,
      skillgrid: mb(run.peakBytes),
      baseline: '—',
      ratio: null,
      bar: '< 300 MB',
      pass: run.peakBytes < 300 * 1024 * 1024,
    },
    {
      // The memory probe: what the export adds to the server it runs in (peak during it − RSS just before it).
      measure: `gap CSV export (${format}): server RSS added (peak − before)`,
      skillgrid: `${mb(run.peakBytes - run.beforeBytes)} (${mb(run.beforeBytes)} → ${mb(run.peakBytes)})`,
      baseline: '—',
      ratio: null,
      bar: '< 40 MB',
      pass: run.peakBytes - run.beforeBytes < 40 * 1024 * 1024,
    },
  ];

  const long = await download('long');
  // The same SELECTs over the whole organization, through psql.
  const connection = await openConnection({ url: target.databaseUrl });
  let longStatement: string;
  let wideStatement: string;
  try {
    const { scope } = await resolveReportScope(connection.db, organizationAdminActor(target.organizationId), {
      minGap: 1,
      interestOnly: false,
      view: 'self',
    });
    if (!scope) throw new Error('export: no cycle');
    longStatement = sqlText(wholeExportSelect(scope));
    wideStatement = sqlText(wholeWideSelect(scope));
  } finally {
    await connection.close();
  }
  const longRaw = await psqlCopy('long', longStatement);
  if (longRaw.rows !== long.rows)
    throw new Error(`export: the app sent ${long.rows} rows, psql ${longRaw.rows}: not the same SELECT`);
  const wide = await download('wide');
  const wideRaw = await psqlCopy('wide: member × skill cells', wideStatement);
  const skills = wide.rows === 0 ? 0 : wideRaw.rows / wide.rows;
  if (!Number.isInteger(skills))
    throw new Error(
      `export: ${wideRaw.rows} cells through psql is not a whole number of cells for ${wide.rows} members`,
    );

  const longRatio = long.rows / long.ms / (longRaw.rows / longRaw.ms);
  // The wide file's rows are members, psql's are their cells: compared by time for the same data.
  const wideRatio = wideRaw.ms / wide.ms;
  return [
    {
      measure: `gap CSV export (${long.rows.toLocaleString('en-US')} rows)`,
      skillgrid: perSecond(long.rows, long.ms),
      baseline: perSecond(longRaw.rows, longRaw.ms),
      ratio: longRatio,
      bar: '≥ 0.85× (issue 23)',
      pass: longRatio >= 0.85,
    },
    ...memoryRows('long', long),
    {
      measure: `gap CSV export, wide (${wide.rows.toLocaleString('en-US')} members × ${skills} skills)`,
      skillgrid: `${(wide.ms / 1000).toFixed(1)} s`,
      baseline: `${(wideRaw.ms / 1000).toFixed(1)} s (psql copy of the cells)`,
      ratio: wideRatio,
      bar: '≥ 0.85× (issue 23)',
      pass: wideRatio >= 0.85,
    },
    ...memoryRows('wide', wide),
  ];
}
