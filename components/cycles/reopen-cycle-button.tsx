'use client';

import { useActionState } from 'react';
import type { ActionResult } from '@/lib/actions/result';
import { reopenCycleAction } from '@/lib/cycles/actions';

/** Undoes a close: the cycle's ratings can change again (recorded in the audit log). */
export function ReopenCycleButton({ cycleId, name }: { cycleId: string; name: string }) {
  const [state, formAction, pending] = useActionState<ActionResult | null, FormData>(reopenCycleAction, null);
  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        if (!window.confirm(`Reopen “${name}”? Members can change its ratings again until you close it.`))
          event.preventDefault();
      }}
      className="flex flex-wrap items-center gap-2"
    >
      <input type="hidden" name="cycleId" value={cycleId} />
      <button
        type="submit"
        disabled={pending}
        className="rounded-md border border-slate-300 px-2.5 py-1 text-sm text-slate-800 hover:bg-slate-100 disabled:opacity-50"
        aria-label={`Reopen ${name}`}
      >
        {pending ? 'Reopening…' : 'Reopen'}
      </button>
      {state ? (
        <span
          role={state.ok ? 'status' : 'alert'}
          className={state.ok ? 'text-sm text-green-800' : 'text-sm text-red-700'}
        >
          {state.ok ? state.message : state.error}
        </span>
      ) : null}
    </form>
  );
}
