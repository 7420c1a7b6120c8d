/**
 * What the assessment page costs the browser, signed in as a member:
 *  - the JavaScript it ships: every `<script src>` of /assess fetched and
 *    gzipped here with zlib (default level, as servers compress), summed;
 *  - a Lighthouse run (performance, accessibility) in the system Chromium,
 *    headless, with the session cookie sent as an extra header.
 * Smoke mode skips Lighthouse (the slowest part) and only sizes the scripts.
 */
import { gzipSync } from 'node:zlib';
import postgres from 'postgres';
import { findBenchUsers } from './bench-users';
import { sessionCookie } from './server';
import { findTeamFixture } from './team-page';
import type { BenchRow, BenchTarget } from './types';

export const CHROMIUM_PATH = process.env.PLAYWRIGHT_CHROMIUM_PATH || '/usr/bin/chromium';

/** As playwright.config.ts: no sandbox as root, and a closed network that Chromium must not keep dialling. */
export const CHROMIUM_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface ScriptSizes {
  scripts: { src: string; bytes: number; gzip: number }[];
  totalBytes: number;
  totalGzip: number;
  /** `noModule` scripts, for browsers without modules only: listed apart, not counted. */
  legacyGzip: number;
  /** Inline scripts (the RSC payload Next.js streams into the HTML): data, listed apart. */
  inlineBytes: number;
  inlineGzip: number;
}

export async function measureScripts(pageUrl: string, cookie: string): Promise<ScriptSizes> {
  const response = await fetch(pageUrl, { headers: { cookie }, redirect: 'manual' });
  if (response.status !== 200)
    throw new Error(`${pageUrl} answered ${response.status} (is the session cookie accepted?)`);
  const html = await response.text();
  const sources = new Map<string, boolean>();
  for (const match of html.matchAll(/<script\b([^>]*)>/g)) {
    const attributes = match[1] ?? '';
    const src = /\bsrc="([^"]+)"/.exec(attributes)?.[1];
    // `noModule` scripts (Next.js's legacy polyfills) are never fetched by a browser that runs modules.
    if (src) sources.set(src.replace(/&amp;/g, '&'), /\bnomodule\b/i.test(attributes));
  }
  const scripts: ScriptSizes['scripts'] = [];
  const legacy: ScriptSizes['scripts'] = [];
  for (const [src, noModule] of sources) {
    const scriptResponse = await fetch(new URL(src, pageUrl));
    if (!scriptResponse.ok) throw new Error(`${src} answered ${scriptResponse.status}`);
    const body = Buffer.from(await scriptResponse.arrayBuffer());
    (noModule ? legacy : scripts).push({ src, bytes: body.length, gzip: gzipSync(body).length });
  }
  const inline = [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)]
    .map((match) => match[1] ?? '')
    .join('');
  return {
    scripts,
    totalBytes: scripts.reduce((sum, script) => sum + script.bytes, 0),
    totalGzip: scripts.reduce((sum, script) => sum + script.gzip, 0),
    legacyGzip: legacy.reduce((sum, script) => sum + script.gzip, 0),
    inlineBytes: Buffer.byteLength(inline),
    inlineGzip: gzipSync(inline).length,
  };
}

export interface LighthouseScores {
  performance: number;
  accessibility: number;
  /** Failed accessibility audits, to fix. */
  accessibilityFindings: string[];
  metrics: Record<string, string>;
  /**
   * Lighthouse's measure of the host's CPU (`lhr.environment.benchmarkIndex`). The mobile preset slows the
   * page's CPU 4× whatever the host, so the same page scores lower on a slower host: this figure says which
   * host a score came from (DevTools calls ~1,000 a mid-tier phone and ~264 a low-tier one).
   */
  benchmarkIndex: number | null;
}

