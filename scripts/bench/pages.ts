/**
 * Every page of the product (discovered from app/, scripts/lib/app-pages.ts),
 * as the admin and as the manager of a ~50-member team — plus the signed-out
 * pages as a visitor — against the production server: warm-up requests, then
 * `requests` sequential GETs per page (30; 1 in smoke) timed to the last byte of the HTML on the
 * server connected directly, then 10 (1 in smoke) on a second server of the same build behind the
 * wire counter, each with the SQL statements it sent to PostgreSQL (scripts/bench/statement-counter.ts;
 * BenchTarget.counted says why the two are apart).
 *
 * Dynamic segments get real ids the way the Playwright page walk finds them:
 * from the links on the pages above (the HTML's `href`s).
 *
 * Bars: p95 < 250 ms (full run only: timing on tiny data means nothing);
 * ≤ 10 statements per request and no statement run 3+ times in one request
 * (one statement per row of a list) — those two do not depend on the
 * machine's speed, so they are hard failures in `bench:smoke` too.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type postgres from 'postgres';
import { discoverPages, resolvePattern, sortedRoutes, type AppRoute } from '../lib/app-pages';
import { sessionCookie } from './server';
import { repeatedStatements, statementShape, type StatementCounter } from './statement-counter';
import { findTeamFixture, percentile } from './team-page';
import type { BenchRow, BenchTarget, CountedServer } from './types';

export const PAGE_P95_BAR_MS = 250;
export const PAGE_STATEMENT_BAR = 10;
/** The same statement this many times in one request is one per row of a list. */
export const PER_ROW_THRESHOLD = 3;

/**
 * Pages still over PAGE_STATEMENT_BAR when the walk was added (issue 23), with the most statements any
 * persona's request ran then: a ratchet. They miss the bar in the full run; in `bench:smoke` they fail only
 * when they get worse than this, and an entry is lowered or removed as its page is fixed.
 */
export const STATEMENTS_RATCHET: Readonly<Record<string, number>> = {
  // Empty since issue 23's second pass: '/' (14, and one statement per managed team) and '/me' (18) now run
  // 9 and 7 at most (lib/dashboard/managed-teams.ts, lib/profile/profile-page.ts, db/together.ts).
};

/**
 * Pages reached only through data `bench:data` does not generate yet: the walk cannot find a link to them
 * in the benchmark organization. The full run still fails on them; `bench:smoke` reports them without
 * failing. Remove an entry once the data has what links there.
 */
// Empty since bench:data generates endorsements (issue 22): /people/[membershipId] is reached from them.
const LINKED_ONLY_FROM_MISSING_DATA: Readonly<Record<string, string>> = {};

type Persona = 'admin' | 'manager' | 'visitor';

export interface PageMeasurement {
  persona: Persona;
  pattern: string;
  url: string;
  status: number;
  timesMs: number[];
  statements: number[];
  bytesFromDb: number[];
  htmlBytes: number;
  /** Statement text → times, for the request that ran the most statements. */
  repeated: Map<string, number>;
  /** Every statement of that request, in order (for the report of a miss). */
  sample: string[];
  /** Set when the first request was so slow that only a few were timed: what it took, in ms. */
  cutShortAfterMs?: number;
}

/**
 * A page whose first request takes longer than this has missed its bar tenfold: it gets SLOW_PAGE_REQUESTS
 * timed requests and no further warm-up, so that one page at 30 s per request (an admin's /teams at 10,000
 * members) does not hold the whole walk for a quarter of an hour. Its p95 is still in the table.
 */
const SLOW_PAGE_MS = 10 * PAGE_P95_BAR_MS;
const SLOW_PAGE_REQUESTS = 3;

/**
 * Link targets in a page's HTML (the anchors' `href`s, entities decoded). Both quotes: React writes
 * `href="…"`, the heatmap's body is one prerendered string with `href='…'` (components/team/heatmap-html.ts),
 * and its cells are the only links to a member's detail page.
 */
