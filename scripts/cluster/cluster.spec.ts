/**
 * Through the load balancer (scripts/cluster/run.ts starts it): a session
 * made on one instance works on the others, an autocannon burst of autosaves
 * spreads over all instances and loses nothing, a report is read from the
 * replica, and failed sign-ins on different instances count against one
 * limit. What it measures goes to CLUSTER_RESULTS for run.ts to print.
 *
 * Serial and in this order: the rate-limit test blocks sign-ins from
 * 127.0.0.1 for 15 minutes, so it runs last.
 */
import { writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { test, expect, signIn, DEMO_USERS } from '../../tests/e2e/fixtures';
import { DEMO_MANAGER2_EMAIL, DEMO_MANAGER3_EMAIL } from '../../db/seed/demo-credentials';
import type { ClusterResults } from './results';

const baseURL = process.env.CLUSTER_BASE_URL || 'http://127.0.0.1:3600';
const instances = (process.env.CLUSTER_INSTANCES || 'app1,app2,app3').split(',');
const primaryUrl = process.env.CLUSTER_PRIMARY_URL || '';
const replicaUrl = process.env.CLUSTER_REPLICA_URL || '';
const results: Partial<ClusterResults> = {};

function saveResults(): void {
  if (process.env.CLUSTER_RESULTS) writeFileSync(process.env.CLUSTER_RESULTS, JSON.stringify(results, null, 2));
}

function servedBy(headers: Record<string, string | string[] | undefined>): string | undefined {
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === 'x-served-by') return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

function tally(names: (string | undefined)[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of names) if (name) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

/** The autosave request the browser sent, to replay with other bodies. */
interface CapturedSave {
  path: string;
  headers: Record<string, string>;
  cycleId: string;
}
let capturedSave: CapturedSave | undefined;

test.describe.configure({ mode: 'serial', timeout: 240_000 });

test('a user signs in on one instance and keeps working on all of them', async ({ page }) => {
  // Only meaningful against the cluster scripts/cluster/run.ts starts (it sets the URLs); never skipped there.
  test.skip(!primaryUrl, 'run through npm run test:cluster');
  const documents: (string | undefined)[] = [];
  const everything: (string | undefined)[] = [];
  page.on('response', (response) => {
    const instance = servedBy(response.headers());
    everything.push(instance);
    if (response.request().resourceType() === 'document') documents.push(instance);
  });
  await signIn(page, DEMO_USERS.member.email);
  for (const [path, heading] of [
    ['/me', /My profile/],
    ['/assess', /Self-assessment/],
    ['/', /.+/],
    ['/me', /My profile/],
    ['/assess', /Self-assessment/],
    ['/me', /My profile/],
  ] as const) {
    await page.goto(path);
    // Still signed in, whichever instance answered.
    expect(new URL(page.url()).pathname).toBe(path);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  }

  // One autosave through the UI: the request the burst below replays.
  const saveRequest = page.waitForRequest(
    (request) =>
      request.method() === 'POST' &&
      new URL(request.url()).pathname === '/api/ratings/batch' &&
      (request.postData() ?? '').includes('"changes"'),
  );
  await page.goto('/assess');
  await expect(page.locator('[data-assessment-ready]')).toBeAttached({ timeout: 30_000 });
  const firstRow = page.locator('[data-skill-id]').first();
  await firstRow.focus();
  await page.keyboard.press('3');
  const request = await saveRequest;
  await expect(page.getByTestId('save-status')).toHaveText('All changes saved', { timeout: 20_000 });
  const body = JSON.parse(request.postData() ?? '{}') as { cycleId: string };
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers())) {
    if (['content-type', 'accept'].includes(name)) headers[name] = value;
  }
  const url = new URL(request.url());
  capturedSave = { path: url.pathname + url.search, headers, cycleId: body.cycleId };

  const documentInstances = new Set(documents.filter(Boolean));
  expect(documentInstances.size, `pages served by ${[...documentInstances].join(', ')}`).toBeGreaterThanOrEqual(2);
  expect(new Set(everything.filter(Boolean)).size).toBe(instances.length);
  results.session = { documentsByInstance: tally(documents) };
  saveResults();
});