/** One Lighthouse run; `preset` desktop uses Lighthouse's desktop configuration, mobile its default. */
export async function runLighthouse(
  pageUrl: string,
  cookie: string,
  preset: 'desktop' | 'mobile',
): Promise<LighthouseScores> {
  const { default: lighthouse } = await import('lighthouse');
  const { launch } = await import('chrome-launcher');
  const desktop = preset === 'desktop' ? (await import('lighthouse/core/config/desktop-config.js')).default : undefined;
  const chrome = await launch({ chromePath: CHROMIUM_PATH, chromeFlags: CHROMIUM_FLAGS, logLevel: 'silent' });
  try {
    const result = await lighthouse(
      pageUrl,
      {
        port: chrome.port,
        logLevel: 'error',
        output: 'json',
        onlyCategories: ['performance', 'accessibility'],
        extraHeaders: { Cookie: cookie },
      },
      desktop,
    );
    if (!result) throw new Error('Lighthouse returned no result');
    const { categories, audits } = result.lhr;
    const score = (key: string) => Math.round((categories[key]?.score ?? 0) * 100);
    const accessibilityFindings = (categories.accessibility?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0 && audits[ref.id]?.score !== null && (audits[ref.id]?.score ?? 1) < 1)
      .map((ref) => {
        // Which elements fail, so the finding can be fixed without rerunning Lighthouse by hand.
        const details = audits[ref.id]?.details as
          { items?: { node?: { selector?: string; snippet?: string } }[] } | undefined;
        const nodes = (details?.items ?? [])
          .map((item) => item.node?.snippet ?? item.node?.selector)
          .filter(Boolean)
          .slice(0, 5);
        return `${ref.id}: ${audits[ref.id]?.title ?? ''}${nodes.length > 0 ? ` [${nodes.join(' | ')}]` : ''}`;
      });
    const metrics: Record<string, string> = {};
    for (const id of [
      'first-contentful-paint',
      'largest-contentful-paint',
      'total-blocking-time',
      'cumulative-layout-shift',
      'speed-index',
    ]) {
      const audit = audits[id];
      if (audit?.displayValue) metrics[id] = audit.displayValue;
    }
    return {
      performance: score('performance'),
      accessibility: score('accessibility'),
      accessibilityFindings,
      metrics,
      benchmarkIndex: result.lhr.environment?.benchmarkIndex ?? null,
    };
  } finally {
    chrome.kill();
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** Issue 23: Lighthouse mobile performance for /assess and the team page. */
export const LIGHTHOUSE_MOBILE_BAR = 90;

export async function measureFrontend(target: BenchTarget): Promise<BenchRow[]> {
  const [user] = await findBenchUsers({
    databaseUrl: target.databaseUrl,
    baseUrl: target.baseUrl,
    authSecret: target.authSecret,
    organizationId: target.organizationId,
    count: 1,
  });
  if (!user) throw new Error('frontend: no active member with an open cycle in the benchmark organization');
  const pageUrl = new URL('/assess', target.baseUrl).toString();
  const sizes = await measureScripts(pageUrl, user.cookie);
  const rows: BenchRow[] = [
    {
      measure: `/assess JavaScript (${sizes.scripts.length} scripts, gzip)`,
      skillgrid: kb(sizes.totalGzip),
      baseline: '—',
      ratio: null,
      bar: '< 200 KB gzip',
      pass: sizes.totalGzip < 200 * 1024,
    },
    {
      measure: '/assess inline RSC payload (gzip, data) · nomodule polyfills (not fetched)',
      skillgrid: `${kb(sizes.inlineGzip)} · ${kb(sizes.legacyGzip)}`,
      baseline: '—',
      ratio: null,
      bar: '—',
      pass: null,
    },
  ];
  if (target.smoke) return rows;
  // The team page as its manager (a ~50-member team), mobile: issue 23's second Lighthouse bar.
  const pg = postgres(target.databaseUrl, { max: 1, onnotice: () => {} });
  let teamPage: { url: string; cookie: string };
  try {
    const fixture = await findTeamFixture(pg, target.organizationId, 50);
    teamPage = {
      url: new URL(`/teams/${fixture.teamId}`, target.baseUrl).toString(),
      cookie: await sessionCookie(target.authSecret, fixture.manager, target.organizationId),
    };
  } finally {
    await pg.end();
  }
  const runs = [
    { page: '/assess', url: pageUrl, cookie: user.cookie, preset: 'desktop' as const },
    { page: '/assess', url: pageUrl, cookie: user.cookie, preset: 'mobile' as const },
    { page: '/teams/[teamId]', url: teamPage.url, cookie: teamPage.cookie, preset: 'mobile' as const },
  ];
  for (const run of runs) {
    const { preset } = run;
    const scores = await runLighthouse(run.url, run.cookie, preset);
    if (scores.accessibilityFindings.length > 0)
      console.warn(`[frontend] accessibility findings: ${scores.accessibilityFindings.join('; ')}`);
    console.log(`[frontend] Lighthouse ${run.page} ${preset}: ${JSON.stringify(scores.metrics)}`);
    rows.push(
      {
        measure: `Lighthouse performance ${run.page} (${preset})`,
        skillgrid: `${scores.performance} (TBT ${scores.metrics['total-blocking-time'] ?? '?'}, LCP ${scores.metrics['largest-contentful-paint'] ?? '?'})`,
        baseline: scores.benchmarkIndex === null ? '—' : `host benchmarkIndex ${Math.round(scores.benchmarkIndex)}`,
        ratio: null,
        // Issue 23: mobile ≥ 90 for /assess and the team page; the desktop bar is issue 8's.
        bar: preset === 'desktop' ? '≥ 95' : `≥ ${LIGHTHOUSE_MOBILE_BAR}`,
        pass: preset === 'desktop' ? scores.performance >= 95 : scores.performance >= LIGHTHOUSE_MOBILE_BAR,
      },
      {
        measure: `Lighthouse accessibility ${run.page} (${preset})`,
        skillgrid: String(scores.accessibility),
        baseline: '—',
        ratio: null,
        bar: '100',
        pass: scores.accessibility === 100,
      },
    );
  }
  return rows;
}
