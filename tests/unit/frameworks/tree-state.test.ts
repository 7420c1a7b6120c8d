import { describe, expect, it } from 'vitest';
import {
  OPEN_ALL_UP_TO,
  childrenByParent,
  filterTree,
  initialTreeState,
  liveSkillCounts,
  moveTarget,
  treeReducer,
} from '@/components/frameworks/editor/tree-state';
import type { EditableNode } from '@/lib/frameworks/edit';

const node = (
  id: string,
  parentId: string | null,
  kind: EditableNode['kind'],
  extra: Partial<EditableNode> = {},
): EditableNode => ({
  id,
  parentId,
  key: `key-${id}`,
  kind,
  name: `Name ${id}`,
  description: null,
  archived: false,
  ...extra,
});

const nodes: EditableNode[] = [
  node('area', null, 'area'),
  node('cat', 'area', 'category'),
  node('s1', 'cat', 'skill'),
  node('s2', 'cat', 'skill', { name: 'Asyncio' }),
  node('s3', 'cat', 'skill', { archived: true }),
  node('grp', 'area', 'group'),
  node('s4', 'grp', 'skill'),
];

describe('initialTreeState', () => {
  it('opens every container of a small framework, only the areas of a large one', () => {
    expect([...initialTreeState(nodes).expanded].sort()).toEqual(['area', 'cat', 'grp']);
    const large = Array.from({ length: OPEN_ALL_UP_TO + 1 }, (_, i) => node(`s${i}`, 'cat', 'skill'));
    expect([...initialTreeState([...nodes, ...large]).expanded]).toEqual(['area']);
  });
});

describe('treeReducer', () => {
  it('swaps two nodes for an optimistic move, and the server’s tree replaces it', () => {
    let state = treeReducer(initialTreeState(nodes), { type: 'swap', a: 's1', b: 's2' });
    expect(state.nodes.map((n) => n.id).slice(2, 4)).toEqual(['s2', 's1']);
    const fromServer = [...nodes];
    state = treeReducer(state, { type: 'serverNodes', nodes: fromServer });
    expect(state.nodes).toBe(fromServer);
    expect(state.serverNodes).toBe(fromServer);
  });

  it('archives and restores in place; expands, folds, expands all live containers, collapses all', () => {
    let state = treeReducer(initialTreeState(nodes), { type: 'setArchived', nodeId: 'grp', archived: true });
    expect(state.nodes.find((n) => n.id === 'grp')?.archived).toBe(true);
    state = treeReducer(state, { type: 'collapseAll' });
    expect(state.expanded.size).toBe(0);
    state = treeReducer(state, { type: 'expandAll' });
    expect([...state.expanded].sort()).toEqual(['area', 'cat']);
    state = treeReducer(state, { type: 'toggle', nodeId: 'cat' });
    expect(state.expanded.has('cat')).toBe(false);
    const same = treeReducer(state, { type: 'expand', nodeId: 'area' });
    expect(same).toBe(state);
  });

  it('holds the open form, the busy flag, the announcement and the query', () => {
    let state = treeReducer(initialTreeState(nodes), { type: 'panel', panel: { nodeId: 's1', mode: 'edit' } });
    state = treeReducer(state, { type: 'busy', busy: true });
    state = treeReducer(state, { type: 'announce', announcement: { ok: false, text: 'No.' } });
    state = treeReducer(state, { type: 'query', query: 'async' });
    expect(state).toMatchObject({
      panel: { nodeId: 's1', mode: 'edit' },
      busy: true,
      announcement: { ok: false, text: 'No.' },
      query: 'async',
    });
  });
});

describe('tree helpers', () => {
  const childrenOf = childrenByParent(nodes);
  it('counts live skills under every container', () => {
    const counts = liveSkillCounts(childrenOf);
    expect(Object.fromEntries(counts)).toEqual({ area: 3, cat: 2, grp: 1 });
  });

  it('finds nodes by name or key, with their ancestors opened and a matched branch’s children shown', () => {
    expect(filterTree(nodes, '  ')).toBeNull();
    const byName = filterTree(nodes, 'ASYNC')!;
    expect([...byName.matches]).toEqual(['s2']);
    expect([...byName.openAncestors].sort()).toEqual(['area', 'cat']);
    expect([...byName.shown].sort()).toEqual(['area', 'cat', 's2']);
    const byKey = filterTree(nodes, 'key-grp')!;
    expect([...byKey.shown].sort()).toEqual(['area', 'grp', 's4']);
  });

  it('moves among live siblings only, never past either end', () => {
    const s1 = nodes[2]!;
    const s2 = nodes[3]!;
    expect(moveTarget(childrenOf, s1, 'down')).toEqual({ other: s2, index: 0, count: 2 });
    expect(moveTarget(childrenOf, s1, 'up')).toBeNull();
    // s3 is archived: s2 is the last live one.
    expect(moveTarget(childrenOf, s2, 'down')).toBeNull();
  });
});
