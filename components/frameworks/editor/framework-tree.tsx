'use client';

import clsx from 'clsx';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ActionResult } from '@/lib/actions/result';
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

type Panel = { nodeId: string; mode: 'edit' | 'add' | 'archive' };
type Control = 'up' | 'down' | 'edit' | 'add' | 'archive' | 'restore' | 'name';
/**
 * What gets focus once the tree shows the result of an action (the DOM may
 * not have it yet): the first of `controls` that exists on the node's row.
 */
type FocusTarget = { nodeId: string; controls: readonly Control[] };

const KIND_STYLE: Record<EditableNode['kind'], string> = {
  area: 'bg-brand-100 text-brand-900',
  category: 'bg-slate-100 text-slate-800',
  group: 'bg-amber-50 text-amber-900',
  skill: 'bg-green-50 text-green-900',
};

/** Frameworks up to this many nodes start fully open: folding only pays off for large ones (the seed has 402). */
const OPEN_ALL_UP_TO = 60;

/** Keeps the action column aligned where a node has no "up" or "down" (first or last among its siblings). */
const placeholder = 'invisible hidden items-center gap-1 rounded px-2 py-1 text-sm sm:inline-flex';

const smallButton =
  'inline-flex items-center gap-1 rounded px-2 py-1 text-sm text-slate-700 hover:bg-slate-100 aria-disabled:cursor-wait aria-disabled:opacity-60';

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
 * Moves are optimistic (the list reorders at once, the server confirms or the
 * order snaps back) and keep focus on the moved node's button; every outcome
 * is announced in one polite live region.
 */
