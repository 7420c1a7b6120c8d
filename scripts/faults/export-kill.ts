/**
 * (b) The app server is SIGKILLed in the middle of a CSV export.
 *
 * The organization is made big enough (FAULTS_EXPORT_MEMBERS extra members,
 * default 800, on a team with targets and rated 0 in the open cycle) that
 * the organization-wide gap export cannot be written out whole before the
 * server is killed. That takes more than "seconds of streaming": what the
 * server has written into its socket stays deliverable after SIGKILL (the
 * kernel sends it, then a clean FIN), and on loopback the send buffer grows
 * to 4 MB (tcp_wmem) plus what the reader's buffer takes. With 300 members
 * the export was 3.1 MB: on a loaded machine the server wrote all of it
 * before the kill and the reader saw a complete download, correctly. 800
 * members make it about 8 MB. Twice:
 *   - fetch, reading slowly: the server is killed after the first bytes; the
 *     reader must get an error, not a clean end of stream;
 *   - Chromium, a real download: the server is killed once it has started;
 *     the download must be reported failed.
 * Neither may leave a "completed" audit entry. After a restart of the app
 * the same export must come through whole: header, every row, a completed
 * audit entry with the same row count, and the killed download's bytes a
 * strict prefix of it.
 */
import assert from 'node:assert/strict';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions, signInOverHttp } from './autosave-clients';
import { onCleanup, sleep, waitFor } from './processes';
import type { Harness } from './harness';

const ADMIN = 'admin@demo.skillgrid.dev';
const EXPORT_PATH = '/api/reports/gaps.csv?format=long';

async function addBulkMembers(harness: Harness, count: number): Promise<void> {
  const { sql, world } = harness;
  await sql.begin(async (tx) => {
    const [team] = await tx<
      { id: string }[]
    >`select id from teams where organization_id = ${world.organizationId} order by name limit 1`;
    if (!team) throw new Error('the demo organization has no team');
    await tx`
      with new_users as (
        insert into users (email, name)
        select 'bulk-' || lpad(g::text, 4, '0') || '@demo.skillgrid.dev', 'Bulk Member ' || lpad(g::text, 4, '0')
        from generate_series(1, ${count}::int) g
        on conflict (email) do nothing
        returning id
      ), new_members as (
        insert into memberships (organization_id, user_id, role)
        select ${world.organizationId}::uuid, id, 'member' from new_users
        returning id
      ), on_team as (
        insert into team_members (organization_id, team_id, membership_id)
        select ${world.organizationId}::uuid, ${team.id}::uuid, id from new_members
        returning membership_id
      )
      insert into ratings (organization_id, cycle_id, membership_id, skill_id, source, level, rated_by_membership_id, changed_at)
      select ${world.organizationId}::uuid, ${world.cycleId}::uuid, t.membership_id, s.id, 'self', 0, t.membership_id, now() - interval '1 day'
      from on_team t cross join unnest(${world.skillIds}::uuid[]) as s(id)`;
  });
  await sql`analyze`;
}

async function exportAudits(
  harness: Harness,
): Promise<{ id: number; completed: boolean | null; rows: number | null }[]> {
  const rows = await harness.sql<{ id: number; details: { completed?: boolean; rows?: number } | null }[]>`
    select id, details from audit_log
    where organization_id = ${harness.world.organizationId} and action = 'report.exported'
    order by id`;
  return rows.map((row) => ({
    id: Number(row.id),
    completed: row.details?.completed ?? null,
    rows: row.details?.rows ?? null,
  }));
}

