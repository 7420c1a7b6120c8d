import { describe, expect, it } from 'vitest';
import { escapeHtml } from '@/lib/mail/neutralise';
import { cellHtml, heatmapBodyHtml, heatmapLevelCss, type HeatmapBodyData } from '@/components/team/heatmap-html';
import { levelColour } from '@/lib/insight/heatmap-scale';
import { heatmapBodyData } from '@/components/team/heatmap-table';
import type { Heatmap } from '@/lib/insight/heatmap';

// The heatmap body is written as one HTML string (components/team/heatmap-table.tsx): what people type
// (member and section names) must come out as text, and every cell keeps its number, label and link.
const hostile = `Eve <img src=x onerror=alert(1)> O'Brien & "Co"`;
const heatmap: Heatmap = {
  columns: [
    { id: 'c1', key: 'k1', name: `Ops <script>alert(2)</script>`, order: 1, teamMean: 2, raters: 1, target: 3, gap: 1 },
  ],
  members: [
    { id: 'm1', name: hostile, email: 'eve@example.test', mean: 2.25, gap: 0.75 },
    { id: 'm2', name: 'Bob', email: 'bob@example.test', mean: null, gap: 0 },
  ],
  cells: { m1: { c1: { mean: 2.25, rated: 4, na: 0, target: 3, gap: 0.75 } } },
};

describe('heatmap body HTML', () => {
  const html = heatmapBodyHtml({
    data: heatmapBodyData(heatmap, { m1: 3 }),
    maxLevel: 4,
    showCellTargets: true,
    cellHref: `/teams/t1/members/{m}?section={c}&x='1'`,
  });

  it('escapes names typed by people, in text and in attributes', () => {
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).toContain('Eve &lt;img src=x onerror=alert(1)&gt; O&#39;Brien &amp; &quot;Co&quot;');
    expect(html).toContain('Ops &lt;script&gt;alert(2)&lt;/script&gt;');
    // Attributes are single-quoted, so a quote in a value must never end one.
    for (const attribute of html.matchAll(/ [a-z-]+='([^']*)'/g)) expect(attribute[1]).not.toMatch(/[<>"]/);
    expect(html).toContain(`href='/teams/t1/members/m1?section=c1&amp;x=&#39;1&#39;'`);
  });

  it('keeps the number, the target, the link label and the stale count in words', () => {
    expect(html).toContain('>2.3<sup');
    expect(html).toContain('▲3.0');
    expect(html).toContain(', 2.3, target 3.0, gap 0.8: open the detail');
    expect(html).toContain("<span class='heatmap-stale'>3 stale</span>");
    // A member without ratings: a dash for the eye, words for a screen reader, still a link to the detail.
    expect(html).toContain("aria-label='Bob, Ops &lt;script&gt;alert(2)&lt;/script&gt;, not rated: open the detail'");
  });

  it('gives a cell without a link its label as a tooltip', () => {
    const cell = cellHtml({
      cell: { mean: null, na: 2, target: null },
      maxLevel: 4,
      showTarget: false,
      label: 'Team average, A&B',
    });
    expect(cell).toBe(`<td class='heatmap-na' title='Team average, A&amp;B: not applicable'>n/a</td>`);
  });

  it('says when the team has nobody', () => {
    expect(
      heatmapBodyHtml({
        data: heatmapBodyData({ ...heatmap, members: [], cells: {} }),
        maxLevel: 4,
        showCellTargets: false,
      }),
    ).toContain('This team has no active members yet.');
  });

  it('sends the browser a few numbers per cell, not the cell (the RSC payload of the team page, issue 23)', () => {
    const data = heatmapBodyData(
      {
        ...heatmap,
        cells: { m1: { c1: { mean: 7 / 3, rated: 3, na: 1, target: 3, gap: 2 / 3 } } },
      },
      { m1: 3 },
    );
    expect(data.cells).toEqual([[[2.3333, 1, 3]], [0]]);
    expect(data.members).toEqual([
      { id: 'm1', name: hostile, stale: 3 },
      { id: 'm2', name: 'Bob' },
    ]);
    // The figures shown are those of the exact means.
    expect(heatmapBodyHtml({ data, maxLevel: 4, showCellTargets: true, cellHref: '/x/{m}/{c}' })).toContain(
      "href='/x/m1/c1' class='heatmap-cell-link' aria-label='Eve &lt;img src=x onerror=alert(1)&gt; O&#39;Brien &amp; &quot;Co&quot;, Ops &lt;script&gt;alert(2)&lt;/script&gt;, 2.3, target 3.0, gap 0.7: open the detail'",
    );
  });

  it('colours a level cell by a class for the figure it shows, defined once per table', () => {
    const cell = cellHtml({ cell: { mean: 2.25, na: 0, target: null }, maxLevel: 4, showTarget: false, label: 'A, B' });
    expect(cell).toMatch(/^<td class='heatmap-level l23' title='A, B: 2.3'>2.3<\/td>$/);
    const css = heatmapLevelCss(4);
    const colour = levelColour(2.3, 4);
    expect(css).toContain(`.heatmap-level.l23{background:${colour.background};color:${colour.text}}`);
    expect(css.match(/\.heatmap-level\.l\d+\{/g)).toHaveLength(41);
    // A mean beyond the scale keeps its figure and takes the scale's last colour.
    expect(
      cellHtml({ cell: { mean: 4.5, na: 0, target: null }, maxLevel: 4, showTarget: false, label: 'A' }),
    ).toContain("class='heatmap-level l40'");
  });

  it('writes every cell as cellHtml does, with names and ids escaped once per table instead of per cell', () => {
    // The body escapes each name and id once and joins escaped parts (issue 23); this is the cell-by-cell
    // way it replaced, applied to every kind of cell, hostile names and ids, with and without targets.
    const columns = [
      { id: `c'1&`, name: hostile },
      { id: 'c2', name: 'Plain' },
      { id: 'c3', name: `A "quoted" <b>` },
    ];
    const members = [
      { id: `m<1>`, name: hostile, stale: 2 },
      { id: 'm2', name: 'Bob' },
    ];
    const cells: HeatmapBodyData['cells'] = [
      [[2.25, 0, 3], [null, 2, null], 0],
      [
        [3.5, 1, 3],
        [null, 0, 2],
        [1, 0, null],
      ],
    ];
    const reference = (showCellTargets: boolean, cellHref: string | null) =>
      members
        .map(
          (member, row) =>
            `<tr><th scope='row' class='heatmap-member'>${escapeHtml(member.name)}${
              member.stale ? `<span class='heatmap-stale'>${member.stale} stale</span>` : ''
            }</th>${columns
              .map((column, index) => {
                const cell = cells[row]?.[index];
                return cellHtml({
                  cell: cell ? { mean: cell[0], na: cell[1], target: cell[2] } : undefined,
                  maxLevel: 4,
                  showTarget: showCellTargets,
                  label: `${member.name}, ${column.name}`,
                  href: cellHref ? cellHref.replaceAll('{m}', member.id).replaceAll('{c}', column.id) : null,
                });
              })
              .join('')}</tr>`,
        )
        .join('');
    for (const showCellTargets of [false, true]) {
      for (const cellHref of [null, `/teams/t'1/members/{m}?section={c}&from=<x>`]) {
        expect(heatmapBodyHtml({ data: { columns, members, cells }, maxLevel: 4, showCellTargets, cellHref })).toBe(
          reference(showCellTargets, cellHref),
        );
      }
    }
  });
});
