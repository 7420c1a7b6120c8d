'use client';

import clsx from 'clsx';
import { memo, useCallback, useEffect, useId, useState } from 'react';
import type { LevelInfo, SkillInfo } from '@/lib/assessments/assessment-data';
import { NOTE_MAX_LENGTH, type RatingValue } from '@/lib/assessments/rating-value';
import { useDescription } from './descriptions';
import { EvidenceEditor, useEvidence } from './evidence-links';
import { RatingScale } from './rating-scale';

export interface SkillRowProps {
  skill: SkillInfo;
  value: RatingValue | undefined;
  levels: LevelInfo[];
  active: boolean;
  readOnly: boolean;
  registerRow: (skillId: string, element: HTMLDivElement | null) => void;
  onFocusRow: (skillId: string) => void;
  onChange: (
    skillId: string,
    patch: Partial<Pick<RatingValue, 'level' | 'notApplicable' | 'interest' | 'note'>>,
  ) => void;
  /** Confirms the carried-over value as still true. */
  onConfirm: (skillId: string) => void;
}

/**
 * One skill: the scale as a native radio group (so screen readers announce it
 * as one), "n/a", the interest toggle and a note that opens on demand. The
 * row itself is the focus target of the page's keyboard shortcuts.
 */
export const SkillRow = memo(function SkillRow({
  skill,
  value,
  levels,
  active,
  readOnly,
  registerRow,
  onFocusRow,
  onChange,
  onConfirm,
}: SkillRowProps) {
  const id = useId();
  const nameId = `${id}-name`;
  const descriptionId = `${id}-description`;
  const description = useDescription(skill.id);
  const evidence = useEvidence(skill.id);
  const noteId = `${id}-note`;
  const [noteOpen, setNoteOpen] = useState(Boolean(value?.note));
  const [draft, setDraft] = useState(value?.note ?? '');
  const savedNote = value?.note ?? '';
  // Stable, so that memo() keeps the other rows of the section from re-rendering on every key press.
  const rowRef = useCallback(
    (element: HTMLDivElement | null) => registerRow(skill.id, element),
    [registerRow, skill.id],
  );

  // A value from the server or another tab replaces the draft unless the user is typing.
  useEffect(() => {
    setDraft((current) => (document.activeElement?.id === noteId ? current : savedNote));
  }, [savedNote, noteId]);

  const commitNote = useCallback(() => {
    const next = draft.trim();
    if (next !== savedNote) onChange(skill.id, { note: next === '' ? null : next });
  }, [draft, savedNote, onChange, skill.id]);

  // Saved a moment after typing stops too, not only on leaving the field: closing the tab mid-note loses nothing.
  useEffect(() => {
    if (readOnly || draft.trim() === savedNote) return;
    const timer = window.setTimeout(commitNote, 1200);
    return () => window.clearTimeout(timer);
  }, [draft, savedNote, readOnly, commitNote]);

  const selected = value?.notApplicable ? 'na' : (value?.level ?? null);

  return (
    <div
      ref={rowRef}
      tabIndex={active ? 0 : -1}
      role="group"
      aria-labelledby={nameId}
      aria-describedby={description ? descriptionId : undefined}
      data-skill-id={skill.id}
      data-active={active || undefined}
      onFocus={() => onFocusRow(skill.id)}
      className={clsx(
        'scroll-mt-24 rounded-lg border p-3 outline-none transition-colors focus-visible:ring-2 focus-visible:ring-brand-600 sm:p-4',
        active ? 'border-brand-600 bg-brand-50' : 'border-slate-200 bg-white',
      )}
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0 flex-1">
          <p id={nameId} className="font-medium text-slate-900">
            {skill.name}
            {value?.carriedOver && value.confirmed ? (
              <span className="ml-2 inline-block rounded bg-emerald-100 px-1.5 py-0.5 align-middle text-xs font-medium text-emerald-900">
                carried over · confirmed
              </span>
            ) : value?.carriedOver ? (
              <span className="ml-2 inline-block rounded bg-amber-100 px-1.5 py-0.5 align-middle text-xs font-medium text-amber-900">
                carried over · to confirm
              </span>
            ) : null}
          </p>
          {value?.carriedOver && !value.confirmed && !readOnly ? (
            <button
              type="button"
              onClick={() => onConfirm(skill.id)}
              className="mt-1 rounded border border-brand-600 px-1.5 py-0.5 text-xs font-medium text-brand-700 hover:bg-brand-50"
              aria-label={`Confirm ${skill.name} as still true`}
            >
              Confirm
            </button>
          ) : null}
          {description ? (
            <p id={descriptionId} className="text-sm text-slate-600">
              {description}
            </p>
          ) : null}
        </div>
        <button
          type="button"
          aria-pressed={value?.interest ?? false}
          disabled={readOnly}
          onClick={() => onChange(skill.id, { interest: !(value?.interest ?? false) })}
          className={clsx(
            'rounded-full border px-3 py-1 text-xs font-medium disabled:cursor-not-allowed disabled:opacity-60',
            value?.interest
              ? 'border-brand-600 bg-brand-600 text-white'
              : 'border-slate-300 text-slate-700 hover:bg-slate-100',
          )}
        >
          {value?.interest ? '★ I want to grow here' : '☆ I want to grow here'}
        </button>
      </div>

      <div className="mt-3 flex flex-wrap items-center gap-1.5">
        <RatingScale
          name={`${id}-level`}
          labelledBy={nameId}
          levels={levels}
          selected={selected}
          readOnly={readOnly}
          onSelect={(patch) => onChange(skill.id, patch)}
        />
        <button
          type="button"
          aria-expanded={noteOpen}
          aria-controls={noteId}
          onClick={() => setNoteOpen((open) => !open)}
          className="ml-auto rounded-md px-2 py-1 text-sm text-brand-700 underline-offset-2 hover:underline"
        >
          {noteOpen ? 'Hide note' : value?.note ? 'Note (1)' : 'Add note'}
        </button>
      </div>

      {noteOpen ? (
        <div className="mt-2">
          <label htmlFor={noteId} className="sr-only">
            Note on {skill.name}
          </label>
          <textarea
            id={noteId}
            value={draft}
            maxLength={NOTE_MAX_LENGTH}
            readOnly={readOnly}
            rows={2}
            onChange={(event) => setDraft(event.target.value)}
            onBlur={commitNote}
            onKeyDown={(event) => {
              if (event.key === 'Escape') event.currentTarget.blur();
            }}
            placeholder="Optional: context, evidence, what you would like to learn"
            className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
          />
          <p className="mt-1 text-xs text-slate-600">
            {draft.length}/{NOTE_MAX_LENGTH} · saved as you type
          </p>
        </div>
      ) : null}

      {evidence ? (
        <EvidenceEditor
          cycleId={evidence.cycleId}
          skillId={skill.id}
          skillName={skill.name}
          initial={evidence.links}
          readOnly={readOnly}
        />
      ) : null}
    </div>
  );
});