export async function runExportKill(harness: Harness): Promise<void> {
  const extra = Number(process.env.FAULTS_EXPORT_MEMBERS ?? 800);
  const setupStarted = Date.now();
  await addBulkMembers(harness, extra);
  console.log(`[faults] (b) ${extra} more members rated in ${((Date.now() - setupStarted) / 1000).toFixed(1)} s`);
  const auditsBefore = await exportAudits(harness);

  // ---- 1. fetch, reading slowly; SIGKILL once the first bytes are in
  let cookie = await signInOverHttp(harness.app().baseUrl, ADMIN);
  const killedApp = harness.app();
  const response = await fetch(`${killedApp.baseUrl}${EXPORT_PATH}`, { headers: { cookie } });
  assert.equal(response.status, 200, `the export answered ${response.status}`);
  assert.ok(response.body, 'the export has no body');
  assert.equal(response.headers.get('content-length'), null, 'a streamed export has no length up front');
  const reader = response.body.getReader();
  const partialChunks: Uint8Array[] = [];
  let received = 0;
  let killedAt = 0;
  let outcome: 'clean end' | 'error' = 'clean end';
  let errorText = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      partialChunks.push(value);
      received += value.byteLength;
      if (!killedAt && received >= 64 * 1024) {
        killedAt = received;
        await killedApp.kill('SIGKILL');
      }
      // A slow reader: backpressure keeps the server from running ahead of it.
      if (!killedAt) await sleep(20);
    }
  } catch (error) {
    outcome = 'error';
    errorText = `${error instanceof Error ? error.message : String(error)}${error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : ''}`;
  }
  const partial = Buffer.concat(partialChunks);
  console.log(
    `[faults] (b) fetch: killed the server (SIGKILL) after ${killedAt} bytes; the reader got ${received} bytes, then ${outcome === 'error' ? `an error: ${errorText}` : 'a CLEAN END'}`,
  );
  assert.ok(killedAt > 0, 'the export finished before the server could be killed: make the organization bigger');
  assert.equal(outcome, 'error', 'a download cut by a dead server must not end like a complete one');

  // ---- 2. Chromium: a real download, cut the same way
  let app = await harness.restartApp();
  cookie = await signInOverHttp(app.baseUrl, ADMIN);
  const browser = await chromium.launch(chromiumLaunchOptions());
  const removeBrowserCleanup = onCleanup('Chromium (export)', () => browser.close());
  let browserFailure: string | null = null;
  try {
    const context = await browser.newContext({ baseURL: app.baseUrl, acceptDownloads: true });
    const session = cookie.split('; ').map((pair) => {
      const at = pair.indexOf('=');
      return { name: pair.slice(0, at), value: pair.slice(at + 1), url: app.baseUrl };
    });
    await context.addCookies(session);
    const page = await context.newPage();
    await page.goto('/sign-in');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 30_000 }),
      page.evaluate((href) => {
        const link = document.createElement('a');
        link.href = href;
        link.download = '';
        document.body.append(link);
        link.click();
      }, EXPORT_PATH),
    ]);
    // The download has started (headers are in, rows are streaming): kill the server now.
    await app.kill('SIGKILL');
    browserFailure = await download.failure();
    console.log(
      `[faults] (b) Chromium: server killed during the download; the browser reports ${browserFailure === null ? 'SUCCESS' : `failure "${browserFailure}"`}`,
    );
  } finally {
    await browser.close().catch(() => {});
    removeBrowserCleanup();
  }
  assert.notEqual(browserFailure, null, 'Chromium reported a download cut by a dead server as complete');

  // Nothing of either killed export may be audited as a success.
  const auditsAfterKill = await exportAudits(harness);
  const newAfterKill = auditsAfterKill.filter((row) => !auditsBefore.some((before) => before.id === row.id));
  console.log(
    `[faults] (b) audit entries for the killed exports: ${newAfterKill.length} (completed: ${newAfterKill.filter((row) => row.completed).length})`,
  );
  assert.equal(
    newAfterKill.filter((row) => row.completed !== false).length,
    0,
    'a killed export was audited as completed',
  );

  // ---- 3. restart: the next export is whole
  app = await harness.restartApp();
  cookie = await signInOverHttp(app.baseUrl, ADMIN);
  const started = Date.now();
  const complete = await fetch(`${app.baseUrl}${EXPORT_PATH}`, { headers: { cookie } });
  assert.equal(complete.status, 200);
  const fullBytes = Buffer.from(await complete.arrayBuffer());
  const full = fullBytes.toString('utf8');
  const seconds = (Date.now() - started) / 1000;
  const lines = full.split('\r\n');
  assert.equal(lines.at(-1), '', 'the complete export ends with a line break');
  const dataRows = lines.length - 2;
  assert.ok(lines[0]?.startsWith('organization,team,member name,'), 'the complete export starts with its header');
  const completedAudit = await waitFor(
    async () => {
      const rows = await exportAudits(harness);
      return rows.some(
        (row) =>
          !auditsAfterKill.some((before) => before.id === row.id) && row.completed === true && row.rows === dataRows,
      );
    },
    10_000,
    200,
  );
  console.log(
    `[faults] (b) after the restart: ${dataRows} rows, ${(fullBytes.length / 1024 / 1024).toFixed(1)} MB in ${seconds.toFixed(1)} s; killed download had ${((partial.length / fullBytes.length) * 100).toFixed(1)} % of it`,
  );
  assert.ok(completedAudit !== null, `no completed audit entry with ${dataRows} rows for the export after the restart`);
  assert.ok(partial.length < fullBytes.length, 'the killed download was not shorter than the complete one');
  assert.ok(
    fullBytes.subarray(0, partial.length).equals(partial),
    'the killed download is not a prefix of the complete one',
  );

  // ---- 4. the other way round: a client that gives up is audited as not completed, never as a success
  const auditsBeforeAbandon = await exportAudits(harness);
  const abandoned = await fetch(`${app.baseUrl}${EXPORT_PATH}`, { headers: { cookie } });
  const abandonedReader = abandoned.body?.getReader();
  let abandonedBytes = 0;
  while (abandonedReader && abandonedBytes < 64 * 1024) {
    const { done, value } = await abandonedReader.read();
    if (done) break;
    abandonedBytes += value.byteLength;
  }
  await abandonedReader?.cancel();
  let abandonAudit: { completed: boolean | null; rows: number | null } | undefined;
  await waitFor(
    async () => {
      abandonAudit = (await exportAudits(harness)).find(
        (row) => !auditsBeforeAbandon.some((before) => before.id === row.id),
      );
      return abandonAudit !== undefined;
    },
    10_000,
    200,
  );
  console.log(
    `[faults] (b) a client that gave up after ${abandonedBytes} bytes: audited ${abandonAudit ? `completed=${abandonAudit.completed}, rows=${abandonAudit.rows}` : 'NOT AT ALL'}`,
  );
  assert.ok(abandonAudit, 'an abandoned export was not audited');
  assert.equal(abandonAudit.completed, false, 'an abandoned export was audited as completed');
  assert.ok((abandonAudit.rows ?? 0) < dataRows, 'an abandoned export was audited with every row');
}
