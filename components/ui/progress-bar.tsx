import clsx from 'clsx';
import { percentDone } from '@/lib/assessments/completion-rule';

/**
 * A progress bar that reads the same at 0 % as at 100 %: a visible track
 * (with an outline, so an empty bar is not mistaken for a missing one) and the
 * percentage written beside it, so the number never depends on colour or on
 * the fill alone.
 */
export function ProgressBar({
  value,
  max,
  label,
  valueText,
  className,
}: {
  value: number;
  max: number;
  /** The accessible name, e.g. "Your assessment progress". */
  label: string;
  /** What a screen reader says, e.g. "12 of 320 skills rated"; the percentage when omitted. */
  valueText?: string;
  className?: string;
}) {
  const clamped = Math.min(Math.max(value, 0), Math.max(max, 0));
  // The one rule for a percentage of work done: 319 of 320 never reads as 100 %.
  const percent = percentDone({ done: clamped, total: max });
  return (
    <div className={clsx('flex items-center gap-2', className)}>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={clamped}
        aria-valuetext={valueText ?? `${percent} %`}
        className="h-2.5 min-w-16 flex-1 overflow-hidden rounded-full bg-slate-200 ring-1 ring-slate-400 ring-inset"
      >
        <div className="h-full rounded-full bg-brand-600" style={{ width: `${percent}%` }} />
      </div>
      <span className="w-12 shrink-0 text-right text-sm tabular-nums text-slate-700" aria-hidden="true">
        {percent} %
      </span>
    </div>
  );
}
