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

  log(`[export] GET ${url} as ${admin.email}`);
  const app = lineCounter();
  const {
    result: appMs,
    peakBytes,
    beforeBytes,
  } = await peakRss(serverPid, async () => {
    const started = performance.now();
    const response = await fetch(url, { headers: { cookie } });
    if (response.status !== 200 || !response.body) throw new Error(`export: GET ${url} answered ${response.status}`);
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      app.add(value);
    }
    return performance.now() - started;
  });
  const appRows = app.lines - 1; // the header
  log(
    `[export] app: ${appRows.toLocaleString('en-US')} rows, ${mb(app.bytes)} in ${(appMs / 1000).toFixed(1)} s; RSS ${mb(beforeBytes)} → peak ${mb(peakBytes)}`,
  );

  // The same SELECT over the whole organization, through psql.
  const connection = await openConnection({ url: target.databaseUrl });
  let statement: string;
  try {
    const { scope } = await resolveReportScope(connection.db, organizationAdminActor(target.organizationId), {
      minGap: 1,
      interestOnly: false,
      view: 'self',
    });
    if (!scope) throw new Error('export: no cycle');
    statement = sqlText(wholeExportSelect(scope));
  } finally {
    await connection.close();
  }
  const raw = lineCounter();
  const started = performance.now();
  const result = await runPsql(
    target.databaseUrl,
    ['-q', '-c', `copy (${statement}) to stdout with (format csv)`],
    (chunk) => raw.add(chunk),
  );
  const rawMs = performance.now() - started;
  if (result.code !== 0) throw new Error(`psql copy failed: ${result.stderr}`);
  const rawRows = raw.lines;
  log(`[export] psql: ${rawRows.toLocaleString('en-US')} rows, ${mb(raw.bytes)} in ${(rawMs / 1000).toFixed(1)} s`);
  if (rawRows !== appRows)
    throw new Error(`export: the app sent ${appRows} rows, psql ${rawRows}: not the same SELECT`);

  const appRate = appRows / (appMs / 1000);
  const rawRate = rawRows / (rawMs / 1000);
  const ratio = appRate / rawRate;
  return [
    {
      measure: `gap CSV export (${appRows.toLocaleString('en-US')} rows)`,
      skillgrid: perSecond(appRows, appMs),
      baseline: perSecond(rawRows, rawMs),
      ratio,
      bar: '≥ 0.85× (issue 23)',
      pass: ratio >= 0.85,
    },
    {
      measure: 'gap CSV export peak server RSS',
      skillgrid: mb(peakBytes),
      baseline: '—',
      ratio: null,
      bar: '< 300 MB',
      pass: peakBytes < 300 * 1024 * 1024,
    },
    {
      // The memory probe: what the export adds to the server it runs in (peak during it − RSS just before it).
      measure: 'gap CSV export: server RSS added (peak − before)',
      skillgrid: `${mb(peakBytes - beforeBytes)} (${mb(beforeBytes)} → ${mb(peakBytes)})`,
      baseline: '—',
      ratio: null,
      bar: '< 40 MB',
      pass: peakBytes - beforeBytes < 40 * 1024 * 1024,
    },
  ];
}
