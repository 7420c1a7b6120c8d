import { describe, expect, it } from 'vitest';
import { buildTree, effectiveLevels, type TreeNode } from '@/lib/roles/effective-levels';

const node = (id: string, parentId: string | null, depth: number, position = 0): TreeNode => ({
  id,
  parentId,
  name: id.toUpperCase(),
  kind: depth === 0 ? 'area' : depth === 1 ? 'category' : depth === 2 ? 'group' : 'skill',
  depth,
  position,
});

// area → section → group → skill, plus a sibling skill straight under the section.
const NODES = [
  node('skill', 'group', 3),
  node('group', 'section', 2),
  node('area', null, 0),
  node('section', 'area', 1),
  node('direct', 'section', 2, 1),
  node('other', null, 0, 1),
];

describe('effective target per node in the editor', () => {
  it('a level on the area shows as inherited from the area on every skill under it', () => {
    const levels = effectiveLevels(NODES, new Map([['area', 2]]));
    expect(levels.get('area')).toEqual({ own: 2, effective: 2, inheritedFrom: null });
    expect(levels.get('skill')).toEqual({ own: null, effective: 2, inheritedFrom: { id: 'area', name: 'AREA' } });
    expect(levels.get('direct')?.inheritedFrom?.id).toBe('area');
    expect(levels.get('other')).toEqual({ own: null, effective: null, inheritedFrom: null });
  });

  it('the nearest target wins, lower as well as higher', () => {
    const levels = effectiveLevels(
      NODES,
      new Map([
        ['area', 2],
        ['group', 4],
        ['direct', 0],
      ]),
    );
    expect(levels.get('skill')).toEqual({ own: null, effective: 4, inheritedFrom: { id: 'group', name: 'GROUP' } });
    expect(levels.get('section')?.effective).toBe(2);
    // 0 is a real target, not "none".
    expect(levels.get('direct')).toEqual({ own: 0, effective: 0, inheritedFrom: null });
  });

  it('a skill’s own level overrides an inherited one', () => {
    const levels = effectiveLevels(
      NODES,
      new Map([
        ['area', 2],
        ['skill', 1],
      ]),
    );
    expect(levels.get('skill')).toEqual({ own: 1, effective: 1, inheritedFrom: null });
  });

  it('nests the flat list by parent and position', () => {
    const tree = buildTree(NODES);
    expect(tree.map((branch) => branch.node.id)).toEqual(['area', 'other']);
    expect(tree[0]?.children[0]?.children.map((branch) => branch.node.id)).toEqual(['group', 'direct']);
  });
});
