'use client';

import clsx from 'clsx';
import { CHILD_KINDS } from '@/lib/frameworks/document';
import type { EditableNode } from '@/lib/frameworks/edit';
import { ArchiveConfirm } from './archive-confirm';
import { NodeControls } from './node-controls';
import { AddNodeForm, RenameNodeForm } from './node-forms';
import type { FrameworkTreeModel } from './use-framework-tree';
import { Markdown } from '@/components/ui/markdown';

const KIND_STYLE: Record<EditableNode['kind'], string> = {
  area: 'bg-brand-100 text-brand-900',
  category: 'bg-slate-100 text-slate-800',
  group: 'bg-amber-50 text-amber-900',
  skill: 'bg-green-50 text-green-900',
};

/** The children of one node (or the roots); an open branch renders its own list, a folded one nothing. */
export function TreeList({
  frameworkId,
  tree,
  parentId,
  depth,
}: {
  frameworkId: string;
  tree: FrameworkTreeModel;
  parentId: string | null;
  depth: number;
}) {
  const children = tree.childrenOf.get(parentId) ?? [];
  const live = children.filter((node) => !node.archived);
  return (
    <ul
      id={parentId ? `children-${parentId}` : undefined}
      className={depth === 0 ? 'space-y-3' : 'mt-2 space-y-2 border-l border-slate-200 pl-3 sm:pl-4'}
    >
      {children
        .filter((node) => !tree.filter || tree.filter.shown.has(node.id))
        .map((node) => (
          <TreeNodeItem
            key={node.id}
            frameworkId={frameworkId}
            tree={tree}
            node={node}
            liveIndex={live.indexOf(node)}
            liveCount={live.length}
            depth={depth}
          />
        ))}
    </ul>
  );
}

function TreeNodeItem({
  frameworkId,
  tree,
  node,
  liveIndex,
  liveCount,
  depth,
}: {
  frameworkId: string;
  tree: FrameworkTreeModel;
  node: EditableNode;
  liveIndex: number;
  liveCount: number;
  depth: number;
}) {
  const { state } = tree;
  const kids = tree.childrenOf.get(node.id) ?? [];
  const isOpen = (state.expanded.has(node.id) || Boolean(tree.filter?.openAncestors.has(node.id))) && !node.archived;
  const allowed = CHILD_KINDS[node.kind];
  const active = state.panel?.nodeId === node.id ? state.panel.mode : null;
  const skills = tree.skillCounts.get(node.id);
  const closePanel = () => tree.openPanel(null);
  return (
    <li
      data-node-id={node.id}
      data-node-key={node.key}
      data-kind={node.kind}
      data-archived={node.archived || undefined}
      className={node.archived ? 'rounded-md bg-slate-50' : undefined}
    >
      <div data-row className="space-y-1 rounded-md py-0.5 hover:bg-slate-50">
        <div className="flex flex-col gap-1 sm:flex-row sm:items-center sm:gap-3">
          <div className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1 sm:flex-1">
            {kids.length > 0 && !node.archived ? (
              <button
                type="button"
                data-control="name"
                aria-expanded={isOpen}
                aria-controls={isOpen ? `children-${node.id}` : undefined}
                onClick={() => tree.toggle(node.id)}
                className="inline-flex items-center gap-1 rounded px-1 py-0.5 text-left font-medium text-slate-900 hover:bg-brand-50"
              >
                <span
                  aria-hidden="true"
                  className={clsx('inline-block w-3 text-slate-500 transition-transform', isOpen && 'rotate-90')}
                >
                  ▸
                </span>
                {node.name}
              </button>
            ) : (
              <span
                data-control="name"
                tabIndex={-1}
                className={clsx('px-1 font-medium', node.archived ? 'text-slate-600 line-through' : 'text-slate-900')}
              >
                {node.name}
              </span>
            )}
            <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${KIND_STYLE[node.kind]}`}>{node.kind}</span>
            {node.kind !== 'skill' && skills !== undefined ? (
              <span className="text-xs text-slate-600">
                {skills} {skills === 1 ? 'skill' : 'skills'}
              </span>
            ) : null}
            {node.archived ? <span className="text-xs font-medium text-slate-700">(archived)</span> : null}
            {/* Keys matter for imports, not on a phone: there they would take more room than the tree. */}
            <code className="hidden break-all text-xs text-slate-600 sm:inline">{node.key}</code>
          </div>
          <NodeControls
            node={node}
            canMoveUp={liveIndex > 0}
            canMoveDown={liveIndex < liveCount - 1}
            canAdd={allowed.length > 0}
            active={active}
            busy={state.busy}
            onMove={(direction) => void tree.move(node, direction)}
            onRestore={() => void tree.restore(node)}
            onPanel={(mode) => tree.openPanel(active === mode ? null : { nodeId: node.id, mode })}
          />
        </div>
        {node.description ? (
          <p className="pl-1 text-sm text-slate-600">
            <Markdown inline>{node.description}</Markdown>
          </p>
        ) : null}
        {active === 'edit' ? (
          <div className="max-w-xl rounded-md border border-slate-200 bg-white p-3">
            <RenameNodeForm
              frameworkId={frameworkId}
              node={node}
              autoFocus
              onSaved={(result) => {
                tree.announce(result);
                closePanel();
              }}
              onCancel={closePanel}
            />
          </div>
        ) : null}
        {active === 'add' ? (
          <div className="max-w-xl rounded-md border border-slate-200 bg-white p-3">
            <AddNodeForm
              frameworkId={frameworkId}
              parentId={node.id}
              kinds={allowed}
              idPrefix={`add-${node.id}`}
              autoFocus
              onSaved={(result) => tree.added(node.id, result)}
              onCancel={closePanel}
            />
          </div>
        ) : null}
        {active === 'archive' ? (
          <ArchiveConfirm
            node={node}
            skills={skills}
            busy={state.busy}
            onConfirm={() => void tree.archive(node)}
            onCancel={closePanel}
          />
        ) : null}
      </div>
      {isOpen && kids.length > 0 ? (
        <TreeList frameworkId={frameworkId} tree={tree} parentId={node.id} depth={depth + 1} />
      ) : null}
    </li>
  );
}
