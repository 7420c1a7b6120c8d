import type { ReactNode } from 'react';
import type { ActionResult } from '@/lib/actions/result';
import { buildTree, effectiveLevels, type TreeBranch, type TreeNode } from '@/lib/roles/effective-levels';
import { TargetLevelForm } from './target-level-form';

type Action = (state: unknown, formData: FormData) => Promise<ActionResult<unknown>>;

const KIND_LABEL: Record<string, string> = { area: 'Area', category: 'Section', group: 'Group', skill: 'Skill' };

/**
 * The framework tree with a target editor on every node, shared by role
 * profiles and team targets: `action` and `fields` say which one is edited.
 * Server-rendered; only each node's small form is a client component.
 */
export function TargetTree({
  nodes,
  targets,
  action,
  fields,
  maxLevel = 4,
}: {
  nodes: TreeNode[];
  targets: ReadonlyMap<string, number>;
  action: Action;
  fields: Record<string, string>;
  maxLevel?: number;
}) {
  const levels = effectiveLevels(nodes, targets);
  const roots = buildTree(nodes);
  if (roots.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-slate-600">
        This framework has no skills yet.
      </p>
    );
  }

  const row = (node: TreeNode) => {
    const level = levels.get(node.id);
    return (
      <div className="flex flex-wrap items-center justify-between gap-2 py-1">
        <span className="min-w-0">
          <span className="text-xs uppercase tracking-wide text-slate-500">{KIND_LABEL[node.kind] ?? node.kind}</span>{' '}
          <span className={node.kind === 'skill' ? '' : 'font-medium'}>{node.name}</span>
          {level?.own === null && level.inheritedFrom ? (
            <span className="ml-2 text-xs text-slate-600">
              inherited: {level.effective} from {level.inheritedFrom.name}
            </span>
          ) : null}
        </span>
        <TargetLevelForm
          action={action}
          fields={fields}
          nodeId={node.id}
          nodeName={node.name}
          own={level?.own ?? null}
          maxLevel={maxLevel}
        />
      </div>
    );
  };

  const branch = (item: TreeBranch): ReactNode => {
    if (item.children.length === 0) {
      return (
        <li key={item.node.id} className="border-t border-slate-100 pl-4">
          {row(item.node)}
        </li>
      );
    }
    return (
      <li key={item.node.id} className="border-t border-slate-100 pl-1">
        {row(item.node)}
        <details open={item.node.depth === 0} className="pb-1">
          <summary className="cursor-pointer text-xs text-brand-700 focus-visible:outline-2 focus-visible:outline-brand-600">
            {item.children.length} item{item.children.length === 1 ? '' : 's'} under {item.node.name}
          </summary>
          <ul className="ml-2 border-l border-slate-200 pl-3">{item.children.map(branch)}</ul>
        </details>
      </li>
    );
  };

  return <ul className="rounded-xl border border-slate-200 bg-white p-4 text-sm">{roots.map(branch)}</ul>;
}
