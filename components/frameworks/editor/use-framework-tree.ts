'use client';

import { useCallback, useEffect, useMemo, useReducer, useRef, type RefObject } from 'react';
import type { ActionResult } from '@/lib/actions/result';
import type { EditableNode } from '@/lib/frameworks/edit';
import {
  archiveFrameworkNodeAction,
  moveFrameworkNodeAction,
  restoreFrameworkNodeAction,
} from '@/lib/frameworks/edit-actions';
import {
  childrenByParent,
  filterTree,
  initialTreeState,
  liveSkillCounts,
  moveTarget,
  treeReducer,
  type Panel,
} from './tree-state';

export type Control = 'up' | 'down' | 'edit' | 'add' | 'archive' | 'restore' | 'name';
/**
 * What gets focus once the tree shows the result of an action (the DOM may
 * not have it yet): the first of `controls` that exists on the node's row.
 */
type FocusTarget = { nodeId: string; controls: readonly Control[] };

/**
 * The editor tree's state and commands. Moves are optimistic (the list
 * reorders at once, the server confirms or the order snaps back) and keep
 * focus on the moved node's button; every outcome is announced in one polite
 * live region.
 */
export function useFrameworkTree(
  frameworkId: string,
  nodes: EditableNode[],
  /** The tree's root element: focus is restored inside it. */
  treeRef: RefObject<HTMLDivElement | null>,
) {
  const [state, dispatch] = useReducer(treeReducer, nodes, initialTreeState);
  // The server sent a new tree (after a change and revalidation): it replaces every optimistic change.
  if (nodes !== state.serverNodes) dispatch({ type: 'serverNodes', nodes });

  const childrenOf = useMemo(() => childrenByParent(state.nodes), [state.nodes]);
  const skillCounts = useMemo(() => liveSkillCounts(childrenOf), [childrenOf]);
  const filter = useMemo(() => filterTree(state.nodes, state.query), [state.nodes, state.query]);

  const focusTarget = useRef<FocusTarget | null>(null);
  // Read by the async commands, which outlive the render that started them.
  const busyRef = useRef(false);

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
  }, [treeRef]);

  // Runs after every render: the target may only appear once the server's new tree has arrived.
  useEffect(() => {
    applyFocus();
  });

  // Lets tests (and anyone scripting the page) wait until the buttons respond.
  useEffect(() => {
    treeRef.current?.setAttribute('data-tree-ready', '');
  }, [treeRef]);

  const announce = useCallback((result: ActionResult<unknown>, success?: string) => {
    dispatch({
      type: 'announce',
      announcement: result.ok
        ? { ok: true, text: [success, result.message].filter(Boolean).join(' ') }
        : { ok: false, text: result.error },
    });
  }, []);

  const run = useCallback(async (work: () => Promise<ActionResult<unknown>>): Promise<ActionResult<unknown>> => {
    busyRef.current = true;
    dispatch({ type: 'busy', busy: true });
    try {
      return await work();
    } catch {
      return { ok: false, error: 'Could not save. Check your connection and try again.' };
    } finally {
      busyRef.current = false;
      dispatch({ type: 'busy', busy: false });
    }
  }, []);

  const move = async (node: EditableNode, direction: 'up' | 'down') => {
    if (busyRef.current) {
      dispatch({ type: 'announce', announcement: { ok: false, text: 'Still saving the previous change…' } });
      return;
    }
    const target = moveTarget(childrenOf, node, direction);
    if (!target) return;
    const before = state.nodes;
    dispatch({ type: 'swap', a: node.id, b: target.other.id });
    // A node moved to the top has no "up" button any more: the other direction keeps the place.
    const controls: Control[] = [direction, direction === 'up' ? 'down' : 'up', 'edit'];
    focusTarget.current = { nodeId: node.id, controls };
    const result = await run(() => moveFrameworkNodeAction({ frameworkId, nodeId: node.id, direction }));
    if (!result.ok) dispatch({ type: 'setNodes', nodes: before });
    focusTarget.current = { nodeId: node.id, controls };
    const position = target.index + (direction === 'up' ? 0 : 2);
    announce(result, `Moved ${node.name} ${direction}, now ${position} of ${target.count}.`);
  };

  const archive = async (node: EditableNode) => {
    const result = await run(() => archiveFrameworkNodeAction({ frameworkId, nodeId: node.id }));
    if (result.ok) {
      // Shown at once; the server's refreshed tree (with the subtree archived too) follows.
      dispatch({ type: 'setArchived', nodeId: node.id, archived: true });
      dispatch({ type: 'panel', panel: null });
    }
    focusTarget.current = { nodeId: node.id, controls: result.ok ? ['restore'] : ['archive'] };
    announce(result, result.ok ? `Archived ${node.name}.` : undefined);
  };

  const restore = async (node: EditableNode) => {
    const result = await run(() => restoreFrameworkNodeAction({ frameworkId, nodeId: node.id }));
    if (result.ok) dispatch({ type: 'setArchived', nodeId: node.id, archived: false });
    focusTarget.current = { nodeId: node.id, controls: result.ok ? ['edit'] : ['restore'] };
    announce(result, result.ok ? `Restored ${node.name}.` : undefined);
  };

  const openPanel = (next: Panel | null) => {
    const current = state.panel;
    // Closing returns focus to the button that opened the panel.
    if (!next && current) focusTarget.current = { nodeId: current.nodeId, controls: [current.mode, 'name'] };
    dispatch({ type: 'panel', panel: next });
  };

  /** A node was added inside `parentId`: open the parent, close the form, focus the new node. */
  const added = useCallback(
    (parentId: string, result: ActionResult<unknown>) => {
      announce(result);
      dispatch({ type: 'expand', nodeId: parentId });
      const nodeId = result.ok ? (result.data as { nodeId?: string } | undefined)?.nodeId : undefined;
      if (nodeId) focusTarget.current = { nodeId, controls: ['edit'] };
      dispatch({ type: 'panel', panel: null });
    },
    [announce],
  );

  return {
    state,
    childrenOf,
    skillCounts,
    filter,
    announce,
    move,
    archive,
    restore,
    openPanel,
    added,
    toggle: useCallback((nodeId: string) => dispatch({ type: 'toggle', nodeId }), []),
    expandAll: useCallback(() => dispatch({ type: 'expandAll' }), []),
    collapseAll: useCallback(() => dispatch({ type: 'collapseAll' }), []),
    setQuery: useCallback((query: string) => dispatch({ type: 'query', query }), []),
  };
}

export type FrameworkTreeModel = ReturnType<typeof useFrameworkTree>;
