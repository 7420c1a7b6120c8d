import type { ActionResult } from '@/lib/actions/result';

/**
 * The outcome of a form, announced politely: success messages and errors
 * both land in the same live region, which is always rendered so that screen
 * readers pick up changes.
 */
export function FormStatus({ state, className }: { state: ActionResult<unknown> | null; className?: string }) {
  return (
    <p aria-live="polite" className={className ?? 'text-sm'}>
      {state?.ok && state.message ? <span className="text-green-800">{state.message}</span> : null}
      {state && !state.ok ? <span className="text-red-700">{state.error}</span> : null}
    </p>
  );
}
