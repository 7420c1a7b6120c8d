'use client';

import type { QueueState } from './save-queue';
import { SaveStatus } from './save-status';

/** The sticky bar: how much is rated, and whether every change has reached the server. */
export function ProgressHeader({
  rated,
  total,
  queue,
  readOnly,
  onRetry,
  onDiscard,
}: {
  rated: number;
  total: number;
  queue: QueueState;
  readOnly: boolean;
  onRetry: () => void;
  onDiscard: () => void;
}) {
  const percent = total === 0 ? 0 : Math.round((rated / total) * 100);
  return (
    <div className="sticky top-0 z-10 -mx-4 space-y-2 border-b border-slate-200 bg-slate-50/95 px-4 py-3 backdrop-blur">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm font-medium text-slate-800">
          <span data-testid="progress-count">
            {rated} of {total}
          </span>{' '}
          skills rated ({percent}%)
        </p>
        <SaveStatus state={queue} readOnly={readOnly} onRetry={onRetry} onDiscard={onDiscard} />
      </div>
      <div
        role="progressbar"
        aria-label="Assessment progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={rated}
        aria-valuetext={`${rated} of ${total} skills rated`}
        className="h-2 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full rounded-full bg-brand-600 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