test('an autocannon burst of autosaves spreads over every instance and loses nothing', async ({ browser }) => {
  // Only meaningful against the cluster scripts/cluster/run.ts starts (it sets the URLs); never skipped there.
  test.skip(!primaryUrl, 'run through npm run test:cluster');
  const save = capturedSave;
  if (!save) throw new Error('the previous test did not capture an autosave');
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signIn(page, DEMO_MANAGER2_EMAIL);
  const cookie = (await context.cookies(baseURL)).map((c) => `${c.name}=${c.value}`).join('; ');
  await context.close();

  const primary = postgres(primaryUrl, { max: 1, onnotice: () => {} });
  try {
    const [owner] = await primary<
      { membership_id: string; organization_id: string; framework_id: string; top: number | null }[]
    >`
      select m.id as membership_id, m.organization_id, c.framework_id,
             (select max(level) from proficiency_levels p where p.organization_id = c.organization_id and p.framework_id = c.framework_id) as top
      from users u
      join memberships m on m.user_id = u.id
      join assessment_cycles c on c.organization_id = m.organization_id and c.id = ${save.cycleId}
      where u.email = ${DEMO_MANAGER2_EMAIL}`;
    if (!owner) throw new Error('manager2 has no membership in the cycle’s organization');
    const skills = await primary<{ id: string }[]>`
      select id from skill_nodes
      where organization_id = ${owner.organization_id} and framework_id = ${owner.framework_id} and kind = 'skill' and archived_at is null
      order by position, id`;
    expect(skills.length).toBeGreaterThan(20);

    // Three rounds over every skill, four changes per request (a typical autosave batch).
    const rounds = 3;
    const batchSize = 4;
    const levels = (owner.top ?? 4) + 1;
    const base = Date.now();
    type Change = { skillId: string; level: number; changedAt: string; id: string; seq: number };
    const batches: Change[][] = [];
    for (let round = 0; round < rounds; round++) {
      for (let start = 0; start < skills.length; start += batchSize) {
        batches.push(
          skills.slice(start, start + batchSize).map((skill, offset) => {
            const index = start + offset;
            return {
              skillId: skill.id,
              level: (round + index) % levels,
              changedAt: new Date(base + round * 60_000 + index).toISOString(),
              id: `burst-${round}-${index}`,
              // One browser queue's numbers: rising with the rounds, as a person's later changes do.
              seq: base * 1024 + round * skills.length + index + 1,
            };
          }),
        );
      }
    }
    const clientId = `cluster-burst-${base.toString(36)}`;
    const bodyOf = (batch: Change[]) =>
      JSON.stringify({
        cycleId: save.cycleId,
        clientId,
        changes: batch.map((change) => ({
          skillId: change.skillId,
          level: change.level,
          notApplicable: false,
          interest: false,
          // The id rides in the note so the history shows which change each row is.
          note: change.id,
          changedAt: change.changedAt,
          seq: change.seq,
        })),
      });
    const idOfSeq = new Map(batches.flat().map((change) => [change.seq, change.id]));

    let next = 0;
    const confirmed = new Set<string>();
    const byInstance: (string | undefined)[] = [];
    const started = Date.now();
    const result = await autocannon({
      url: baseURL,
      connections: 12,
      amount: batches.length,
      timeout: 60,
      requests: [
        {
          method: 'POST',
          path: save.path,
          headers: { ...save.headers, cookie, origin: baseURL },
          setupRequest: (request) => ({ ...request, body: bodyOf(batches[next++ % batches.length] ?? []) }),
          onResponse: (status, body, _context, headers) => {
            byInstance.push(servedBy(headers ?? {}));
            if (status !== 200) return;
            // Answered for: applied, or stale (a later change of the same skill overtook it).
            const answer = JSON.parse(body) as { applied: number[]; stale: { seq: number }[] };
            for (const seq of [...answer.applied, ...answer.stale.map((item) => item.seq)]) {
              const id = idOfSeq.get(seq);
              if (id) confirmed.add(id);
            }
          },
        },
      ],
    });
    const durationMs = Date.now() - started;

    // Stored: every confirmed change is in the history, and each skill holds its newest confirmed change.
    const history = await primary<{ note: string }[]>`
      select note from rating_history
      where organization_id = ${owner.organization_id} and membership_id = ${owner.membership_id} and note like 'burst-%'`;
    const stored = new Set(history.map((row) => row.note));
    const finals = await primary<{ skill_id: string; level: number | null; note: string | null }[]>`
      select skill_id, level, note from ratings
      where organization_id = ${owner.organization_id} and cycle_id = ${save.cycleId} and membership_id = ${owner.membership_id} and source = 'self'`;
    const finalBySkill = new Map(finals.map((row) => [row.skill_id, row]));
    const newest = new Map<string, Change>();
    for (const change of batches.flat()) if (confirmed.has(change.id)) newest.set(change.skillId, change);
    const lostIds = [...confirmed].filter((id) => !stored.has(id));
    const wrongFinal = [...newest.values()].filter((change) => finalBySkill.get(change.skillId)?.note !== change.id);

    results.burst = {
      requests: result.requests.sent,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      acknowledged: confirmed.size,
      stored: [...confirmed].filter((id) => stored.has(id)).length,
      lost: lostIds.length + wrongFinal.length,
      byInstance: tally(byInstance),
      durationMs,
      ratingsPerSecond: confirmed.size / (durationMs / 1000),
    };
    saveResults();

    expect(result.errors + result.timeouts).toBe(0);
    expect(result.non2xx).toBe(0);
    expect(confirmed.size, 'every change of every batch confirmed').toBe(batches.flat().length);
    expect(lostIds).toEqual([]);
    expect(wrongFinal).toEqual([]);
    for (const instance of instances)
      expect(results.burst.byInstance[instance] ?? 0, `saves served by ${instance}`).toBeGreaterThan(0);
  } finally {
    await primary.end();
  }
});

