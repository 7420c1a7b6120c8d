/**
 * (a) PostgreSQL restarts while 50 users autosave.
 *
 * FAULTS_BROWSERS of the users (default 10) are Chromium pages pressing
 * rating keys on /assess; the others post the same server action through
 * the same SaveQueue class. A few seconds in, the cluster is stopped
 * (`pg_ctl stop -m fast`), left down for FAULTS_OUTAGE_MS (default 4 s) and
 * started again, while everyone keeps rating. Then every queue must drain on
 * its own (its retry timers, no help), and every change ever made must be
 * in the database — the newest per skill, compared by value and timestamp.
 */
import assert from 'node:assert/strict';
import { chromium } from '@playwright/test';
import { BrowserUser, HttpUser, Ledger, chromiumLaunchOptions, drive, signInOverHttp } from './autosave-clients';
import { onCleanup, sleep, waitFor } from './processes';
import type { Harness } from './harness';

const RECOVERY_LIMIT_MS = 5_000;
const FIRST_SAVE_LIMIT_MS = 10_000;

async function inBatches<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let at = 0; at < items.length; at += size) await Promise.all(items.slice(at, at + size).map(work));
}

export async function runAutosaveRestart(harness: Harness): Promise<void> {
  const { world, sql, cluster } = harness;
  const baseUrl = harness.app().baseUrl;
  const appPid = harness.app().pid;
  const browserCount = Math.min(world.users.length, Math.max(1, Number(process.env.FAULTS_BROWSERS ?? 10)));
  const outageMs = Number(process.env.FAULTS_OUTAGE_MS ?? 4_000);
  const ledger = new Ledger();

  const browser = await chromium.launch(chromiumLaunchOptions());
  const removeBrowserCleanup = onCleanup('Chromium', () => browser.close());
  try {
    const setupStarted = Date.now();
    const browserUsers = world.users
      .slice(0, browserCount)
      .map((user) => new BrowserUser(user.email, user.membershipId, ledger));
    await inBatches(browserUsers, 4, (user) => user.open(browser, baseUrl));

    // A real page's first save proves the pages are wired to the save route before the load starts.
    const first = browserUsers[0];
    assert.ok(first);
    await first.press();
    assert.ok((await waitFor(async () => first.sawSave, 15_000)) !== null, 'the /assess page never posted a save');

    const httpUsers: HttpUser[] = [];
    let probeCookie: string | null = null;
    await inBatches(world.users.slice(browserCount), 5, async (user) => {
      const cookie = await signInOverHttp(baseUrl, user.email);
      probeCookie ??= cookie;
      httpUsers.push(
        new HttpUser(user.email, user.membershipId, {
          baseUrl,
          cookie,
          cycleId: world.cycleId,
          skillIds: world.skillIds,
          offset: httpUsers.length * 7,
          ledger,
        }),
      );
    });
    console.log(
      `[faults] (a) ${browserUsers.length} browser users + ${httpUsers.length} HTTP users signed in and on /assess in ${((Date.now() - setupStarted) / 1000).toFixed(1)} s`,
    );

    // Everyone rates, a change every 1.5–2 s per user (a brisk human), from now until a few seconds after the database is back.
    let driving = true;
    const drivers = [
      ...browserUsers.map((user) =>
        drive(
          () => user.press(),
          1_500,
          () => !driving,
        ),
      ),
      ...httpUsers.map((user) =>
        drive(
          () => user.rate(),
          2_000,
          () => !driving,
        ),
      ),
    ];
    await sleep(3_000);
    // What the same requests cost under this load before anything breaks: the recovery time is read against it.
    const baseline = await timeProbe(baseUrl, probeCookie);
    console.log(`[faults] (a) under load, before the outage: health + signed-in page in ${baseline ?? 'NO ANSWER'} ms`);

    // ---- the outage, watched through /api/health: a probe every 250 ms, each on its own (a slow answer does not delay the next)
    const health: { at: number; answeredAt: number; status: number | 'no answer' }[] = [];
    const probes: Promise<void>[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const at = Date.now();
        probes.push(
          fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(10_000) })
            .then((response) => response.status)
            .catch(() => 'no answer' as const)
            .then((status) => void health.push({ at, answeredAt: Date.now(), status })),
        );
        await sleep(250);
      }
    })();
    const stopAsked = Date.now();
    await cluster.stop();
    const down = Date.now();
    console.log(
      `[faults] (a) PostgreSQL stopped (pg_ctl stop -m fast took ${down - stopAsked} ms); down for ${outageMs} ms`,
    );
    await sleep(outageMs);
    const startAsked = Date.now();
    await cluster.start();
    const back = Date.now();

    // The app must answer again on its own: /api/health (a query through the app's pool) says 200.
    let recoveredIn: number | null = null;
    while (recoveredIn === null && Date.now() - back < 30_000) {
      const probeAt = Date.now();
      const status = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(10_000) })
        .then((response) => response.status)
        .catch(() => 0);
      if (process.env.FAULTS_DEBUG)
        console.log(`[faults] (a)   +${probeAt - back} ms health ${status} in ${Date.now() - probeAt} ms`);
      if (status === 200) recoveredIn = Date.now() - back;
      else await sleep(100);
    }
    watching = false;
    await watcher;
    await Promise.all(probes);
    // Probes answered while the database was certainly down (the last one may be answered after it is back: 200 is right then).
    const duringOutage = health.filter((probe) => probe.at >= down && probe.answeredAt < startAsked);
    // ... and serves a signed-in page again (how long that takes depends on the load; reported, not judged).
    const pageAfter = await timeProbe(baseUrl, probeCookie);
    console.log(
      `[faults] (a) PostgreSQL back after ${back - startAsked} ms of pg_ctl start; /api/health 200 again ${recoveredIn === null ? 'NEVER (30 s)' : `${recoveredIn} ms`} later; ` +
        `health + signed-in page then took ${pageAfter ?? 'NO ANSWER'} ms`,
    );

    await sleep(3_000);
    driving = false;
    await Promise.all(drivers);

    // ---- every queue drains by itself (retry timers: backoff up to 15 s)
    const drainStarted = Date.now();
    const drained = await Promise.all([
      ...browserUsers.map((user) => user.drained(60_000)),
      ...httpUsers.map((user) => user.drained(60_000)),
    ]);
    const undrained = drained.filter((ok) => !ok).length;
    console.log(
      `[faults] (a) queues drained in ${((Date.now() - drainStarted) / 1000).toFixed(1)} s${undrained ? ` (${undrained} did not)` : ''}`,
    );
    for (const user of browserUsers) {
      if (!drained[browserUsers.indexOf(user)])
        console.log(`[faults] (a)   ${user.email}: "${await user.statusText()}"`);
    }

    // ---- what the database holds
    const membershipIds = world.users.map((user) => user.membershipId);
    const rows = await sql<
      { membership_id: string; skill_id: string; level: number | null; not_applicable: boolean; changed_at: Date }[]
    >`
      select membership_id, skill_id, level, not_applicable, changed_at from ratings
      where organization_id = ${world.organizationId} and cycle_id = ${world.cycleId} and source = 'self'
        and membership_id in ${sql(membershipIds)}`;
    const stored = new Map(rows.map((row) => [`${row.membership_id}:${row.skill_id}`, row]));
    let made = 0;
    let acknowledged = 0;
    let unacknowledged = 0;
    let retried = 0;
    let kept = 0;
    const lost: string[] = [];
    const ackedButLost: string[] = [];
    for (const [id, entry] of ledger.entries) {
      made += 1;
      if (entry.acknowledged) acknowledged += 1;
      if (entry.failedAttempts > 0) {
        unacknowledged += 1;
        if (entry.acknowledged) retried += 1;
      }
      const row = stored.get(`${entry.membershipId}:${entry.skillId}`);
      const at = Date.parse(entry.changedAt);
      // Kept: the database holds this change, or a newer one of the same skill by the same person.
      const ok =
        row !== undefined &&
        (row.changed_at.getTime() > at ||
          (row.changed_at.getTime() === at && row.level === entry.level && row.not_applicable === entry.notApplicable));
      if (ok) kept += 1;
      else {
        lost.push(id);
        if (entry.acknowledged) ackedButLost.push(id);
      }
    }
    const browserMemberships = new Set(browserUsers.map((user) => user.membershipId));
    const neverAcked = [...ledger.entries.values()].filter((entry) => !entry.acknowledged);
    if (neverAcked.length > 0) {
      const inBrowsers = neverAcked.filter((entry) => browserMemberships.has(entry.membershipId)).length;
      console.log(
        `[faults] (a) never seen acknowledged: ${neverAcked.length} (${inBrowsers} from browsers, ${neverAcked.length - inBrowsers} from HTTP users); ` +
          `with an unreadable answer: ${neverAcked.filter((entry) => entry.answerUnreadable).length} (${ledger.unreadableReason ?? '-'})`,
      );
    }
    if (process.env.FAULTS_DEBUG)
      for (const user of browserUsers)
        console.log(`[faults] (a)   ${user.email} requests ${JSON.stringify(user.requests)}`);
    // The first save acknowledged after the database was back: real users' requests work again.
    const acksAfterBack = [...ledger.entries.values()]
      .map((entry) => entry.acknowledgedAt)
      .filter((at): at is number => at !== null && at >= back);
    const firstSaveIn = acksAfterBack.length > 0 ? Math.min(...acksAfterBack) - back : null;
    console.log(`[faults] (a) first autosave acknowledged ${firstSaveIn ?? 'NEVER'} ms after the database was back`);
    const presses = browserUsers.reduce((sum, user) => sum + user.presses, 0);
    const browserChanges = [...ledger.entries.values()].filter((entry) =>
      browserMemberships.has(entry.membershipId),
    ).length;

    console.log(
      `[faults] (a) COUNTS users=${browserUsers.length + httpUsers.length} (browsers=${browserUsers.length}, http=${httpUsers.length}) ` +
        `changes=${made} acknowledged=${acknowledged} stored=${kept} unacknowledged-at-first=${unacknowledged} retried=${retried} lost=${lost.length}`,
    );
    console.log(
      `[faults] (a) health during the outage: ${duringOutage.length} probes, statuses ${[...new Set(duringOutage.map((probe) => probe.status))].join(', ')}; ` +
        `browser key presses=${presses}, browser changes sent=${browserChanges}`,
    );

    assert.equal(harness.app().pid, appPid, 'the app was restarted');
    assert.ok(duringOutage.length >= 3, `too few health probes answered during the outage (${duringOutage.length})`);
    assert.ok(
      duringOutage.every((probe) => probe.status === 503),
      `/api/health during the outage answered ${duringOutage.map((probe) => probe.status).join(', ')}, not only 503`,
    );
    assert.ok(
      recoveredIn !== null && recoveredIn <= RECOVERY_LIMIT_MS,
      `/api/health said 200 again ${recoveredIn ?? 'never'} ms after the database was back (limit ${RECOVERY_LIMIT_MS} ms)`,
    );
    // A save's own latency under this load comes on top (seconds on a busy two-core machine), hence the wider bound.
    assert.ok(
      firstSaveIn !== null && firstSaveIn <= FIRST_SAVE_LIMIT_MS,
      `the first autosave went through ${firstSaveIn ?? 'never'} ms after the database was back (limit ${FIRST_SAVE_LIMIT_MS} ms)`,
    );
    assert.equal(undrained, 0, `${undrained} users still have unsaved changes`);
    assert.equal(presses, browserChanges, 'every browser key press must have become a change sent to the server');
    assert.ok(unacknowledged > 0, 'the outage hit no save: the scenario did not test anything');
    assert.equal(
      ackedButLost.length,
      0,
      `acknowledged but not in the database: ${ackedButLost.slice(0, 5).join(', ')}`,
    );
    assert.equal(lost.length, 0, `lost: ${lost.slice(0, 5).join(', ')}`);
    // The queues are empty, so the server answered every change; the network log must agree (bar answers Chromium dropped).
    assert.ok(
      neverAcked.every((entry) => entry.answerUnreadable),
      `${neverAcked.filter((entry) => !entry.answerUnreadable).length} changes were never acknowledged`,
    );
    await Promise.all(browserUsers.map((user) => user.close()));
  } finally {
    await browser.close().catch(() => {});
    removeBrowserCleanup();
  }
}

/** Health, then a signed-in page: milliseconds until both answered well, or null. */
async function timeProbe(baseUrl: string, cookie: string | null): Promise<number | null> {
  const started = Date.now();
  try {
    const healthy = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(10_000) });
    if (healthy.status !== 200) return null;
    if (cookie) {
      const page = await fetch(`${baseUrl}/assess`, { headers: { cookie }, signal: AbortSignal.timeout(10_000) });
      if (page.status !== 200 || !(await page.text()).includes('Self-assessment')) return null;
    }
    return Date.now() - started;
  } catch {
    return null;
  }
}
