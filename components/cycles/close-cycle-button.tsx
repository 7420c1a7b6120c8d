'use client';

import { useActionState } from 'react';
import type { ActionResult } from '@/lib/actions/result';
import { closeCycleAction } from '@/lib/cycles/actions';

/** Asks before closing; an admin can reopen it afterwards (ReopenCycleButton). */
export function CloseCycleButton({ cycleId, name }: { cycleId: string; name: string }) {
  const [state, formAction, pending] = useActionState<ActionResult | null, FormData>(closeCycleAction, null);
  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        if (!window.confirm(`Close “${name}”? Its ratings become read-only.`)) event.preventDefault();
      }}
      className="flex items-center gap-2"
    >
      <input type="hidden" name="cycleId" value={cycleId} />
      <button
        type="submit"
        disabled={pending}
        className="rounded-md border border-red-300 px-2.5 py-1 text-sm text-red-800 hover:bg-red-50 disabled:opacity-50"
        aria-label={`Close ${name}`}
      >
        {pending ? 'Closing…' : 'Close'}
      </button>
      {state && !state.ok ? (
        <span role="alert" className="text-sm text-red-700">
          {state.error}
        </span>
      ) : null}
    </form>
  );
}
