/**
 * The framework editor tree's state in one reducer: the nodes as shown
 * (optimistic moves and archives over the server's tree), which branches are
 * open, the one open form, whether a change is saving, the last announcement
 * and the find-a-node query.
 *
 * Pure (no React, no DOM): unit-tested without a browser
 * (tests/unit/frameworks/tree-state.test.ts).
 */
import type { EditableNode } from '@/lib/frameworks/edit';

export type PanelMode = 'edit' | 'add' | 'archive';
export type Panel = { nodeId: string; mode: PanelMode };
export type Announcement = { ok: boolean; text: string };

export interface TreeState {
  /** What the server last sent; a new tree from the server replaces every optimistic change. */
  serverNodes: EditableNode[];
  nodes: EditableNode[];
  expanded: ReadonlySet<string>;
  panel: Panel | null;
  busy: boolean;
  announcement: Announcement | null;
  query: string;
}

export type TreeAction =
  | { type: 'serverNodes'; nodes: EditableNode[] }
  | { type: 'setNodes'; nodes: EditableNode[] }
  | { type: 'swap'; a: string; b: string }
  | { type: 'setArchived'; nodeId: string; archived: boolean }
  | { type: 'toggle'; nodeId: string }
  | { type: 'expand'; nodeId: string }
  | { type: 'expandAll' }
  | { type: 'collapseAll' }
  | { type: 'panel'; panel: Panel | null }
  | { type: 'busy'; busy: boolean }
  | { type: 'announce'; announcement: Announcement }
  | { type: 'query'; query: string };

/** Frameworks up to this many nodes start fully open: folding only pays off for large ones (the seed has 402). */
export const OPEN_ALL_UP_TO = 60;

export function initialTreeState(nodes: EditableNode[]): TreeState {
  // A small framework is shown whole; a large one starts with its areas open and the rest folded.
  const open = nodes.filter((node) =>
    nodes.length <= OPEN_ALL_UP_TO ? node.kind !== 'skill' : node.parentId === null,
  );
  return {
    serverNodes: nodes,
    nodes,
    expanded: new Set(open.map((node) => node.id)),
    panel: null,
    busy: false,
    announcement: null,
    query: '',
  };
}

export function treeReducer(state: TreeState, action: TreeAction): TreeState {
  switch (action.type) {
    case 'serverNodes':
      return { ...state, serverNodes: action.nodes, nodes: action.nodes };
    case 'setNodes':
      return { ...state, nodes: action.nodes };
    case 'swap': {
      const nodes = [...state.nodes];
      const a = nodes.findIndex((node) => node.id === action.a);
      const b = nodes.findIndex((node) => node.id === action.b);
      if (a < 0 || b < 0) return state;
      [nodes[a], nodes[b]] = [nodes[b]!, nodes[a]!];
      return { ...state, nodes };
    }
    case 'setArchived':
      return {
        ...state,
        nodes: state.nodes.map((node) => (node.id === action.nodeId ? { ...node, archived: action.archived } : node)),
      };
    case 'toggle': {
      const expanded = new Set(state.expanded);
      if (expanded.has(action.nodeId)) expanded.delete(action.nodeId);
      else expanded.add(action.nodeId);
      return { ...state, expanded };
    }
    case 'expand':
      return state.expanded.has(action.nodeId)
        ? state
        : { ...state, expanded: new Set(state.expanded).add(action.nodeId) };
    case 'expandAll':
      return {
        ...state,
        expanded: new Set(state.nodes.filter((node) => node.kind !== 'skill' && !node.archived).map((node) => node.id)),
      };
    case 'collapseAll':
      return { ...state, expanded: new Set() };
    case 'panel':
      return { ...state, panel: action.panel };
    case 'busy':
      return { ...state, busy: action.busy };
    case 'announce':
      return { ...state, announcement: action.announcement };
    case 'query':
      return { ...state, query: action.query };
  }
}

export function childrenByParent(nodes: readonly EditableNode[]): Map<string | null, EditableNode[]> {
  const map = new Map<string | null, EditableNode[]>();
  for (const node of nodes) {
    const list = map.get(node.parentId) ?? [];
    list.push(node);
    map.set(node.parentId, list);
  }
  return map;
}

/** Live (not archived) skills under every container. */
export function liveSkillCounts(childrenOf: ReadonlyMap<string | null, EditableNode[]>): Map<string, number> {
  const counts = new Map<string, number>();
  const count = (id: string): number => {
    let total = 0;
    for (const child of childrenOf.get(id) ?? []) {
      if (child.archived) continue;
      total += child.kind === 'skill' ? 1 : count(child.id);
    }
    counts.set(id, total);
    return total;
  };
  for (const root of childrenOf.get(null) ?? []) count(root.id);
  return counts;
}

export interface TreeFilter {
  matches: Set<string>;
  openAncestors: Set<string>;
  shown: Set<string>;
}

/** "Find a node": matches by name or key, shown with their ancestors opened; a matched branch keeps its children. */
export function filterTree(nodes: readonly EditableNode[], query: string): TreeFilter | null {
  const needle = query.trim().toLowerCase();
  if (!needle) return null;
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const matches = new Set<string>();
  const openAncestors = new Set<string>();
  const shown = new Set<string>();
  for (const node of nodes) {
    if (!node.name.toLowerCase().includes(needle) && !node.key.toLowerCase().includes(needle)) continue;
    matches.add(node.id);
    shown.add(node.id);
    for (let parent = node.parentId; parent; parent = byId.get(parent)?.parentId ?? null) {
      openAncestors.add(parent);
      shown.add(parent);
    }
  }
  for (const node of nodes) {
    for (let parent = node.parentId; parent; parent = byId.get(parent)?.parentId ?? null) {
      if (matches.has(parent)) {
        shown.add(node.id);
        break;
      }
    }
  }
  return { matches, openAncestors, shown };
}

/** The live sibling a move swaps with, the node's place among live siblings, and how many there are. */
export function moveTarget(
  childrenOf: ReadonlyMap<string | null, EditableNode[]>,
  node: EditableNode,
  direction: 'up' | 'down',
): { other: EditableNode; index: number; count: number } | null {
  const live = (childrenOf.get(node.parentId) ?? []).filter((sibling) => !sibling.archived);
  const index = live.findIndex((sibling) => sibling.id === node.id);
  const other = live[direction === 'up' ? index - 1 : index + 1];
  return index >= 0 && other ? { other, index, count: live.length } : null;
}