export function linksInHtml(html: string, origin: string): string[] {
  const out: string[] = [];
  for (const match of html.matchAll(/<a\b[^>]*?\shref=(?:"([^"]*)"|'([^']*)')/g)) {
    const href = (match[1] ?? match[2] ?? '')
      .replaceAll('&amp;', '&')
      .replaceAll('&#x27;', "'")
      .replaceAll('&#39;', "'")
      .replaceAll('&quot;', '"');
    try {
      out.push(new URL(href, origin).toString());
    } catch {
      // not a URL: ignore
    }
  }
  return out;
}

async function personaCookie(
  pg: postgres.Sql,
  target: BenchTarget,
  persona: Persona,
): Promise<{ cookie: string | null; who: string }> {
  if (persona === 'visitor') return { cookie: null, who: 'signed out' };
  if (persona === 'manager') {
    const fixture = await findTeamFixture(pg, target.organizationId, 50);
    return {
      cookie: await sessionCookie(target.authSecret, fixture.manager, target.organizationId),
      who: `${fixture.manager.email} (${fixture.memberCount}-member team)`,
    };
  }
  const [admin] = await pg<{ id: string; email: string; name: string }[]>`
    select u.id, u.email, u.name from memberships m join users u on u.id = m.user_id
    where m.organization_id = ${target.organizationId} and m.role = 'admin' and m.status = 'active'
    order by u.email limit 1`;
  if (!admin) throw new Error('page walk: the organization has no admin');
  return { cookie: await sessionCookie(target.authSecret, admin, target.organizationId), who: admin.email };
}

/** One GET as the walk sees it: status, where a redirect goes, and the body (read within the same timeout). */
export interface PageResponse {
  status: number;
  location: string | null;
  body: ArrayBuffer;
}

/** How the walk fetches one persona's pages: `get` with a timeout, and `signIn` for a fresh session cookie. */
export interface PageClient {
  get: (url: string) => Promise<PageResponse>;
  /** Mints a new session (a long walk outlives a session's hour; a page can also end one). */
  signIn: () => Promise<void>;
}

/** What became of one page: measured, a legitimate redirect, not this persona's page, or a failure and why. */
export type PageOutcome =
  | { kind: 'measured'; result: PageMeasurement }
  | { kind: 'redirects'; location: string }
  | { kind: 'not-theirs'; status: number }
  | { kind: 'failed'; why: string };

/** A page no measurement came from although it should have: a FAIL row of the table, with the reason. */
export interface PageFailure {
  persona: Persona;
  pattern: string;
  url: string;
  why: string;
}

