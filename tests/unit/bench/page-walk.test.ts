/**
 * The benchmark's page walk goes on past a bad page (issue 23: a 10,000-member run died after 3,716 s on
 * "page walk: /reports/trends as admin answered 307", its session having outlived its hour): a request
 * that errors, redirects or times out makes that page a FAIL row with the reason, a redirect to sign-in
 * gets a new session, and the table still lists every page.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  linksInHtml,
  measurePage,
  pageClient,
  pageRows,
  type PageClient,
  type PageResponse,
} from '../../../scripts/bench/pages';
import type { StatementWindow } from '../../../scripts/bench/statement-counter';

const ok = (html = '<p>ok</p>'): PageResponse => ({
  status: 200,
  location: null,
  body: new TextEncoder().encode(html).buffer as ArrayBuffer,
});
const redirect = (location: string): PageResponse => ({ status: 307, location, body: new ArrayBuffer(0) });

/** A client that answers from a script of responses (or errors) and counts sign-ins. */
function scripted(answers: (PageResponse | Error)[]): PageClient & { signIns: number; calls: number } {
  const client = {
    signIns: 0,
    calls: 0,
    get: async () => {
      const answer = answers[Math.min(client.calls, answers.length - 1)];
      client.calls += 1;
      if (!answer || answer instanceof Error) throw answer ?? new Error('no answer');
      return answer;
    },
    signIn: async () => {
      client.signIns += 1;
    },
  };
  return client;
}

const counter = {
  begin: () => undefined,
  end: (): StatementWindow => ({ statements: ['select 1', 'select 2'], bytesFromServer: 100, bytesToServer: 10 }),
};
/** The walk's two servers played by one scripted client: timed requests first, then the counted ones. */
const alsoCounted = (client: PageClient) => ({ client, counter });
const page = { persona: 'admin' as const, pattern: '/reports/trends', url: '/reports/trends' };
const options = { warmup: 2, requests: 3, counted: 3, timeoutMs: 1000 };
const timeout = () => Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });

