import type { ReactNode } from 'react';
import Link from 'next/link';
import type { ActionResult } from '@/lib/actions/result';
import { buildTree, effectiveLevels, type TreeBranch, type TreeNode } from '@/lib/roles/effective-levels';
import { TargetLevelForm } from './target-level-form';

type Action = (state: unknown, formData: FormData) => Promise<ActionResult<unknown>>;

const KIND_LABEL: Record<string, string> = { area: 'Area', category: 'Section', group: 'Group', skill: 'Skill' };

/**
 * Which part of the tree is rendered: the areas and their sections always, the items under a section only
 * for the one `open` section (links, no JavaScript). A 320-skill framework rendered whole was 1.2 MB of HTML
 * and ~400 forms per view (issue 23).
 */
export interface TreeOnDemand {
  /** The section whose items are shown (null: none). */
  open: string | null;
  /** The page's URL showing this section's items (null: none open); the tree adds the anchor. */
  href: (nodeId: string | null) => string;
}

/**
 * The framework tree with a target editor on every node, shared by role
 * profiles and team targets: `action` and `fields` say which one is edited.
 * Server-rendered; only each node's small form is a client component.
 * With `onDemand`, below the sections only the open section's items are rendered.
 */
export function TargetTree({
  nodes,
  targets,
  action,
  fields,
  maxLevel = 4,
  onDemand,
}: {
  nodes: TreeNode[];
  targets: ReadonlyMap<string, number>;
  action: Action;
  fields: Record<string, string>;
  maxLevel?: number;
  onDemand?: TreeOnDemand;
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

  const items = (count: number) => `${count} item${count === 1 ? '' : 's'}`;
  const branch = (item: TreeBranch, insideOpen = false): ReactNode => {
    if (item.children.length === 0) {
      return (
        <li key={item.node.id} className="border-t border-slate-100 pl-4">
          {row(item.node)}
        </li>
      );
    }
    const open = onDemand?.open === item.node.id;
    if (onDemand && item.node.depth > 0 && !insideOpen) {
      const inside = ownTargetsBelow(item, targets);
      return (
        <li key={item.node.id} id={`node-${item.node.id}`} className="scroll-mt-4 border-t border-slate-100 pl-1">
          {row(item.node)}
          <p className="pb-1 text-xs">
            <Link
              href={`${onDemand.href(open ? null : item.node.id)}#node-${item.node.id}`}
              aria-expanded={open}
              className="text-brand-700 underline focus-visible:outline-2 focus-visible:outline-brand-600"
            >
              {open ? `Hide the ${items(item.children.length)}` : `Show the ${items(item.children.length)}`}
              <span className="sr-only"> under {item.node.name}</span>
            </Link>
            {inside > 0 ? (
              <span className="ml-2 text-slate-600">
                {inside} target{inside === 1 ? '' : 's'} set inside
              </span>
            ) : null}
          </p>
          {open ? (
            <ul className="ml-2 border-l border-slate-200 pl-3">{item.children.map((child) => branch(child, true))}</ul>
          ) : null}
        </li>
      );
    }
    return (
      <li key={item.node.id} className="border-t border-slate-100 pl-1">
        {row(item.node)}
        <details open={item.node.depth === 0 || insideOpen} className="pb-1">
          <summary className="cursor-pointer text-xs text-brand-700 focus-visible:outline-2 focus-visible:outline-brand-600">
            {items(item.children.length)} under {item.node.name}
          </summary>
          <ul className="ml-2 border-l border-slate-200 pl-3">
            {item.children.map((child) => branch(child, insideOpen))}
          </ul>
        </details>
      </li>
    );
  };

  return (
    <ul className="rounded-xl border border-slate-200 bg-white p-4 text-sm">{roots.map((root) => branch(root))}</ul>
  );
}

/** How many nodes below `item` have a target of their own (shown beside a closed section). */
function ownTargetsBelow(item: TreeBranch, targets: ReadonlyMap<string, number>): number {
  return item.children.reduce(
    (sum, child) => sum + (targets.has(child.node.id) ? 1 : 0) + ownTargetsBelow(child, targets),
    0,
  );
}
