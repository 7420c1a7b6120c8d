'use client';

import { useEffect, useRef } from 'react';
import type { EditableNode } from '@/lib/frameworks/edit';

/** "Archive this node?" in place, with focus on the confirming button and Esc to cancel. */
export function ArchiveConfirm({
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
