import clsx from 'clsx';
import type { BoardSection } from '@/lib/insight/calibration-board';
import { reviewedCount, type ManagerValues } from './values';

/** One button per section with its reviewed count; the current one is marked as the step. */
export function SectionNav({
  sections,
  sectionIndex,
  values,
  onPick,
}: {
  sections: readonly BoardSection[];
  sectionIndex: number;
  values: ManagerValues;
  onPick: (index: number) => void;
}) {
  return (
    <nav aria-label="Sections" className="overflow-x-auto">
      <ul className="flex flex-wrap gap-1 text-sm">
        {sections.map((candidate, index) => {
          const count = reviewedCount(candidate, values);
          return (
            <li key={candidate.id}>
              <button
                type="button"
                onClick={() => onPick(index)}
                aria-current={index === sectionIndex ? 'step' : undefined}
                className={clsx(
                  'rounded-full border px-3 py-1',
                  index === sectionIndex
                    ? 'border-brand-600 bg-brand-50 font-semibold'
                    : 'border-slate-300 hover:bg-slate-100',
                )}
              >
                {candidate.name}{' '}
                <span className="tabular-nums text-slate-600">
                  {count}/{candidate.skills.length}
                  {count === candidate.skills.length ? ' ✓' : ''}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
