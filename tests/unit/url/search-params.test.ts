/**
 * Filters and chart options live in the URL (issue 19): whatever a hand-edited or mangled link holds,
 * the page's parser gives a view (bad values → defaults, never a throw, so never a 500), and the
 * browser's nuqs parsers read each value exactly as the server's zod schema does.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HEATMAP_DEFAULTS, heatmapQuery, parseHeatmapParams } from '@/lib/insight/heatmap-params';
import { RADAR_DEFAULTS, parseRadarParams, radarSearchParams } from '@/lib/insight/radar-params';
import { UUID_PATTERN } from '@/lib/insight/radar-url';
import { GAP_FILTER_DEFAULTS, filterSearchParams, filtersOf, parseGapPageParams } from '@/lib/reports/filters';
import { firstValues, toSearchParams } from '@/lib/url/search-params';

const MEMBER = '0b7a4c1e-9d3f-4e2a-8b6c-1f2e3d4c5b6a';

/** What reaches a page for hostile query strings (Next decodes what it can; the rest arrives raw). */
const HOSTILE: string[] = [
  '',
  ' ',
  '%',
  '%ZZ',
  '\u0000',
  '\n',
  '\u3000',
  'SELF',
  'self ',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  'x'.repeat(10_000),
  '-1',
  '1e309',
  'NaN',
  'true',
  '__proto__',
  'constructor',
];

describe('heatmap params', () => {
  it('reads the choices a link carries', () => {
    expect(parseHeatmapParams({ view: 'manager', sort: 'gap', cols: 'mean' })).toEqual({
      view: 'manager',
      sort: 'gap',
      cols: 'mean',
    });
  });

  it.each(HOSTILE)('falls back to the defaults for %j', (value) => {
    expect(parseHeatmapParams({ view: value, sort: value, cols: value })).toEqual(HEATMAP_DEFAULTS);
  });

  it('takes the first of a repeated key and ignores unknown keys', () => {
    expect(
      parseHeatmapParams({ view: ['manager-else-self', 'manager'], sort: ['bogus'], other: 'x', __proto__: 'y' }),
    ).toEqual({ ...HEATMAP_DEFAULTS, view: 'manager-else-self' });
  });

  it('leaves the defaults out of the links it writes, so the plain URL and the defaults are one page', () => {
    expect(heatmapQuery(HEATMAP_DEFAULTS)).toBe('');
    expect(heatmapQuery({ ...HEATMAP_DEFAULTS, view: 'manager-else-self' })).toBe('?view=manager-else-self');
    // A round trip gives the same params.
    const params = { view: 'manager', sort: 'level', cols: 'gap' } as const;
    const search = new URLSearchParams(heatmapQuery(params));
    expect(parseHeatmapParams(Object.fromEntries(search))).toEqual(params);
  });
});

describe('radar params', () => {
  it('reads a grouping and an overlaid member', () => {
    expect(parseRadarParams({ radar: 'section', overlay: MEMBER })).toEqual({ radar: 'section', overlay: MEMBER });
  });

  it.each(HOSTILE)('falls back to by-area and nobody for %j', (value) => {
    expect(parseRadarParams({ radar: value, overlay: value })).toEqual(RADAR_DEFAULTS);
  });

  it('the browser-side nuqs parsers agree with the server-side schema', () => {
    for (const value of [...HOSTILE, 'area', 'section', MEMBER]) {
      const server = parseRadarParams({ radar: value, overlay: value });
      // nuqs: null means "absent", and the hook then gives the parser's default.
      expect(radarSearchParams.radar.parse(value) ?? radarSearchParams.radar.defaultValue).toBe(server.radar);
      expect(radarSearchParams.overlay.parse(value) ?? undefined).toBe(server.overlay);
    }
  });

  it('the browser-side UUID pattern is zod’s own (the browser parsers load without zod)', () => {
    expect(UUID_PATTERN.source).toBe(z.regexes.uuid().source);
  });

  it('the nuqs parsers write what they read, and leave the default out of the URL', () => {
    expect(radarSearchParams.radar.serialize('section')).toBe('section');
    expect(radarSearchParams.radar.defaultValue).toBe('area');
    expect(radarSearchParams.overlay.serialize(MEMBER)).toBe(MEMBER);
  });
});

describe('gap report params (the filter form and its links)', () => {
  it.each(HOSTILE)('gives a report for %j in every field', (value) => {
    const raw = Object.fromEntries(
      [
        'team',
        'area',
        'section',
        'roleProfile',
        'minGap',
        'interestOnly',
        'cycle',
        'view',
        'by',
        'sort',
        'dir',
        'page',
      ].map((key) => [key, value]),
    );
    const params = parseGapPageParams(raw);
    expect(params.view).toBe('self');
    expect(params.by).toBe('skill');
    expect(params.minGap).toBeGreaterThanOrEqual(1);
    expect(params.page).toBeGreaterThanOrEqual(1);
    expect(params.team).toBeUndefined();
  });

  it('the form’s defaults are the parser’s defaults, and links leave them out', () => {
    const defaults = parseGapPageParams({});
    expect(GAP_FILTER_DEFAULTS).toEqual({ by: defaults.by, view: defaults.view, minGap: String(defaults.minGap) });
    expect(filterSearchParams(filtersOf(defaults)).toString()).toBe('');
  });
});

describe('shared helpers', () => {
  it('firstValues keeps one value per key', () => {
    expect(firstValues({ a: ['1', '2'], b: '3', c: undefined })).toEqual({ a: '1', b: '3', c: undefined });
  });

  it('toSearchParams leaves out empty and default values', () => {
    expect(toSearchParams({ q: '', role: undefined, view: 'self', sort: 'gap' }, { view: 'self' }).toString()).toBe(
      'sort=gap',
    );
  });
});
