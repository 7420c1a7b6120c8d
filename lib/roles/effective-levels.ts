/**
 * Which target each node of ONE framework tree shows in the editor: its own,
 * or the one inherited from the nearest ancestor that has one. The tree is a
 * few hundred nodes (not rating rows), so a pure function is the simplest
 * correct thing; the per-member resolution for reports stays in SQL
 * (lib/roles/resolve-targets.ts) and follows the same rule.
 */
export interface TreeNode {
  id: string;
  parentId: string | null;
  name: string;
  kind: string;
  depth: number;
  position: number;
}

export interface EffectiveLevel {
  /** The target set on this node itself, if any. */
  own: number | null;
  /** The level that applies here: own, else the nearest ancestor's. */
  effective: number | null;
  /** Where `effective` comes from when it is inherited. */
  inheritedFrom: { id: string; name: string } | null;
}

/** `nodes` in any order; parents missing from the list (archived) end inheritance there. */
export function effectiveLevels(
  nodes: readonly TreeNode[],
  targets: ReadonlyMap<string, number>,
): Map<string, EffectiveLevel> {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const result = new Map<string, EffectiveLevel>();
  const resolve = (node: TreeNode): EffectiveLevel => {
    const known = result.get(node.id);
    if (known) return known;
    const own = targets.get(node.id) ?? null;
    let level: EffectiveLevel;
    if (own !== null) {
      level = { own, effective: own, inheritedFrom: null };
    } else {
      const parent = node.parentId ? byId.get(node.parentId) : undefined;
      if (!parent) {
        level = { own: null, effective: null, inheritedFrom: null };
      } else {
        const above = resolve(parent);
        level =
          above.effective === null
            ? { own: null, effective: null, inheritedFrom: null }
            : {
                own: null,
                effective: above.effective,
                inheritedFrom: above.own !== null ? { id: parent.id, name: parent.name } : above.inheritedFrom,
              };
      }
    }
    result.set(node.id, level);
    return level;
  };
  for (const node of nodes) resolve(node);
  return result;
}

export interface TreeBranch<T extends TreeNode = TreeNode> {
  node: T;
  children: TreeBranch<T>[];
}

/** Nests the flat node list by parent, ordered by position. */
export function buildTree<T extends TreeNode>(nodes: readonly T[]): TreeBranch<T>[] {
  const branches = new Map<string, TreeBranch<T>>(nodes.map((node) => [node.id, { node, children: [] }]));
  const roots: TreeBranch<T>[] = [];
  for (const branch of branches.values()) {
    const parent = branch.node.parentId ? branches.get(branch.node.parentId) : undefined;
    if (parent) parent.children.push(branch);
    else if (branch.node.parentId === null) roots.push(branch);
  }
  const sort = (list: TreeBranch<T>[]) => {
    list.sort((a, b) => a.node.position - b.node.position);
    for (const branch of list) sort(branch.children);
  };
  sort(roots);
  return roots;
}
