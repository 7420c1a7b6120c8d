'use client';

import clsx from 'clsx';
import type { LevelInfo } from '@/lib/assessments/assessment-data';
import type { RatingValue } from '@/lib/assessments/rating-value';

/**
 * A skill's scale as one native radio group (screen readers announce it as
 * one): every level as "digit name", then "n/a". On a phone it is a
 * two-column grid, so the names show there too and wrap when long.
 */
export function RatingScale({
  name,
  labelledBy,
  levels,
  selected,
  readOnly,
  onSelect,
}: {
  /** The radio group's name, unique on the page. */
  name: string;
  labelledBy: string;
  levels: readonly LevelInfo[];
  /** The chosen level, 'na', or null when not rated. */
  selected: number | 'na' | null;
  readOnly: boolean;
  onSelect: (patch: Pick<RatingValue, 'level' | 'notApplicable'>) => void;
}) {
  const option = (checked: boolean, checkedTone: string) =>
    clsx(
      'flex min-w-0 cursor-pointer items-center gap-1.5 rounded-md border px-2.5 py-1.5 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-600',
      checked ? checkedTone : 'border-slate-300 bg-white text-slate-800 hover:bg-slate-100',
      readOnly && 'cursor-not-allowed opacity-70',
    );
  return (
    <div
      role="radiogroup"
      aria-labelledby={labelledBy}
      className="grid w-full grid-cols-2 gap-1.5 sm:flex sm:w-auto sm:flex-wrap sm:items-center"
    >
      {levels.map((level) => (
        <label
          key={level.level}
          title={`${level.name}: ${level.descriptor}`}
          className={option(selected === level.level, 'border-brand-700 bg-brand-700 text-white')}
        >
          <input
            type="radio"
            className="sr-only"
            name={name}
            value={level.level}
            checked={selected === level.level}
            disabled={readOnly}
            onChange={() => onSelect({ level: level.level, notApplicable: false })}
          />
          <span className="font-semibold tabular-nums">{level.level}</span>{' '}
          {/* A framework's own level names can be long: they wrap inside the button. */}
          <span className="min-w-0 [overflow-wrap:anywhere]">{level.name}</span>
        </label>
      ))}
      <label
        title="Not applicable to my work"
        className={option(selected === 'na', 'border-slate-700 bg-slate-700 text-white')}
      >
        <input
          type="radio"
          className="sr-only"
          name={name}
          value="na"
          checked={selected === 'na'}
          disabled={readOnly}
          onChange={() => onSelect({ level: null, notApplicable: true })}
        />
        n/a
      </label>
    </div>
  );
}
