'use client';

import { useId, useState } from 'react';
import { useActionForm } from '@/components/ui/use-action-form';
import type { ActionResult } from '@/lib/actions/result';

type Action = (state: unknown, formData: FormData) => Promise<ActionResult<unknown>>;

/**
 * One node's target: a level select and a Save button (a select alone would
 * submit on every arrow-key press). The hidden fields say whose target it is
 * (profileId or teamId) and on which node.
 */
export function TargetLevelForm({
  action,
  fields,
  nodeId,
  nodeName,
  own,
  maxLevel,
}: {
  action: Action;
  fields: Record<string, string>;
  nodeId: string;
  nodeName: string;
  own: number | null;
  maxLevel: number;
}) {
  const [value, setValue] = useState(own === null ? '' : String(own));
  // Through the shared hook, not `action`: React's automatic reset after a form action puts a <select> back
  // to its first option without telling its state, so the saved level would show as "—".
  const { state, pending, formProps } = useActionForm(action);
  const selectId = useId();
  const saved = own === null ? '' : String(own);
  return (
    <form {...formProps} className="flex flex-wrap items-center gap-2">
      {Object.entries(fields).map(([name, fieldValue]) => (
        <input key={name} type="hidden" name={name} value={fieldValue} />
      ))}
      <input type="hidden" name="nodeId" value={nodeId} />
      <label htmlFor={selectId} className="sr-only">
        Target level for {nodeName}
      </label>
      <select
        id={selectId}
        name="level"
        value={value}
        onChange={(event) => setValue(event.target.value)}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
      >
        <option value="">—</option>
        {Array.from({ length: maxLevel + 1 }, (_, level) => (
          <option key={level} value={String(level)}>
            {level}
          </option>
        ))}
      </select>
      {/* Compact on purpose: a tree of hundreds of rows; the shared Button's padding is for forms. */}
      <button
        type="submit"
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm font-medium text-slate-900 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-600 disabled:cursor-not-allowed disabled:text-slate-400"
        disabled={pending || value === saved}
        aria-label={`Save target for ${nodeName}`}
      >
        {pending ? 'Saving…' : 'Save'}
      </button>
      <span aria-live="polite" className="text-xs">
        {state && !state.ok ? <span className="text-red-700">{state.error}</span> : null}
        {state?.ok && !pending ? <span className="text-green-800">Saved</span> : null}
      </span>
    </form>
  );
}
