'use client';

import { useRef } from 'react';
import type { EditableNode } from '@/lib/frameworks/edit';
import { TreeList } from './tree-list';
import { useFrameworkTree } from './use-framework-tree';

/**
 * The framework editor's tree: folded, with forms only where the admin asks
 * for one.
 *
 * Why a client component: the seed framework has ~400 nodes, and rendering
 * every node with its own forms made 2.9 MB of HTML that cost seconds per page
 * load and again per change (see docs/benchmarks.md, "Framework edit page").
 * The server now sends the nodes once as plain data; areas start open, deeper
 * branches start closed and their children are not rendered until opened
 * (small frameworks start fully open), and the rename/add/archive forms exist
 * only for the one node being edited.
 *
 * State and commands live in `useFrameworkTree` (the rules in the pure
 * reducer of tree-state.ts); this component lays out the toolbar and the list.
 */
export function FrameworkTree({ frameworkId, nodes }: { frameworkId: string; nodes: EditableNode[] }) {
  const treeRef = useRef<HTMLDivElement>(null);
  const tree = useFrameworkTree(frameworkId, nodes, treeRef);
  const { state, filter } = tree;
  return (
    <div ref={treeRef} className="space-y-3">
      <div className="flex flex-wrap items-end gap-2">
        <div className="space-y-1">
          <label htmlFor="tree-filter" className="block text-sm font-medium text-slate-800">
            Find a node
          </label>
          <input
            id="tree-filter"
            type="search"
            value={state.query}
            maxLength={200}
            onChange={(event) => tree.setQuery(event.target.value)}
            placeholder="Name or key"
            aria-describedby="tree-filter-result"
            className="block w-64 max-w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm"
          />
        </div>
        <button
          type="button"
          onClick={tree.expandAll}
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100"
        >
          Expand all
        </button>
        <button
          type="button"
          onClick={tree.collapseAll}
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100"
        >
          Collapse all
        </button>
      </div>
      {/* One block for both live regions, so two empty ones do not leave a gap above the tree. */}
      <div>
        <p id="tree-filter-result" aria-live="polite" className="text-sm text-slate-600">
          {filter
            ? filter.matches.size === 0
              ? `Nothing matches “${state.query.trim()}”.`
              : `${filter.matches.size} ${filter.matches.size === 1 ? 'node matches' : 'nodes match'}; their sections are opened.`
            : null}
        </p>
        <p aria-live="polite" role="status" className="min-h-5 text-sm" data-testid="tree-status">
          {state.announcement ? (
            <span className={state.announcement.ok ? 'text-green-800' : 'text-red-700'}>{state.announcement.text}</span>
          ) : null}
        </p>
      </div>
      {state.nodes.length === 0 ? (
        <p className="text-sm text-slate-600">This framework has no nodes yet. Add an area below.</p>
      ) : (
        <TreeList frameworkId={frameworkId} tree={tree} parentId={null} depth={0} />
      )}
    </div>
  );
}
