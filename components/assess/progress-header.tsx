'use client';

import { completionBreakdown, percentDone } from '@/lib/assessments/completion-rule';
import type { QueueState } from './save-queue';
import { SaveStatus } from './save-status';

/**
 * The sticky bar: how much is done, and whether every change has reached the
 * server. Done = rated in this cycle + carried over and confirmed; the ones
 * still to confirm are counted apart and are not done.
 */
export function ProgressHeader({
  done,
  rated,
  confirmed,
  toConfirm,
  total,
  queue,
  readOnly,
  onRetry,
  onDiscard,
}: {
  done: number;
  rated: number;
  confirmed: number;
  toConfirm: number;
  total: number;
  queue: QueueState;
  readOnly: boolean;
  onRetry: () => void;
  onDiscard: () => void;
}) {
  const percent = percentDone({ done, total });
  return (
    <div className="sticky top-0 z-10 -mx-4 space-y-2 border-b border-slate-200 bg-slate-50/95 px-4 py-3 backdrop-blur">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm font-medium text-slate-800">
          <span data-testid="progress-count">
            {done} of {total}
          </span>{' '}
          skills done ({percent}%)
          {confirmed > 0 || toConfirm > 0 ? (
            <span data-testid="progress-breakdown" className="font-normal text-slate-700">
              {' '}
              · {completionBreakdown({ rated, confirmed, toConfirm: 0 })}
            </span>
          ) : null}
          {toConfirm > 0 ? (
            <span data-testid="progress-to-confirm" className="font-normal text-slate-700">
              {' '}
              · {toConfirm} carried over from last cycle to confirm
            </span>
          ) : null}
        </p>
        <SaveStatus state={queue} readOnly={readOnly} onRetry={onRetry} onDiscard={onDiscard} />
      </div>
      <div
        role="progressbar"
        aria-label="Assessment progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={`${done} of ${total} skills done${toConfirm > 0 ? `, ${toConfirm} to confirm` : ''}`}
        className="h-2 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full rounded-full bg-brand-600 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