describe('the page walk, one page', () => {
  it('measures a page that answers 200 throughout', async () => {
    const outcome = await measurePage(scripted([ok()]), alsoCounted(scripted([ok()])), page, options);
    expect(outcome.kind).toBe('measured');
    if (outcome.kind !== 'measured') return;
    expect(outcome.result.timesMs).toHaveLength(3);
    expect(outcome.result.statements).toEqual([2, 2, 2]);
  });

  it('times on the direct server and counts statements only on the counted one, with requests of their own', async () => {
    const direct = scripted([ok('<p>direct</p>')]);
    const behindCounter = scripted([ok('<p>counted</p>')]);
    const windows: string[] = [];
    const tracking = {
      begin: () => {
        windows.push(`begin after ${behindCounter.calls} counted calls`);
      },
      end: (): StatementWindow => {
        windows.push(`end after ${behindCounter.calls} counted calls`);
        return { statements: ['select 1'], bytesFromServer: 7, bytesToServer: 1 };
      },
    };
    const outcome = await measurePage(direct, { client: behindCounter, counter: tracking }, page, {
      ...options,
      requests: 4,
      counted: 2,
    });
    expect(outcome.kind).toBe('measured');
    if (outcome.kind !== 'measured') return;
    // The first request and one more warm-up, then 4 timed ones: all on the direct server, none counted.
    expect(direct.calls).toBe(6);
    expect(outcome.result.timesMs).toHaveLength(4);
    // As many requests to the counted server as the warm-up are not counted (new connections' one-off statements);
    // then each counted window holds exactly one request to it.
    expect(behindCounter.calls).toBe(4);
    expect(windows).toEqual([
      'begin after 2 counted calls',
      'end after 3 counted calls',
      'begin after 3 counted calls',
      'end after 4 counted calls',
    ]);
    expect(outcome.result.statements).toEqual([1, 1]);
    expect(outcome.result.bytesFromDb).toEqual([7, 7]);
  });

  it('fails the page with the reason when a request to the counted server does', async () => {
    const first = await measurePage(scripted([ok()]), alsoCounted(scripted([{ ...ok(), status: 500 }])), page, options);
    expect(first).toMatchObject({ kind: 'failed', why: 'warm-up request 1 on the counted server answered 500' });
    const counted = await measurePage(
      scripted([ok()]),
      alsoCounted(scripted([ok(), ok(), ok(), { ...ok(), status: 502 }])),
      page,
      options,
    );
    expect(counted).toMatchObject({ kind: 'failed', why: 'counted request 2 of 3 answered 502' });
  });

  it('signs in again when a request is sent to sign-in mid-run, and measures on', async () => {
    const client = scripted([ok(), ok(), redirect('/sign-in?callbackUrl=%2Freports%2Ftrends'), ok()]);
    const outcome = await measurePage(client, alsoCounted(client), page, options);
    expect(outcome.kind).toBe('measured');
    expect(client.signIns).toBe(1);
  });

  it('fails the page with the reason when a timed request is redirected, errs or times out', async () => {
    const cases: [(PageResponse | Error)[], RegExp][] = [
      [[ok(), ok(), ok(), redirect('/sign-in'), redirect('/sign-in')], /request 2 of 3 answered 307 → \/sign-in/],
      [[ok(), ok(), ok(), { ...ok(), status: 500 }], /request 2 of 3 answered 500/],
      [[ok(), ok(), timeout()], /request 1 of 3 timed out after 1 s/],
      [[ok(), ok(), new Error('socket hang up')], /request 1 of 3 failed: socket hang up/],
      [[timeout()], /first request timed out/],
      [[redirect('/sign-in')], /answered 307 → \/sign-in with a new session/],
      [[{ ...ok(), status: 502 }], /first request answered 502/],
    ];
    for (const [answers, why] of cases) {
      const client = scripted(answers);
      const outcome = await measurePage(client, alsoCounted(client), page, options);
      expect(outcome).toMatchObject({ kind: 'failed', why: expect.stringMatching(why) });
    }
  });

  it('tells a page that only sends on, and one that is not the persona’s, from a failure', async () => {
    const redirecting = scripted([redirect('/admin/members')]);
    expect(await measurePage(redirecting, alsoCounted(redirecting), page, options)).toEqual({
      kind: 'redirects',
      location: '/admin/members',
    });
    const missing = scripted([{ ...ok(), status: 404 }]);
    expect(await measurePage(missing, alsoCounted(missing), page, options)).toEqual({
      kind: 'not-theirs',
      status: 404,
    });
  });

  it('lists a failed page in the table as a FAIL row with its reason, beside the measured ones', () => {
    const rows = pageRows([], [], false, [{ ...page, why: 'request 2 of 30 answered 307 → /sign-in' }]);
    expect(rows).toEqual([
      expect.objectContaining({
        measure: 'page /reports/trends (admin)',
        skillgrid: 'FAIL: /reports/trends request 2 of 30 answered 307 → /sign-in',
        pass: false,
        hard: true,
      }),
    ]);
  });
});

describe('the page walk’s HTTP client', () => {
  let server: Server;
  let origin: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/stalls') {
        // Headers at once, then a body that never ends: the timeout must cover reading the body too.
        response.writeHead(200, { 'content-type': 'text/html' });
        response.write('<p>first bytes');
        return;
      }
      response.writeHead(307, { location: '/sign-in' }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('gives up on a response whose body stalls, and does not follow redirects', async () => {
    const client = pageClient(origin, 200, async () => 'session=new', 'session=old');
    const started = performance.now();
    await expect(client.get('/stalls')).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(await client.get('/elsewhere')).toMatchObject({ status: 307, location: '/sign-in' });
  });
});

describe('the walk finds links', () => {
  it('in React markup and in the heatmap body prerendered with single quotes', () => {
    const html =
      '<a class="x" href="/teams/t1?view=self&amp;x=1">team</a>' +
      "<td><a href='/teams/t1/members/m1?section=s&amp;from=heatmap' class='heatmap-cell-link' aria-label='Ada&#39;s cell'>3</a></td>";
    expect(linksInHtml(html, 'http://app.test')).toEqual([
      'http://app.test/teams/t1?view=self&x=1',
      'http://app.test/teams/t1/members/m1?section=s&from=heatmap',
    ]);
  });
});