test('the gap report and its CSV are read from the replica', async ({ browser }) => {
  // Only meaningful against the cluster scripts/cluster/run.ts starts (it sets the URLs); never skipped there.
  test.skip(!primaryUrl, 'run through npm run test:cluster');
  const primary = postgres(primaryUrl, { max: 1, onnotice: () => {} });
  const replica = postgres(replicaUrl, { max: 1, onnotice: () => {} });
  try {
    // The burst has reached the replica (streaming replication keeps up within moments).
    await expect
      .poll(async () => {
        const [p] = await primary<
          { n: string }[]
        >`select count(*)::text as n from rating_history where note like 'burst-%'`;
        const [r] = await replica<
          { n: string }[]
        >`select count(*)::text as n from rating_history where note like 'burst-%'`;
        return r?.n === p?.n;
      })
      .toBe(true);
    const [recovery] = await replica<{ standby: boolean }[]>`select pg_is_in_recovery() as standby`;
    expect(recovery?.standby).toBe(true);

    // Not counted: these counters' own queries, the replication probe above and the replica gate's probe
    // (`select pg_is_in_recovery()`, db/replica-gate.ts), which are not report statements.
    type Counter = { queryid: string; calls: string };
    const statements = (sql: postgres.Sql) => sql<Counter[]>`
      select s.queryid::text, s.calls::text from pg_stat_statements s join pg_database d on d.oid = s.dbid
      where d.datname = current_database() and s.query not ilike '%pg_stat%' and s.query not ilike '%pg_is_in_recovery%' and s.query not ilike '%rating_history where note like%'`;
    const transactions = async (sql: postgres.Sql) => {
      await new Promise((resolve) => setTimeout(resolve, 1_500)); // counters are flushed about once a second
      const [row] = await sql<
        { n: string }[]
      >`select xact_commit::text as n from pg_stat_database where datname = current_database()`;
      return Number(row?.n ?? 0);
    };
    const asMap = (rows: Counter[]) => new Map(rows.map((row) => [row.queryid, Number(row.calls)]));
    const replicaBefore = asMap(await statements(replica));
    const primaryBefore = asMap(await statements(primary));
    const transactionsBefore = await transactions(replica);

    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await signIn(page, DEMO_USERS.admin.email);
    await page.goto('/reports/gaps');
    await expect(page.getByRole('heading', { level: 1, name: 'Gap report' })).toBeVisible();
    // Twice: the first also opens the instance's replica connection and warms the standby's cache.
    const download = async () => {
      const csvStarted = Date.now();
      const csv = await context.request.get('/api/reports/gaps.csv?format=long');
      const text = await csv.text();
      expect(csv.status()).toBe(200);
      return { ms: Date.now() - csvStarted, rows: text.split('\n').filter((line) => line.trim() !== '').length - 1 };
    };
    const cold = await download();
    const { ms: csvMs, rows: csvRows } = await download();
    expect(csvRows).toBe(cold.rows);
    expect(csvRows).toBeGreaterThan(0);
    await context.close();

    const replicaAfter = asMap(await statements(replica));
    const primaryAfter = asMap(await statements(primary));
    const transactionsAfter = await transactions(replica);
    const ranOnReplica = [...replicaAfter].filter(([id, calls]) => calls > (replicaBefore.get(id) ?? 0));
    const replicaCalls = ranOnReplica.reduce((sum, [id, calls]) => sum + calls - (replicaBefore.get(id) ?? 0), 0);
    // The same statements (same query ids: a physical replica has the same catalog) on the primary meanwhile.
    const primaryCalls = ranOnReplica.reduce(
      (sum, [id]) => sum + (primaryAfter.get(id) ?? 0) - (primaryBefore.get(id) ?? 0),
      0,
    );

    results.replica = {
      statements: replicaCalls,
      // Less the one probe transaction between the two readings.
      transactions: Math.max(0, transactionsAfter - transactionsBefore - 1),
      primaryReportStatements: primaryCalls,
      csvRows,
      csvColdMs: cold.ms,
      csvMs,
      csvRowsPerSecond: csvRows / (csvMs / 1000),
    };
    saveResults();
    expect(replicaCalls).toBeGreaterThan(0);
    expect(primaryCalls).toBe(0);
  } finally {
    await primary.end();
    await replica.end();
  }
});

