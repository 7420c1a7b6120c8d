import { ActionButtonForm } from '@/components/admin/action-button-form';
import { CHILD_KINDS } from '@/lib/frameworks/document';
import type { EditableNode } from '@/lib/frameworks/edit';
import {
  archiveFrameworkNodeAction,
  moveFrameworkNodeAction,
  restoreFrameworkNodeAction,
} from '@/lib/frameworks/edit-actions';
import { AddNodeForm, RenameNodeForm } from './node-forms';

interface TreeProps {
  frameworkId: string;
  nodes: EditableNode[];
}

const KIND_STYLE: Record<EditableNode['kind'], string> = {
  area: 'bg-brand-100 text-brand-900',
  category: 'bg-slate-100 text-slate-800',
  group: 'bg-amber-50 text-amber-900',
  skill: 'bg-green-50 text-green-900',
};

/**
 * The framework as nested lists with each node's actions. Server-rendered:
 * only the small forms are client components. Children of an archived node
 * are not listed (restoring the node brings them back with it).
 */
export function FrameworkTree({ frameworkId, nodes }: TreeProps) {
  const childrenOf = new Map<string | null, EditableNode[]>();
  for (const node of nodes) {
    const list = childrenOf.get(node.parentId) ?? [];
    list.push(node);
    childrenOf.set(node.parentId, list);
  }

  const renderList = (parentId: string | null, level: number) => {
    const children = childrenOf.get(parentId) ?? [];
    if (children.length === 0) return null;
    const live = children.filter((node) => !node.archived);
    return (
      <ul className={level === 0 ? 'space-y-3' : 'mt-2 space-y-2 border-l border-slate-200 pl-4'}>
        {children.map((node) => {
          const liveIndex = live.indexOf(node);
          const allowed = CHILD_KINDS[node.kind];
          const hasChildren = (childrenOf.get(node.id)?.length ?? 0) > 0;
          return (
            <li key={node.id} className={node.archived ? 'opacity-70' : undefined}>
              <div className="flex flex-wrap items-center gap-2">
                <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${KIND_STYLE[node.kind]}`}>{node.kind}</span>
                <span className={`font-medium ${node.archived ? 'text-slate-500 line-through' : 'text-slate-900'}`}>
                  {node.name}
                </span>
                {node.archived ? <span className="text-xs text-slate-600">(archived)</span> : null}
                <code className="text-xs text-slate-500">{node.key}</code>
              </div>
              {node.description ? <p className="text-sm text-slate-600">{node.description}</p> : null}
              <div className="mt-1 flex flex-wrap items-start gap-2">
                {node.archived ? (
                  <ActionButtonForm
                    action={restoreFrameworkNodeAction}
                    fields={{ frameworkId, nodeId: node.id }}
                    label="Restore"
                    pendingLabel="Restoring…"
                    ariaLabel={`Restore ${node.name}`}
                    variant="ghost"
                  />
                ) : (
                  <>
                    {liveIndex > 0 ? (
                      <ActionButtonForm
                        action={moveFrameworkNodeAction}
                        fields={{ frameworkId, nodeId: node.id, direction: 'up' }}
                        label="Move up"
                        pendingLabel="Moving…"
                        ariaLabel={`Move ${node.name} up`}
                        variant="ghost"
                      />
                    ) : null}
                    {liveIndex < live.length - 1 ? (
                      <ActionButtonForm
                        action={moveFrameworkNodeAction}
                        fields={{ frameworkId, nodeId: node.id, direction: 'down' }}
                        label="Move down"
                        pendingLabel="Moving…"
                        ariaLabel={`Move ${node.name} down`}
                        variant="ghost"
                      />
                    ) : null}
                    <ActionButtonForm
                      action={archiveFrameworkNodeAction}
                      fields={{ frameworkId, nodeId: node.id }}
                      label="Archive"
                      pendingLabel="Archiving…"
                      ariaLabel={`Archive ${node.name}`}
                      variant="ghost"
                      confirm={{
                        question: hasChildren
                          ? `Archive ${node.name} and everything under it? Ratings are kept.`
                          : `Archive ${node.name}? Its ratings are kept.`,
                        confirmLabel: 'Archive',
                      }}
                    />
                    <details className="w-full sm:w-auto">
                      <summary className="cursor-pointer rounded px-2 py-1 text-sm text-brand-700 hover:bg-brand-50">
                        Edit<span className="sr-only"> {node.name}</span>
                      </summary>
                      <div className="mt-2 max-w-xl rounded-md border border-slate-200 bg-white p-3">
                        <RenameNodeForm frameworkId={frameworkId} node={node} />
                      </div>
                    </details>
                    {allowed.length > 0 ? (
                      <details className="w-full sm:w-auto">
                        <summary className="cursor-pointer rounded px-2 py-1 text-sm text-brand-700 hover:bg-brand-50">
                          Add inside<span className="sr-only"> {node.name}</span>
                        </summary>
                        <div className="mt-2 max-w-xl rounded-md border border-slate-200 bg-white p-3">
                          <AddNodeForm frameworkId={frameworkId} parentId={node.id} kinds={allowed} idPrefix={`add-${node.id}`} />
                        </div>
                      </details>
                    ) : null}
                  </>
                )}
              </div>
              {node.archived ? null : renderList(node.id, level + 1)}
            </li>
          );
        })}
      </ul>
    );
  };

  if (nodes.length === 0) return <p className="text-sm text-slate-600">This framework has no nodes yet. Add an area below.</p>;
  return renderList(null, 0);
}
