'use client';

import type { QueueState } from './save-queue';

/** The per-page autosave state, announced politely to screen readers. */
export function SaveStatus({
  state,
  readOnly,
  onRetry,
  onDiscard,
}: {
  state: QueueState;
  readOnly: boolean;
  onRetry: () => void;
  onDiscard: () => void;
}) {
  const plural = (n: number) => (n === 1 ? '1 change' : `${n} changes`);
  let text: string;
  let tone = 'text-slate-600';
  if (readOnly) text = 'Read-only: this cycle is closed';
  else if (state.status === 'saving') text = 'Saving…';
  else if (state.status === 'offline') {
    text = `Offline — ${plural(state.pending)} pending`;
    tone = 'text-amber-800';
  } else if (state.status === 'error') {
    text = `${plural(state.pending)} not saved: ${state.error ?? 'the server refused them'}`;
    tone = 'text-red-700';
  } else text = 'All changes saved';

  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <p role="status" aria-live="polite" data-testid="save-status" className={tone}>
        {text}
      </p>
      {state.status === 'error' ? (
        <>
          <button type="button" onClick={onRetry} className="rounded px-2 py-0.5 text-brand-700 underline">
            Retry
          </button>
          <button type="button" onClick={onDiscard} className="rounded px-2 py-0.5 text-red-700 underline">
            Discard
          </button>
        </>
      ) : null}
    </div>
  );
}
