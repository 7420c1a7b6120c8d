'use client';

import type { SectionInfo } from '@/lib/assessments/assessment-data';
import { shortcutFor } from './assessment-state';

/** Shown after `g`: every section with the key that jumps there. */
export function JumpDialog({ sections, onJump }: { sections: readonly SectionInfo[]; onJump: (key: string) => void }) {
  return (
    <div role="dialog" aria-label="Go to section" className="rounded-lg border border-brand-600 bg-white p-3 shadow-lg">
      <p className="text-sm font-medium">Go to section: press its key (Esc to cancel)</p>
      <ul className="mt-2 grid gap-1 text-sm sm:grid-cols-2 lg:grid-cols-3">
        {sections.map((candidate, index) => (
          <li key={candidate.id}>
            <button type="button" className="text-left hover:underline" onClick={() => onJump(candidate.key)}>
              <kbd className="mr-2 rounded border border-slate-300 px-1 font-mono text-xs">
                {shortcutFor(index) ?? '·'}
              </kbd>
              {candidate.name}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
