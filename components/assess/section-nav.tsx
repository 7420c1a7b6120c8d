'use client';

import clsx from 'clsx';
import type { AreaInfo, SectionInfo } from '@/lib/assessments/assessment-data';
import type { CompletionCounts } from '@/lib/assessments/completion-rule';
import { progressOf, shortcutFor, skillIdsOf, type Values } from './assessment-state';
import { KeyboardHelp } from './keyboard-help';

/** The sections by area with their progress; on small screens folded behind one button. */
export function SectionNav({
  areas,
  sections,
  current,
  values,
  optionalSections,
  navOpen,
  helpOpen,
  onToggleNav,
  onHelpToggle,
  onGoTo,
}: {
  areas: readonly AreaInfo[];
  sections: readonly SectionInfo[];
  current: SectionInfo;
  values: Values;
  optionalSections: ReadonlySet<string>;
  navOpen: boolean;
  helpOpen: boolean;
  onToggleNav: () => void;
  onHelpToggle: (open: boolean) => void;
  onGoTo: (key: string) => void;
}) {
  return (
    <nav
      aria-label="Sections"
      className="space-y-4 lg:sticky lg:top-24 lg:max-h-[calc(100vh-7rem)] lg:self-start lg:overflow-y-auto"
    >
      {/* On small screens the section list folds away behind one button, so the skills come first. */}
      <button
        type="button"
        aria-expanded={navOpen}
        aria-controls="assess-section-list"
        onClick={onToggleNav}
        className="flex w-full items-center justify-between rounded-md border border-slate-300 bg-white px-3 py-2 text-sm lg:hidden"
      >
        <span>
          Sections · <span className="font-medium">{current.name}</span>
        </span>
        <span aria-hidden="true">{navOpen ? '▴' : '▾'}</span>
      </button>
      <div id="assess-section-list" className={clsx('space-y-4', navOpen ? 'block' : 'hidden lg:block')}>
        {areas.map((area) => (
          <div key={area.id}>
            <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-500">{area.name}</h2>
            <ul className="mt-1 space-y-0.5">
              {area.sections.map((candidate) => (
                <SectionLink
                  key={candidate.id}
                  section={candidate}
                  shortcut={shortcutFor(sections.indexOf(candidate))}
                  current={candidate.key === current.key}
                  optional={optionalSections.has(candidate.id)}
                  progress={progressOf(values, skillIdsOf(candidate))}
                  onGoTo={onGoTo}
                />
              ))}
            </ul>
          </div>
        ))}
      </div>
      <KeyboardHelp open={helpOpen} onToggle={onHelpToggle} />
    </nav>
  );
}

function SectionLink({
  section,
  shortcut,
  current,
  optional,
  progress,
  onGoTo,
}: {
  section: SectionInfo;
  shortcut: string | null;
  current: boolean;
  optional: boolean;
  progress: CompletionCounts;
  onGoTo: (key: string) => void;
}) {
  return (
    <li>
      <a
        href={`?section=${encodeURIComponent(section.key)}`}
        aria-current={current ? 'page' : undefined}
        onClick={(event) => {
          event.preventDefault();
          onGoTo(section.key);
        }}
        className={clsx(
          'flex items-center justify-between gap-2 rounded-md px-2 py-1 text-sm',
          current ? 'bg-brand-100 font-medium text-brand-900' : 'text-slate-700 hover:bg-slate-100',
        )}
      >
        <span className="truncate">
          <kbd className="mr-1.5 font-mono text-xs text-slate-600">{shortcut ?? ''}</kbd>
          {section.name}
          {optional ? <span className="ml-1.5 text-xs font-normal text-slate-600">(optional)</span> : null}
        </span>
        <span
          className={clsx(
            'shrink-0 text-xs tabular-nums',
            // -800/-600: 4.5:1 on the current section's brand-100 background too.
            progress.done === progress.total ? 'text-green-800' : 'text-slate-600',
          )}
          aria-label={`${progress.done} of ${progress.total} done${progress.toConfirm > 0 ? `, ${progress.toConfirm} to confirm` : ''}`}
        >
          {progress.done}/{progress.total}
        </span>
      </a>
    </li>
  );
}
