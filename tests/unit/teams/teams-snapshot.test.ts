/** A large organization's /teams (decision 0015): the compact table and the "as of" note. */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SnapshotNote, TeamsTable } from '@/components/teams/teams-snapshot';
import type { VisibleTeam } from '@/lib/insight/visible-teams';

const done: VisibleTeam = {
  id: 'a',
  name: 'Alpha',
  manages: true,
  memberCount: 50,
  raters: 40,
  cycleName: '2026 Q4',
  completion: {
    members: 50,
    membersDone: 12,
    ratings: { total: 16000, rated: 6000, confirmed: 1200, toConfirm: 800, done: 7200 },
    ratingsPercent: 45,
  },
  teamMean: 2.34,
};
const pending: VisibleTeam = { ...done, id: 'b', name: 'Beta', memberCount: 48, completion: null, teamMean: null };

describe('/teams from a snapshot', () => {
  it('lists each team in one row: figures, or "being computed" with a link to the live page', () => {
    const html = renderToStaticMarkup(createElement(TeamsTable, { teams: [done, pending], pending: new Set(['b']) }));
    expect(html).toContain('<caption class="sr-only">Teams with their completion of their current cycle</caption>');
    expect(html).toContain('<a class="text-brand-700 underline" href="/teams/a/completion">12 of 50</a>');
    expect(html).toContain('45% (6000 rated · 1200 confirmed · 800 to confirm)');
    expect(html).toContain('2.3');
    expect(html).toMatch(
      /Being computed \(<a class="text-brand-700 underline" href="\/teams\/b\/completion">live<\/a>\)/,
    );
    // Compact: what 200 teams cost (the cards were ~2.5 KB each).
    expect(html.length / 2).toBeLessThan(800);
  });

  it('says when the figures were read, and when there are none yet', () => {
    const at = new Date('2026-12-07T16:00:00Z');
    const note = renderToStaticMarkup(
      createElement(SnapshotNote, {
        snapshot: { computedAt: at, pending: new Set<string>(), refreshing: true },
        locale: 'en-GB',
      }),
    );
    expect(note).toContain('dateTime="2026-12-07T16:00:00.000Z"');
    expect(note).toContain('Newer figures are being computed.');
    const none = renderToStaticMarkup(
      createElement(SnapshotNote, {
        snapshot: { computedAt: null, pending: new Set<string>(), refreshing: true },
        locale: 'en-GB',
      }),
    );
    expect(none).toContain('role="status"');
    expect(none).toContain('not ready yet');
  });
});