export function FrameworkTree({ frameworkId, nodes }: TreeProps) {
  // Local copy for optimistic moves, replaced whenever the server sends a new tree.
  const [localNodes, setLocalNodes] = useState(nodes);
  const [serverNodes, setServerNodes] = useState(nodes);
  if (nodes !== serverNodes) {
    setServerNodes(nodes);
    setLocalNodes(nodes);
  }

  const childrenOf = useMemo(() => {
    const map = new Map<string | null, EditableNode[]>();
    for (const node of localNodes) {
      const list = map.get(node.parentId) ?? [];
      list.push(node);
      map.set(node.parentId, list);
    }
    return map;
  }, [localNodes]);

  const liveSkillCount = useMemo(() => {
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
  }, [childrenOf]);

  // A small framework is shown whole; a large one starts with its areas open and the rest folded.
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(
    () =>
      new Set(
        nodes
          .filter((node) => (nodes.length <= OPEN_ALL_UP_TO ? node.kind !== 'skill' : node.parentId === null))
          .map((node) => node.id),
      ),
  );
  const [panel, setPanel] = useState<Panel | null>(null);
  const [busy, setBusy] = useState(false);
  const [announcement, setAnnouncement] = useState<{ ok: boolean; text: string } | null>(null);
  const focusTarget = useRef<FocusTarget | null>(null);
  const treeRef = useRef<HTMLDivElement>(null);

  const applyFocus = useCallback(() => {
    const target = focusTarget.current;
    const root = treeRef.current;
    if (!target || !root) return;
    const row = root.querySelector<HTMLElement>(`[data-node-id="${target.nodeId}"]`);
    if (!row) return;
    const element = target.controls
      .map((control) => row.querySelector<HTMLElement>(`:scope > [data-row] [data-control="${control}"]`))
      .find((found) => found !== null);
    if (element) {
      element.focus();
      focusTarget.current = null;
    }
  }, []);

  // Runs after every render: the target may only appear once the server's new tree has arrived.
  useEffect(() => {
    applyFocus();
  });

  // Lets tests (and anyone scripting the page) wait until the buttons respond.
  useEffect(() => {
    treeRef.current?.setAttribute('data-tree-ready', '');
  }, []);

  const toggle = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const announce = (result: ActionResult<unknown>, success?: string) => {
    if (result.ok) setAnnouncement({ ok: true, text: [success, result.message].filter(Boolean).join(' ') });
    else setAnnouncement({ ok: false, text: result.error });
  };

  const run = async (work: () => Promise<ActionResult<unknown>>): Promise<ActionResult<unknown>> => {
    setBusy(true);
    try {
      return await work();
    } catch {
      return { ok: false, error: 'Could not save. Check your connection and try again.' };
    } finally {
      setBusy(false);
    }
  };

  const move = async (node: EditableNode, direction: 'up' | 'down') => {
    if (busy) {
      setAnnouncement({ ok: false, text: 'Still saving the previous change…' });
      return;
    }
    const siblings = childrenOf.get(node.parentId) ?? [];
    const live = siblings.filter((sibling) => !sibling.archived);
    const index = live.indexOf(node);
    const other = live[direction === 'up' ? index - 1 : index + 1];
    if (!other) return;
    const before = localNodes;
    setLocalNodes((current) => {
      const next = [...current];
      const a = next.indexOf(node);
      const b = next.indexOf(other);
      next[a] = other;
      next[b] = node;
      return next;
    });
    // A node moved to the top has no "up" button any more: the other direction keeps the place.
    const controls: Control[] = [direction, direction === 'up' ? 'down' : 'up', 'edit'];
    focusTarget.current = { nodeId: node.id, controls };
    const result = await run(() => moveFrameworkNodeAction({ frameworkId, nodeId: node.id, direction }));
    if (!result.ok) setLocalNodes(before);
    focusTarget.current = { nodeId: node.id, controls };
    const position = index + (direction === 'up' ? 0 : 2);
    announce(result, `Moved ${node.name} ${direction}, now ${position} of ${live.length}.`);
  };

  const archive = async (node: EditableNode) => {
    const result = await run(() => archiveFrameworkNodeAction({ frameworkId, nodeId: node.id }));
    if (result.ok) {
      // Shown at once; the server's refreshed tree (with the subtree archived too) follows.
      setLocalNodes((current) => current.map((item) => (item.id === node.id ? { ...item, archived: true } : item)));
      setPanel(null);
    }
    focusTarget.current = { nodeId: node.id, controls: result.ok ? ['restore'] : ['archive'] };
    announce(result, result.ok ? `Archived ${node.name}.` : undefined);
  };

  const restore = async (node: EditableNode) => {
    const result = await run(() => restoreFrameworkNodeAction({ frameworkId, nodeId: node.id }));
    if (result.ok) {
      setLocalNodes((current) => current.map((item) => (item.id === node.id ? { ...item, archived: false } : item)));
    }
    focusTarget.current = { nodeId: node.id, controls: result.ok ? ['edit'] : ['restore'] };
    announce(result, result.ok ? `Restored ${node.name}.` : undefined);
  };

  const openPanel = (next: Panel | null) => {
    // Closing returns focus to the button that opened the panel.
    if (!next && panel) focusTarget.current = { nodeId: panel.nodeId, controls: [panel.mode, 'name'] };
    setPanel(next);
  };

  const containers = localNodes.filter((node) => node.kind !== 'skill' && !node.archived);

  // "Find a node": matches by name or key, shown with their ancestors opened; a matched branch keeps its children.
  const [query, setQuery] = useState('');
  const filter = useMemo(() => {
    const needle = query.trim().toLowerCase();
    if (!needle) return null;
    const byId = new Map(localNodes.map((node) => [node.id, node]));
    const matches = new Set<string>();
    const openAncestors = new Set<string>();
    const shown = new Set<string>();
    for (const node of localNodes) {
      if (!node.name.toLowerCase().includes(needle) && !node.key.toLowerCase().includes(needle)) continue;
      matches.add(node.id);
      shown.add(node.id);
      for (let parent = node.parentId; parent; parent = byId.get(parent)?.parentId ?? null) {
        openAncestors.add(parent);
        shown.add(parent);
      }
    }
    for (const node of localNodes) {
      for (let parent = node.parentId; parent; parent = byId.get(parent)?.parentId ?? null) {
        if (matches.has(parent)) {
          shown.add(node.id);
          break;
        }
      }
    }
    return { matches, openAncestors, shown };
  }, [query, localNodes]);

  const renderList = (parentId: string | null, depth: number) => {
    const children = childrenOf.get(parentId) ?? [];
    const live = children.filter((node) => !node.archived);
    return (
      <ul
        id={parentId ? `children-${parentId}` : undefined}
        className={depth === 0 ? 'space-y-3' : 'mt-2 space-y-2 border-l border-slate-200 pl-3 sm:pl-4'}
      >
        {children
          .filter((node) => !filter || filter.shown.has(node.id))
          .map((node) => {
            const liveIndex = live.indexOf(node);
            const kids = childrenOf.get(node.id) ?? [];
            const isOpen = (expanded.has(node.id) || Boolean(filter?.openAncestors.has(node.id))) && !node.archived;
            const allowed = CHILD_KINDS[node.kind];
            const active = panel?.nodeId === node.id ? panel.mode : null;
            const skills = liveSkillCount.get(node.id);
            return (
              <li
                key={node.id}
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
                          onClick={() => toggle(node.id)}
                          className="inline-flex items-center gap-1 rounded px-1 py-0.5 text-left font-medium text-slate-900 hover:bg-brand-50"
                        >
                          <span
                            aria-hidden="true"
                            className={clsx(
                              'inline-block w-3 text-slate-500 transition-transform',
                              isOpen && 'rotate-90',
                            )}
                          >
                            ▸
                          </span>
                          {node.name}
                        </button>
                      ) : (
                        <span
                          data-control="name"
                          tabIndex={-1}
                          className={clsx(
                            'px-1 font-medium',
                            node.archived ? 'text-slate-600 line-through' : 'text-slate-900',
                          )}
                        >
                          {node.name}
                        </span>
                      )}
                      <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${KIND_STYLE[node.kind]}`}>
                        {node.kind}
                      </span>
                      {node.kind !== 'skill' && skills !== undefined ? (
                        <span className="text-xs text-slate-600">
                          {skills} {skills === 1 ? 'skill' : 'skills'}
                        </span>
                      ) : null}
                      {node.archived ? <span className="text-xs font-medium text-slate-700">(archived)</span> : null}
                      {/* Keys matter for imports, not on a phone: there they would take more room than the tree. */}
                      <code className="hidden break-all text-xs text-slate-600 sm:inline">{node.key}</code>
                    </div>
                    <div className="flex flex-wrap items-center gap-0.5 sm:ml-auto sm:justify-end">
                      {node.archived ? (
                        <button
                          type="button"
                          data-control="restore"
                          aria-disabled={busy || undefined}
                          onClick={() => void (busy ? undefined : restore(node))}
                          className={smallButton}
                        >
                          Restore<span className="sr-only"> {node.name}</span>
                        </button>
                      ) : (
                        <>
                          {liveIndex > 0 ? (
                            <button
                              type="button"
                              data-control="up"
                              aria-disabled={busy || undefined}
                              onClick={() => void move(node, 'up')}
                              className={smallButton}
                            >
                              <span aria-hidden="true">↑</span> Move<span className="sr-only"> {node.name}</span> up
                            </button>
                          ) : (
                            <span aria-hidden="true" className={placeholder}>
                              ↑ Move up
                            </span>
                          )}
                          {liveIndex < live.length - 1 ? (
                            <button
                              type="button"
                              data-control="down"
                              aria-disabled={busy || undefined}
                              onClick={() => void move(node, 'down')}
                              className={smallButton}
                            >
                              <span aria-hidden="true">↓</span> Move<span className="sr-only"> {node.name}</span> down
                            </button>
                          ) : (
                            <span aria-hidden="true" className={placeholder}>
                              ↓ Move down
                            </span>
                          )}
                          <button
                            type="button"
                            data-control="edit"
                            aria-expanded={active === 'edit'}
                            onClick={() => openPanel(active === 'edit' ? null : { nodeId: node.id, mode: 'edit' })}
                            className={smallButton}
                          >
                            Edit<span className="sr-only"> {node.name}</span>
                          </button>
                          {allowed.length > 0 ? (
                            <button
                              type="button"
                              data-control="add"
                              aria-expanded={active === 'add'}
                              onClick={() => openPanel(active === 'add' ? null : { nodeId: node.id, mode: 'add' })}
                              className={smallButton}
                            >
                              Add inside<span className="sr-only"> {node.name}</span>
                            </button>
                          ) : null}
                          <button
                            type="button"
                            data-control="archive"
                            aria-expanded={active === 'archive'}
                            onClick={() =>
                              openPanel(active === 'archive' ? null : { nodeId: node.id, mode: 'archive' })
                            }
                            className={clsx(smallButton, 'text-red-800 hover:bg-red-50')}
                          >
                            Archive<span className="sr-only"> {node.name}</span>
                          </button>
                        </>
                      )}
                    </div>
                  </div>
                  {node.description ? <p className="pl-1 text-sm text-slate-600">{node.description}</p> : null}
                  {active === 'edit' ? (
                    <div className="max-w-xl rounded-md border border-slate-200 bg-white p-3">
                      <RenameNodeForm
                        frameworkId={frameworkId}
                        node={node}
                        autoFocus
                        onSaved={(result) => {
                          announce(result);
                          openPanel(null);
                        }}
                        onCancel={() => openPanel(null)}
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
                        onSaved={(result) => {
                          announce(result);
                          setExpanded((current) => new Set(current).add(node.id));
                          const added = result.ok
                            ? (result.data as { nodeId?: string } | undefined)?.nodeId
                            : undefined;
                          if (added) focusTarget.current = { nodeId: added, controls: ['edit'] };
                          setPanel(null);
                        }}
                        onCancel={() => openPanel(null)}
                      />
                    </div>
                  ) : null}
                  {active === 'archive' ? (
                    <ArchiveConfirm
                      node={node}
                      skills={skills}
                      busy={busy}
                      onConfirm={() => void archive(node)}
                      onCancel={() => openPanel(null)}
                    />
                  ) : null}
                </div>
                {isOpen && kids.length > 0 ? renderList(node.id, depth + 1) : null}
              </li>
            );
          })}
      </ul>
    );
  };

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
            value={query}
            maxLength={200}
            onChange={(event) => setQuery(event.target.value)}
            placeholder="Name or key"
            aria-describedby="tree-filter-result"
            className="block w-64 max-w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm"
          />
        </div>
        <button
          type="button"
          onClick={() => setExpanded(new Set(containers.map((node) => node.id)))}
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100"
        >
          Expand all
        </button>
        <button
          type="button"
          onClick={() => setExpanded(new Set())}
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
              ? `Nothing matches “${query.trim()}”.`
              : `${filter.matches.size} ${filter.matches.size === 1 ? 'node matches' : 'nodes match'}; their sections are opened.`
            : null}
        </p>
        <p aria-live="polite" role="status" className="min-h-5 text-sm" data-testid="tree-status">
          {announcement ? (
            <span className={announcement.ok ? 'text-green-800' : 'text-red-700'}>{announcement.text}</span>
          ) : null}
        </p>
      </div>
      {localNodes.length === 0 ? (
        <p className="text-sm text-slate-600">This framework has no nodes yet. Add an area below.</p>
      ) : (
        renderList(null, 0)
      )}
    </div>
  );
}

function ArchiveConfirm({
  node,
  skills,
  busy,
  onConfirm,
  onCancel,
}: {
  node: EditableNode;
  skills: number | undefined;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), []);
  const questionId = `archive-question-${node.id}`;
  return (
    <div
      className="flex max-w-xl flex-wrap items-center gap-2 rounded-md border border-red-200 bg-red-50 p-3"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <p id={questionId} className="text-sm text-slate-900">
        {node.kind === 'skill'
          ? `Archive ${node.name}? It leaves /assess; its ratings are kept.`
          : `Archive ${node.name} and everything under it${skills ? ` (${skills} skills)` : ''}? Ratings are kept.`}
      </p>
      <button
        ref={confirmRef}
        type="button"
        aria-describedby={questionId}
        aria-disabled={busy || undefined}
        onClick={busy ? undefined : onConfirm}
        className="rounded-md bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800 aria-disabled:opacity-60"
      >
        {busy ? 'Archiving…' : 'Archive'}
      </button>
      <button type="button" onClick={onCancel} className="rounded-md px-3 py-1.5 text-sm text-slate-700 hover:bg-white">
        Cancel
      </button>
    </div>
  );
}