/** A redirect to the sign-in page: the session was not accepted (expired, or ended by the page). */
const toSignIn = (location: string | null) =>
  location !== null && /^(?:https?:\/\/[^/]+)?\/sign-in(?:[?#]|$)/.test(location);

function describeError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `timed out after ${(timeoutMs / 1000).toFixed(0)} s`;
  }
  return `failed: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * Measures one page: a first request (which must answer 200; 404/403 mean not this persona's page, another
 * 3xx a page that only sends on), `warmup - 1` more, then `requests` timed ones, all on `client` (the server
 * connected directly); then `warmup` more and `counted` more on `counted.client` (the server behind the wire
 * counter), each of the latter with its statements. A request that is sent to sign-in gets a new session and
 * is tried once more; one that errors, answers anything but 200 or times out ends the page as `failed` with
 * the reason, and the walk goes on.
 */
export async function measurePage(
  client: PageClient,
  counted: { client: PageClient; counter: Pick<StatementCounter, 'begin' | 'end'> },
  page: { persona: Persona; pattern: string; url: string },
  options: { warmup: number; requests: number; counted: number; timeoutMs: number },
): Promise<PageOutcome> {
  const { url } = page;
  // A GET that is sent to sign-in is repeated once with a new session; errors and timeouts are thrown.
  const getOn = async (on: PageClient): Promise<PageResponse> => {
    const response = await on.get(url);
    if (!(response.status >= 300 && response.status < 400 && toSignIn(response.location))) return response;
    await on.signIn();
    return on.get(url);
  };
  const get = () => getOn(client);
  const answered = (response: PageResponse) =>
    `answered ${response.status}${response.location ? ` → ${response.location}` : ''}`;
  let first: PageResponse;
  const firstStarted = performance.now();
  try {
    first = await get();
  } catch (error) {
    return { kind: 'failed', why: `first request ${describeError(error, options.timeoutMs)}` };
  }
  if (first.status >= 300 && first.status < 400) {
    if (toSignIn(first.location)) return { kind: 'failed', why: `${answered(first)} with a new session` };
    return { kind: 'redirects', location: first.location ?? '?' };
  }
  if (first.status === 404 || first.status === 403) return { kind: 'not-theirs', status: first.status };
  if (first.status !== 200) return { kind: 'failed', why: `first request ${answered(first)}` };
  const firstMs = performance.now() - firstStarted;
  const slow = firstMs > SLOW_PAGE_MS && options.requests > SLOW_PAGE_REQUESTS;
  const warmup = slow ? 1 : options.warmup;
  const requests = slow ? SLOW_PAGE_REQUESTS : options.requests;
  const result: PageMeasurement = {
    ...page,
    status: 200,
    timesMs: [],
    statements: [],
    bytesFromDb: [],
    htmlBytes: 0,
    repeated: new Map(),
    sample: [],
    ...(slow ? { cutShortAfterMs: firstMs } : {}),
  };
  try {
    for (let i = 1; i < warmup; i += 1) {
      const response = await get();
      if (response.status !== 200) return { kind: 'failed', why: `warm-up request ${i + 1} ${answered(response)}` };
    }
  } catch (error) {
    return { kind: 'failed', why: `a warm-up request ${describeError(error, options.timeoutMs)}` };
  }
  for (let i = 0; i < requests; i += 1) {
    const started = performance.now();
    let response: PageResponse;
    try {
      response = await get();
    } catch (error) {
      return {
        kind: 'failed',
        why: `request ${i + 1} of ${requests} ${describeError(error, options.timeoutMs)}`,
      };
    }
    const elapsed = performance.now() - started;
    if (response.status !== 200) {
      return { kind: 'failed', why: `request ${i + 1} of ${requests} ${answered(response)}` };
    }
    result.timesMs.push(elapsed);
    result.htmlBytes = response.body.byteLength;
  }
  const countedRequests = Math.max(1, Math.min(options.counted, requests));
  // As many requests first as the timed side's warm-up, not counted: a page with more statements in parallel than
  // the counted server's pages so far opens database connections, and postgres.js asks each new connection for
  // the array types once (a statement of the connection, not of the page: /assess counted 9 instead of 8 right
  // after /, with one warm-up request).
  for (let i = 0; i < warmup; i += 1) {
    try {
      const warm = await getOn(counted.client);
      if (warm.status !== 200)
        return { kind: 'failed', why: `warm-up request ${i + 1} on the counted server ${answered(warm)}` };
    } catch (error) {
      return {
        kind: 'failed',
        why: `warm-up request ${i + 1} on the counted server ${describeError(error, options.timeoutMs)}`,
      };
    }
  }
  for (let i = 0; i < countedRequests; i += 1) {
    counted.counter.begin();
    let response: PageResponse;
    try {
      response = await getOn(counted.client);
    } catch (error) {
      counted.counter.end();
      return {
        kind: 'failed',
        why: `counted request ${i + 1} of ${countedRequests} ${describeError(error, options.timeoutMs)}`,
      };
    }
    const window = counted.counter.end();
    if (response.status !== 200) {
      return { kind: 'failed', why: `counted request ${i + 1} of ${countedRequests} ${answered(response)}` };
    }
    result.statements.push(window.statements.length);
    result.bytesFromDb.push(window.bytesFromServer);
    if (window.statements.length >= result.sample.length) {
      result.sample = window.statements;
      result.repeated = repeatedStatements(window.statements, PER_ROW_THRESHOLD);
    }
  }
  result.timesMs.sort((a, b) => a - b);
  return { kind: 'measured', result };
}

/** A persona's client: GETs with a timeout (body included), and a session cookie minted again on `signIn`. */
export function pageClient(
  origin: string,
  timeoutMs: number,
  mintCookie: () => Promise<string | null>,
  initial: string | null,
): PageClient {
  let cookie = initial;
  return {
    get: async (url) => {
      const signal = AbortSignal.timeout(timeoutMs);
      const response = await fetch(`${origin}${url}`, {
        headers: cookie ? { cookie } : {},
        redirect: 'manual',
        signal,
      });
      const body = await response.arrayBuffer();
      return { status: response.status, location: response.headers.get('location'), body };
    },
    signIn: async () => {
      cookie = await mintCookie();
    },
  };
}

/**
 * Per request: 30 s in the full run (a page that slow has missed its 250 ms bar 100 times over; waiting
 * longer only lets one page eat the run), 60 s in smoke (a cold production server under `npm test`).
 * BENCH_PAGE_TIMEOUT_MS overrides it.
 */
function requestTimeoutMs(smoke: boolean): number {
  const configured = Number.parseInt(process.env.BENCH_PAGE_TIMEOUT_MS ?? '', 10);
  if (Number.isInteger(configured) && configured > 0) return configured;
  return smoke ? 60_000 : 30_000;
}

/**
 * Cancels the statements on the benchmark's database still running after the walk gave up on a request (the
 * bench's own connection aside). The walk's requests are sequential and the database is the benchmark's alone
 * while it measures, so what runs longer than a second between two requests is what that request left.
 * Returns how many it cancelled.
 */
async function cancelAbandonedStatements(pg: postgres.Sql): Promise<number> {
  const rows = await pg<{ cancelled: boolean }[]>`
    select pg_cancel_backend(pid) as cancelled from pg_stat_activity
    where datname = current_database() and pid <> pg_backend_pid() and state = 'active'
      and backend_type = 'client backend' and query_start < now() - interval '1 second'`;
  return rows.filter((row) => row.cancelled).length;
}

export async function walkPages(
  target: BenchTarget,
  counted: CountedServer,
  pg: postgres.Sql,
  log: (line: string) => void,
  options: { warmup: number; requests: number; counted: number; timeoutMs: number },
): Promise<{
  measured: PageMeasurement[];
  unresolved: { persona: Persona; pattern: string; why: string }[];
  failed: PageFailure[];
}> {
  const routes = sortedRoutes(discoverPages()).filter(
    // Development-only pages (/dev/mail) answer 404 in production on purpose.
    (route) => !route.pattern.startsWith('/dev/'),
  );
  const origin = new URL(target.baseUrl).origin;
  // BENCH_PAGES=/reports/gaps,/ : only these patterns (working on a few pages at 10,000 members, where the whole
  // walk takes hours while one of them is slow).
  const only = process.env.BENCH_PAGES ? process.env.BENCH_PAGES.split(',').map((pattern) => pattern.trim()) : null;
  const measured: PageMeasurement[] = [];
  const unresolved: { persona: Persona; pattern: string; why: string }[] = [];
  const failed: PageFailure[] = [];
  // Each pattern's URL as one persona's links resolved it. The manager walks first: when the admin's page that
  // links on is the one that fails (at 10,000 members /teams lists all 200 teams), the admin opens the
  // manager's team instead of leaving every /teams/[teamId] page unmeasured.
  const resolved = new Map<string, string>();
  for (const persona of ['manager', 'admin', 'visitor'] as const) {
    const mint = async () => (await personaCookie(pg, target, persona)).cookie;
    const { cookie, who } = await personaCookie(pg, target, persona);
    const client = pageClient(origin, options.timeoutMs, mint, cookie);
    const countedClient = pageClient(new URL(counted.baseUrl).origin, options.timeoutMs, mint, cookie);
    const links = new Map<string, string[] | null>();
    const linksOn = async (pathname: string) => {
      if (!links.has(pathname)) {
        try {
          const response = await client.get(pathname);
          const html = new TextDecoder().decode(response.body);
          links.set(pathname, response.status < 300 ? linksInHtml(html, origin) : null);
        } catch (error) {
          log(`[pages] links on ${pathname} as ${persona}: ${describeError(error, options.timeoutMs)}`);
          links.set(pathname, null);
        }
      }
      return links.get(pathname) ?? null;
    };
    const mine: AppRoute[] = routes.filter(
      (route) => route.signedOut === (persona === 'visitor') && (only === null || only.includes(route.pattern)),
    );
    log(`[pages] as ${persona}, ${who}: ${mine.length} pages`);
    for (const route of mine) {
      const url =
        (await resolvePattern(routes, route.pattern, origin, linksOn)) ??
        (persona === 'admin' ? (resolved.get(route.pattern) ?? null) : null);
      if (url === null) {
        unresolved.push({ persona, pattern: route.pattern, why: 'no link leads there' });
        continue;
      }
      // A new session for every page: the walk at 10,000 members runs longer than a session's hour.
      await client.signIn();
      await countedClient.signIn();
      const outcome = await measurePage(
        client,
        { client: countedClient, counter: counted.statements },
        { persona, pattern: route.pattern, url },
        options,
      );
      if (outcome.kind === 'redirects') {
        // A page that only sends on (/admin → its first tab): the page it sends to is walked on its own.
        log(`[pages] ${url} as ${persona} redirects to ${outcome.location}: not measured`);
      } else if (outcome.kind === 'not-theirs') {
        // Not this persona's page (404): the permission tests own that.
        unresolved.push({ persona, pattern: route.pattern, why: `${url} answered ${outcome.status}` });
      } else if (outcome.kind === 'failed') {
        failed.push({ persona, pattern: route.pattern, url, why: outcome.why });
        log(`[pages] FAIL ${url} as ${persona}: ${outcome.why}`);
        // The server goes on with a request the walk gave up on: stop its statements, or they weigh on every
        // page measured after it (a timed-out /reports/trends ran on for 13 minutes).
        const cancelled = await cancelAbandonedStatements(pg);
        if (cancelled > 0) log(`[pages] cancelled ${cancelled} statement(s) still running for it`);
      } else {
        const { result } = outcome;
        resolved.set(route.pattern, url);
        measured.push(result);
        log(
          `[pages] ${route.pattern} as ${persona}: p50 ${percentile(result.timesMs, 50).toFixed(0)} ms, p95 ${percentile(result.timesMs, 95).toFixed(0)} ms, ${Math.max(...result.statements)} statements`,
        );
      }
    }
  }
  return { measured, unresolved, failed };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

export function pageRows(
  measured: readonly PageMeasurement[],
  unresolved: readonly { persona: Persona; pattern: string; why: string }[],
  smoke: boolean,
  failed: readonly PageFailure[] = [],
): BenchRow[] {
  const rows: BenchRow[] = measured.map((page) => {
    const p50 = percentile(page.timesMs, 50);
    const p95 = percentile(page.timesMs, 95);
    const maxStatements = Math.max(...page.statements);
    const medianDbBytes = [...page.bytesFromDb].sort((a, b) => a - b)[Math.floor(page.bytesFromDb.length / 2)] ?? 0;
    const perRow = [...page.repeated].map(([text, count]) => `${count}× “${text.slice(0, 80)}…”`);
    const statementsOk = maxStatements <= PAGE_STATEMENT_BAR && perRow.length === 0;
    const ratchet = STATEMENTS_RATCHET[page.pattern];
    // A known page over the bar fails the smoke run only when it got worse than its ratchet.
    const hardMiss = perRow.length > 0 || maxStatements > Math.max(PAGE_STATEMENT_BAR, ratchet ?? 0);
    const timeOk = p95 < PAGE_P95_BAR_MS;
    return {
      measure: `page ${page.pattern} (${page.persona})`,
      skillgrid:
        `p50 ${p50.toFixed(1)} / p95 ${p95.toFixed(1)} ms; ${maxStatements} stmts/req, ${kb(medianDbBytes)} from the DB, ${kb(page.htmlBytes)} HTML` +
        (perRow.length > 0 ? `; per row: ${perRow.join(', ')}` : '') +
        (page.cutShortAfterMs === undefined
          ? ''
          : `; only ${page.timesMs.length} timed requests: the first took ${(page.cutShortAfterMs / 1000).toFixed(1)} s`),
      baseline: '—',
      ratio: null,
      bar:
        `p95 < ${PAGE_P95_BAR_MS} ms${smoke ? ' (not judged in smoke)' : ''}; ≤ ${PAGE_STATEMENT_BAR} stmts, none per row` +
        (ratchet === undefined ? '' : ` (known over: ≤ ${ratchet} until fixed)`),
      pass: smoke ? statementsOk : statementsOk && timeOk,
      hard: hardMiss,
    };
  });
  // A page that erred, redirected mid-run or timed out: in the table with its reason, for every persona.
  for (const miss of failed) {
    rows.push({
      measure: `page ${miss.pattern} (${miss.persona})`,
      skillgrid: `FAIL: ${miss.url} ${miss.why}`,
      baseline: '—',
      ratio: null,
      bar: `answers 200 within the request timeout; p95 < ${PAGE_P95_BAR_MS} ms`,
      pass: false,
      hard: true,
    });
  }
  // The admin may open every page: one that no link leads to, or that refuses them, is a broken walk.
  for (const miss of unresolved.filter((entry) => entry.persona === 'admin')) {
    const missingData = LINKED_ONLY_FROM_MISSING_DATA[miss.pattern];
    rows.push({
      measure: `page ${miss.pattern} (admin)`,
      skillgrid: `not measured: ${miss.why}${missingData ? ` (${missingData})` : ''}`,
      baseline: '—',
      ratio: null,
      bar: 'every page measured',
      pass: false,
      hard: !(smoke && missingData),
    });
  }
  return rows;
}

/** The statements of the worst requests, for the log: what to fix first. */
export function describeMisses(measured: readonly PageMeasurement[]): string[] {
  const lines: string[] = [];
  for (const page of measured) {
    const max = Math.max(...page.statements);
    if (max <= PAGE_STATEMENT_BAR && page.repeated.size === 0) continue;
    lines.push(`[pages] ${page.pattern} as ${page.persona}: ${max} statements`);
    for (const text of page.sample) lines.push(`    ${statementShape(text).slice(0, 160)}`);
  }
  return lines;
}

/** How long the walk lets a snapshot computation run before it measures the page without one. */
const SNAPSHOT_TIMEOUT_SECONDS = 20 * 60;

/**
 * Runs one of the scripts that compute what a job would (the bench's server runs no worker), for the benchmark
 * organization, and logs its time: the job's cost, not a page's. Bounded: the database cancels the work after
 * SNAPSHOT_TIMEOUT_SECONDS, and then (or on any error) the walk goes on and measures the page as production
 * would serve it without that snapshot: an older one, or "being computed" (one cheap statement and an enqueue).
 */
async function runSnapshotScript(
  target: BenchTarget,
  pg: postgres.Sql,
  log: (line: string) => void,
  { script, withoutIt }: { script: string; withoutIt: string },
): Promise<void> {
  const [org] = await pg<{ slug: string }[]>`select slug from organizations where id = ${target.organizationId}`;
  if (!org) throw new Error('page walk: the benchmark organization is gone');
  try {
    const { stdout } = await promisify(execFile)(
      'npx',
      [
        'tsx',
        '--conditions=react-server',
        script,
        '--slug',
        org.slug,
        '--timeout-seconds',
        String(SNAPSHOT_TIMEOUT_SECONDS),
      ],
      {
        env: { ...process.env, DATABASE_URL: target.databaseUrl },
        maxBuffer: 1024 * 1024,
        // The database's statement timeout ends the work; this only catches a process that hangs besides.
        timeout: (SNAPSHOT_TIMEOUT_SECONDS + 120) * 1000,
      },
    );
    log(`[pages] ${stdout.trim()}`);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n').slice(0, 3).join(' ') : String(error);
    log(`[pages] ${withoutIt} (${message})`);
  }
}

/**
 * The organization-wide gap report of a large organization is served from a snapshot that a job computes
 * (docs/decisions/0013-gap-report-at-scale.md): the walk computes the default view's snapshot first and measures
 * the page production serves. BENCH_GAP_SNAPSHOT=keep reuses the one already stored.
 */
const GAP_SNAPSHOT = {
  script: 'scripts/gap-snapshot.ts',
  withoutIt: 'gap report snapshot not computed: /reports/gaps is measured as it is without one',
};

/**
 * The admin's /teams of a large organization reads its completion figures from a snapshot the
 * `teams.completion-snapshot` job writes (docs/decisions/0015-teams-list-completion-snapshot.md; ~10–25 s at
 * 10,000 members).
 */
const TEAMS_SNAPSHOT = {
  script: 'scripts/teams-completion-snapshot.ts',
  withoutIt: '/teams completion snapshot not computed: admin /teams is measured without one',
};

export async function measurePages(
  target: BenchTarget,
  pg: postgres.Sql,
  log: (line: string) => void,
): Promise<BenchRow[]> {
  const { counted } = target;
  if (!counted) throw new Error('page walk: no server behind the statement counter (BenchTarget.counted)');
  const counter = counted.statements;
  // Smoke: the first request (which checks the page answers) warms it up, then one timed and one counted
  // request — statement counts do not vary between requests, and the walk must stay within ~40 s of `npm test`.
  // The full run counts 10 requests per page beside its 30 timed ones: the statements of a page are the same
  // from one request to the next, and the bar is on the most any request ran.
  // BENCH_PAGE_REQUESTS=5: fewer timed requests per page (a first look at 10,000 members); the bars want 30.
  const requests = Number.parseInt(process.env.BENCH_PAGE_REQUESTS ?? '', 10);
  const options = target.smoke
    ? { warmup: 1, requests: 1, counted: 1 }
    : { warmup: 3, requests: Number.isInteger(requests) && requests > 0 ? requests : 30, counted: 10 };
  if (!target.smoke && process.env.BENCH_GAP_SNAPSHOT !== 'keep')
    await runSnapshotScript(target, pg, log, GAP_SNAPSHOT);
  if (!target.smoke) await runSnapshotScript(target, pg, log, TEAMS_SNAPSHOT);
  const { measured, unresolved, failed } = await walkPages(target, counted, pg, log, {
    ...options,
    timeoutMs: requestTimeoutMs(target.smoke),
  });
  for (const line of describeMisses(measured)) log(line);
  for (const miss of unresolved) log(`[pages] skipped ${miss.pattern} as ${miss.persona}: ${miss.why}`);
  if (counter.encryptedConnections() > 0) {
    throw new Error('page walk: the server talks TLS to PostgreSQL, so statements cannot be counted on the wire');
  }
  if (measured.length > 0 && measured.every((page) => Math.max(...page.statements) === 0)) {
    throw new Error('page walk: no statement was counted at all — is the server connected through the counter?');
  }
  return pageRows(measured, unresolved, target.smoke, failed);
}
