import type { SaveStatus } from './use-calibration-saves';

/** Overall progress and the save status, announced politely. */
export function CalibrationProgress({
  done,
  total,
  status,
  readOnly,
}: {
  done: number;
  total: number;
  status: SaveStatus;
  readOnly: boolean;
}) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <div className="min-w-48 flex-1">
        <p className="text-sm font-medium">
          Reviewed {done} of {total} self ratings
        </p>
        <progress
          className="h-2 w-full max-w-md accent-brand-600"
          max={Math.max(1, total)}
          value={done}
          aria-label={`Reviewed ${done} of ${total} self ratings`}
        />
      </div>
      <p role="status" aria-live="polite" className="text-sm">
        {status.kind === 'saving' ? (
          <span className="text-slate-600">Saving…</span>
        ) : status.kind === 'saved' ? (
          <span className="text-emerald-800">✓ {status.text}</span>
        ) : status.kind === 'error' ? (
          <span className="text-red-800">{status.text}</span>
        ) : readOnly ? (
          <span className="text-slate-600">Read-only.</span>
        ) : (
          <span className="text-slate-600">Every change is saved at once.</span>
        )}
      </p>
    </div>
  );
}
