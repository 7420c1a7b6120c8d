/**
 * The target tree rendered on demand (issue 23: /admin/roles/<id> rendered every skill of a 320-skill framework
 * with its form, 1.2 MB of HTML): areas and sections always, a section's items only when it is the open one.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { TargetTree } from '@/components/roles/target-tree';
import type { ActionResult } from '@/lib/actions/result';
import type { TreeNode } from '@/lib/roles/effective-levels';

const node = (id: string, parentId: string | null, kind: string, depth: number, position: number): TreeNode => ({
  id,
  parentId,
  name: `Node ${id}`,
  kind,
  depth,
  position,
});

// One area, two sections of three skills each.
const nodes: TreeNode[] = [
  node('area', null, 'area', 0, 0),
  node('s1', 'area', 'category', 1, 0),
  node('s2', 'area', 'category', 1, 1),
  ...[0, 1, 2].map((i) => node(`k1-${i}`, 's1', 'skill', 2, i)),
  ...[0, 1, 2].map((i) => node(`k2-${i}`, 's2', 'skill', 2, i)),
];

const action = async (): Promise<ActionResult<unknown>> => ({ ok: true });

function render(open: string | null | undefined): string {
  return renderToStaticMarkup(
    createElement(TargetTree, {
      nodes,
      targets: new Map([['k2-1', 3]]),
      action,
      fields: { profileId: 'p' },
      onDemand:
        open === undefined
          ? undefined
          : { open, href: (id) => (id ? `/admin/roles/p?section=${id}` : '/admin/roles/p') },
    }),
  );
}

const forms = (html: string) => html.match(/<form/g)?.length ?? 0;

describe('TargetTree on demand', () => {
  it('without onDemand renders every node with its form', () => {
    expect(forms(render(undefined))).toBe(nodes.length);
  });

  it('renders the areas and sections only, with a link to open each and what is set inside', () => {
    const html = render(null);
    expect(forms(html)).toBe(3);
    expect(html).not.toContain('Node k1-0');
    expect(html).toContain('href="/admin/roles/p?section=s1#node-s1"');
    expect(html).toContain('Show the 3 items<span class="sr-only"> under Node s1</span>');
    expect(html).toContain('1 target set inside');
  });

  it('renders the open section’s items, and a link that closes it', () => {
    const html = render('s2');
    expect(forms(html)).toBe(6);
    expect(html).toContain('Node k2-0');
    expect(html).not.toContain('Node k1-0');
    expect(html).toContain('href="/admin/roles/p#node-s2"');
    expect(html).toContain('aria-expanded="true"');
  });
});
