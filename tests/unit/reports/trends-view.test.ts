/** The trends page's view (components/reports/trends-view.tsx): its states, and each chart's numbers in a table. */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { TrendsView } from '@/components/reports/trends-view';
import type { OrganizationTrends } from '@/lib/reports/trends';

const cycle = (
  id: string,
  name: string,
  status: 'open' | 'closed',
  extra: Partial<OrganizationTrends['cycles'][number]> = {},
) => ({
  id,
  name,
  status,
  teamName: null,
  raters: 12,
  asOf: null,
  pending: false,
  ...extra,
});

function trends(cycles: OrganizationTrends['cycles']): OrganizationTrends {
  return {
    frameworks: [],
    teams: [],
    frameworkId: 'f',
    teamId: null,
    maxLevel: 4,
    cycles,
    areas: [{ id: 'a', name: 'Technical', areaName: 'Technical', values: [2.5, 3] }],
    sections: [{ id: 's', name: 'Python', areaName: 'Technical', values: [2, 3.25] }],
    gapsClosed: [
      {
        fromCycleId: 'c1',
        toCycleId: 'c2',
        label: 'Q1 → Q2',
        gaps: 10,
        closed: 4,
        narrowed: 1,
        pending: cycles[1]!.pending,
      },
    ],
    gapsClosedByArea: [
      {
        fromCycleId: 'c1',
        toCycleId: 'c2',
        label: 'Q1 → Q2',
        areaId: 'a',
        areaName: 'Technical',
        gaps: 10,
        closed: 4,
        narrowed: 1,
      },
    ],
    refresh: false,
  };
}

const render = (data: OrganizationTrends) =>
  renderToStaticMarkup(createElement(TrendsView, { trends: data, isAdmin: true, problem: null }));

describe('trends view', () => {
  it('gives each chart its table of numbers: levels, change and the gaps that add up', () => {
    const html = render(trends([cycle('c1', 'Q1', 'closed'), cycle('c2', 'Q2', 'open')]));
    expect(html.match(/<table/g)).toHaveLength(3);
    expect(html).toContain('+0.50');
    expect(html).toContain('Still open');
    // 10 gaps: 4 closed (40 %), 1 narrowed, 5 still open.
    expect(html).toMatch(/>5<\/td>/);
    expect(html).not.toContain('role="status"');
  });

  it('says when the open cycle is a snapshot, and which cycles are being prepared', () => {
    const asOf = render(
      trends([cycle('c1', 'Q1', 'closed'), cycle('c2', 'Q2', 'open', { asOf: '2026-12-07T10:00:00Z' })]),
    );
    expect(asOf).toContain('role="status"');
    expect(asOf).toContain('Q2 is open: its organization-wide figures are as of');
    const pending = render(trends([cycle('c1', 'Q1', 'closed'), cycle('c2', 'Q2', 'closed', { pending: true })]));
    expect(pending).toContain('The figures of Q2 are being prepared');
    expect(pending).toContain('being prepared</td>');
  });
});
