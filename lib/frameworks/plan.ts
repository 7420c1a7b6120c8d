/**
 * The node planning step of a framework import, shared by `importFramework`
 * (which writes the plan) and the upload preview (which only shows it), so
 * the diff an admin confirms is computed by exactly the rules that apply it.
 *
 * Pure: no database access. Nodes are matched by key; a node missing from the
 * document is archived, never deleted.
 */
import { randomUUID } from 'node:crypto';
import type { FrameworkDocument, FrameworkNodeKind } from './document';

export interface FrameworkChanges {
  added: number;
  /** Existing nodes whose name, description, kind or parent changed (pure reorders are applied but not counted). */
  renamed: number;
  archived: number;
  restored: number;
}

export interface ExistingNodeRow {
  id: string;
  key: string;
  parentId: string | null;
  kind: FrameworkNodeKind;
  name: string;
  description: string | null;
  position: number;
  depth: number;
  ancestorIds: string[];
  archivedAt: Date | null;
}

export type PlannedNode = ExistingNodeRow;

/** One entry of the preview's lists; `before` is only set for renamed and moved nodes. */
export interface NodeChange {
  key: string;
  kind: FrameworkNodeKind;
  name: string;
  before?: { name: string; description: string | null; parentKey: string | null };
  after?: { name: string; description: string | null; parentKey: string | null };
}

export interface NodeChangeLists {
  added: NodeChange[];
  /** Same key, new name, description or kind. */
  renamed: NodeChange[];
  /** Same key, new parent. */
  moved: NodeChange[];
  archived: NodeChange[];
  restored: NodeChange[];
}

export interface NodePlan {
  planned: Map<string, PlannedNode>;
  /** Ids of nodes to insert. */
  fresh: Set<string>;
  /** Ids of existing nodes whose content (name, description, kind, parent) changed. */
  contentChanged: Set<string>;
  changes: FrameworkChanges;
  lists: NodeChangeLists;
}

export function planFrameworkNodes(
  existingRows: readonly ExistingNodeRow[],
  document: FrameworkDocument,
  now: Date,
): NodePlan {
  const existingByKey = new Map(existingRows.map((row) => [row.key, row]));
  const existingById = new Map(existingRows.map((row) => [row.id, row]));
  const keyOfExisting = (id: string | null) => (id === null ? null : (existingById.get(id)?.key ?? null));

  const changes: FrameworkChanges = { added: 0, renamed: 0, archived: 0, restored: 0 };
  const lists: NodeChangeLists = { added: [], renamed: [], moved: [], archived: [], restored: [] };
  const planned = new Map<string, PlannedNode>();
  const fresh = new Set<string>();
  const contentChanged = new Set<string>();

  const plan = (nodes: FrameworkDocument['nodes'], parentId: string | null, parentKey: string | null) => {
    nodes.forEach((node, position) => {
      const existing = existingByKey.get(node.key);
      const id = existing?.id ?? randomUUID();
      const description = node.description ?? null;
      const entry: NodeChange = { key: node.key, kind: node.kind, name: node.name };
      let archivedAt: Date | null;
      if (!existing) {
        fresh.add(id);
        changes.added += 1;
        lists.added.push(entry);
        archivedAt = node.archived ? now : null;
      } else {
        const renamed =
          existing.kind !== node.kind || existing.name !== node.name || existing.description !== description;
        const moved = existing.parentId !== parentId;
        if (renamed || moved) {
          contentChanged.add(id);
          changes.renamed += 1;
          const detailed: NodeChange = {
            ...entry,
            before: {
              name: existing.name,
              description: existing.description,
              parentKey: keyOfExisting(existing.parentId),
            },
            after: { name: node.name, description, parentKey },
          };
          if (renamed) lists.renamed.push(detailed);
          if (moved) lists.moved.push(detailed);
        }
        if (node.archived && !existing.archivedAt) {
          changes.archived += 1;
          lists.archived.push(entry);
        }
        if (!node.archived && existing.archivedAt) {
          changes.restored += 1;
          lists.restored.push(entry);
        }
        // An already archived node keeps the date it was retired.
        archivedAt = node.archived ? (existing.archivedAt ?? now) : null;
      }
      // depth and ancestors are filled in below, once every parent is known.
      planned.set(id, {
        id,
        key: node.key,
        parentId,
        kind: node.kind,
        name: node.name,
        description,
        position,
        depth: 0,
        ancestorIds: [],
        archivedAt,
      });
      plan(node.children, id, node.key);
    });
  };
  plan(document.nodes, null, null);

  // Rows the document no longer mentions stay where they were, archived.
  for (const row of existingRows) {
    if (planned.has(row.id)) continue;
    if (!row.archivedAt) {
      changes.archived += 1;
      lists.archived.push({ key: row.key, kind: row.kind, name: row.name });
    }
    planned.set(row.id, { ...row, archivedAt: row.archivedAt ?? now });
  }

  // Ancestors (root first, self last) over the final parent links, archived rows included, so
  // that a row under a moved branch still points at its real ancestors.
  const ancestorsOf = (id: string): string[] => {
    const node = planned.get(id);
    if (!node) throw new Error(`unknown node ${id}`);
    if (node.ancestorIds.length === 0) node.ancestorIds = node.parentId ? [...ancestorsOf(node.parentId), id] : [id];
    return node.ancestorIds;
  };
  // Reset what was loaded for archived rows: empty means "not computed yet".
  for (const node of planned.values()) node.ancestorIds = [];
  for (const node of planned.values()) {
    ancestorsOf(node.id);
    node.depth = node.ancestorIds.length - 1;
  }

  return { planned, fresh, contentChanged, changes, lists };
}