test('failed sign-ins on different instances count against one limit', async ({ browser }) => {
  // Only meaningful against the cluster scripts/cluster/run.ts starts (it sets the URLs); never skipped there.
  test.skip(!primaryUrl, 'run through npm run test:cluster');
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const served: (string | undefined)[] = [];
  const attempt = async (password: string) => {
    await page.goto('/sign-in');
    await page.getByLabel('Email', { exact: true }).fill(DEMO_MANAGER3_EMAIL);
    await page.getByLabel('Password', { exact: true }).fill(password);
    const posted = page.waitForResponse((response) => response.request().method() === 'POST');
    await page.getByRole('button', { name: /sign in/i }).click();
    return posted;
  };
  // The limit is 10 failures per account (and per address) in 15 minutes.
  for (let i = 0; i < 10; i++) {
    const response = await attempt('not-the-password');
    served.push(servedBy(response.headers()));
    await expect(page.getByText('That email and password do not match an active account.')).toBeVisible();
  }
  // The right password now, on whichever instance is next: refused, because the count is shared.
  await attempt(DEMO_USERS.manager.password);
  const blocked = page.getByText('Too many failed attempts. Wait 15 minutes and try again.');
  await expect(blocked).toBeVisible();
  results.rateLimit = { failures: served.length, byInstance: tally(served), blocked: await blocked.isVisible() };
  saveResults();
  await context.close();
  expect(Object.keys(results.rateLimit.byInstance).length, 'failures spread over instances').toBeGreaterThanOrEqual(2);
});
