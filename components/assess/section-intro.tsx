'use client';

import type { LevelInfo, SectionInfo } from '@/lib/assessments/assessment-data';
import { useDescription } from './descriptions';

/** The section's heading and description, with what the levels mean one click away. */
export function SectionIntro({
  section,
  index,
  count,
  optional,
  levels,
}: {
  section: SectionInfo;
  index: number;
  count: number;
  optional: boolean;
  levels: readonly LevelInfo[];
}) {
  const description = useDescription(section.id);
  return (
    <>
      <div className="space-y-1">
        <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">
          {section.areaName} · section {index + 1} of {count}
        </p>
        <h2 id="section-heading" className="text-xl font-semibold text-slate-900">
          {section.name}
        </h2>
        {optional ? (
          <p className="text-sm text-slate-600">
            Optional: no target in your role profile or team covers this section. Rate it if it is part of your work.
          </p>
        ) : null}
        {description ? <p className="text-sm text-slate-600">{description}</p> : null}
      </div>

      <details className="rounded-lg bg-white p-3 text-sm ring-1 ring-slate-200">
        <summary className="cursor-pointer font-medium text-slate-800">What the levels mean</summary>
        <dl className="mt-2 grid gap-1 sm:grid-cols-[auto_1fr] sm:gap-x-3">
          {levels.map((level) => (
            <div key={level.level} className="contents">
              <dt className="font-medium">
                {level.level} {level.name}
              </dt>
              <dd className="text-slate-600">{level.descriptor}</dd>
            </div>
          ))}
          <dt className="font-medium">n/a</dt>
          <dd className="text-slate-600">Not part of my work — different from 0.</dd>
        </dl>
      </details>
    </>
  );
}

/** Ratings carried over from the last cycle: confirm every one still waiting in the section in one action. */
export function CarriedOverBanner({ count, onConfirm }: { count: number; onConfirm: () => void }) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm">
      <p className="text-amber-900">
        {count} {count === 1 ? 'rating' : 'ratings'} in this section carried over from your last cycle{' '}
        {count === 1 ? 'waits' : 'wait'} for you: they count as done once you confirm or change them. Still true?
        Confirm them in one go, one by one (<kbd className="font-mono">c</kbd>), or change any of them.
      </p>
      <button
        type="button"
        onClick={onConfirm}
        className="rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700"
      >
        Confirm all unchanged in this section
      </button>
    </div>
  );
}

/** The previous and next sections, at the bottom of the list. */
export function SectionPager({
  previous,
  next,
  onGoTo,
}: {
  previous: SectionInfo | undefined;
  next: SectionInfo | undefined;
  onGoTo: (key: string) => void;
}) {
  return (
    <div className="flex flex-wrap justify-between gap-2 pt-2">
      {previous ? (
        <button type="button" className="text-sm text-brand-700 hover:underline" onClick={() => onGoTo(previous.key)}>
          ← {previous.name}
        </button>
      ) : (
        <span />
      )}
      {next ? (
        <button type="button" className="text-sm text-brand-700 hover:underline" onClick={() => onGoTo(next.key)}>
          {next.name} →
        </button>
      ) : null}
    </div>
  );
}
