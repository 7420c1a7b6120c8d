'use client';

import clsx from 'clsx';
import type { EditableNode } from '@/lib/frameworks/edit';
import type { PanelMode } from './tree-state';

/** Keeps the action column aligned where a node has no "up" or "down" (first or last among its siblings). */
const placeholder = 'invisible hidden items-center gap-1 rounded px-2 py-1 text-sm sm:inline-flex';

const smallButton =
  'inline-flex items-center gap-1 rounded px-2 py-1 text-sm text-slate-700 hover:bg-slate-100 aria-disabled:cursor-wait aria-disabled:opacity-60';

/** A node's buttons: restore when archived; otherwise move up/down, edit, add inside, archive. */
export function NodeControls({
  node,
  canMoveUp,
  canMoveDown,
  canAdd,
  active,
  busy,
  onMove,
  onRestore,
  onPanel,
}: {
  node: EditableNode;
  canMoveUp: boolean;
  canMoveDown: boolean;
  canAdd: boolean;
  active: PanelMode | null;
  busy: boolean;
  onMove: (direction: 'up' | 'down') => void;
  onRestore: () => void;
  /** Opens the given form, or closes it when it is the open one. */
  onPanel: (mode: PanelMode) => void;
}) {
  const label = <span className="sr-only"> {node.name}</span>;
  if (node.archived) {
    return (
      <div className="flex flex-wrap items-center gap-0.5 sm:ml-auto sm:justify-end">
        <button
          type="button"
          data-control="restore"
          aria-disabled={busy || undefined}
          onClick={busy ? undefined : onRestore}
          className={smallButton}
        >
          Restore{label}
        </button>
      </div>
    );
  }
  return (
    <div className="flex flex-wrap items-center gap-0.5 sm:ml-auto sm:justify-end">
      {canMoveUp ? (
        <button
          type="button"
          data-control="up"
          aria-disabled={busy || undefined}
          onClick={() => onMove('up')}
          className={smallButton}
        >
          <span aria-hidden="true">↑</span> Move{label} up
        </button>
      ) : (
        <span aria-hidden="true" className={placeholder}>
          ↑ Move up
        </span>
      )}
      {canMoveDown ? (
        <button
          type="button"
          data-control="down"
          aria-disabled={busy || undefined}
          onClick={() => onMove('down')}
          className={smallButton}
        >
          <span aria-hidden="true">↓</span> Move{label} down
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
        onClick={() => onPanel('edit')}
        className={smallButton}
      >
        Edit{label}
      </button>
      {canAdd ? (
        <button
          type="button"
          data-control="add"
          aria-expanded={active === 'add'}
          onClick={() => onPanel('add')}
          className={smallButton}
        >
          Add inside{label}
        </button>
      ) : null}
      <button
        type="button"
        data-control="archive"
        aria-expanded={active === 'archive'}
        onClick={() => onPanel('archive')}
        className={clsx(smallButton, 'text-red-800 hover:bg-red-50')}
      >
        Archive{label}
      </button>
    </div>
  );
}
