'use client';

import clsx from 'clsx';
import { useCallback, useEffect, useMemo, useRef, useState, useTransition } from 'react';
import { EvidenceLinkList } from '@/components/assess/evidence-list';
import { Button } from '@/components/ui/button';
import type { ActionResult } from '@/lib/actions/result';
import { agreeWithSectionAction, saveManagerRatingAction } from '@/lib/insight/actions';
import type { BoardSection } from '@/lib/insight/calibration-board';

interface ManagerValue {
  level: number | null;
  notApplicable: boolean;
  note: string | null;
}

interface Props {
  cycleId: string;
  membershipId: string;
  memberName: string;
  sections: readonly BoardSection[];
  levels: readonly { level: number; name: string }[];
  /** Closed cycle or one's own ratings: shown, not changed. */
  readOnly: boolean;
  noteMax: number;
  /** Differences of this many levels or more are flagged. */
  flagGap: number;
}

type Status = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; text: string } | { kind: 'error'; text: string };

const reviewed = (value: ManagerValue | undefined) => Boolean(value && (value.level !== null || value.notApplicable));

function levelText(level: number | null, notApplicable: boolean): string {
  if (notApplicable) return 'n/a';
  return level === null ? '—' : String(level);
}

function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement)
    return true;
  return target instanceof HTMLInputElement && !['radio', 'checkbox', 'button', 'submit'].includes(target.type);
}

/**
 * Calibration the way /assess works: one section at a time, one key per
 * skill (0–4 rate and move on, n for n/a, j/k or arrows to move), every
 * change saved at once (in order, one request at a time), "agree with the
 * self ratings" for the whole section, and progress per section and overall.
 */
export function CalibrationBoard({
  cycleId,
  membershipId,
  memberName,
  sections,
  levels,
  readOnly,
  noteMax,
  flagGap,
}: Props) {
  const [values, setValues] = useState<Record<string, ManagerValue>>(() => {
    const initial: Record<string, ManagerValue> = {};
    for (const section of sections) {
      for (const skill of section.skills) {
        initial[skill.skillId] = {
          level: skill.managerLevel,
          notApplicable: skill.managerNotApplicable,
          note: skill.managerNote,
        };
      }
    }
    return initial;
  });
  // The keyboard handler and the queued saves read the latest values without re-subscribing.
  const valuesRef = useRef(values);
  useEffect(() => {
    valuesRef.current = values;
  }, [values]);
  const firstOpen = sections.findIndex((section) => section.skills.some((skill) => !reviewed(values[skill.skillId])));
  const [sectionIndex, setSectionIndex] = useState(Math.max(0, firstOpen));
  const section = sections[sectionIndex];
  const [activeId, setActiveId] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [agreeing, startAgree] = useTransition();
  const queue = useRef<Promise<void>>(Promise.resolve());
  const pending = useRef(0);
  const rowRefs = useRef(new Map<string, HTMLLIElement>());
  const maxLevel = levels.at(-1)?.level ?? 4;

  /** Set when the focus should follow the active row once it is rendered (a new section's rows). */
  const focusAfterRender = useRef(false);

  const focusSkill = useCallback((skillId: string) => {
    setActiveId(skillId);
    rowRefs.current.get(skillId)?.focus();
  }, []);

  const goToSection = useCallback(
    (index: number) => {
      const target = sections[index];
      if (!target) return;
      focusAfterRender.current = true;
      setSectionIndex(index);
      setActiveId(target.skills[0]?.skillId ?? null);
    },
    [sections],
  );

  useEffect(() => {
    if (!focusAfterRender.current || !activeId) return;
    focusAfterRender.current = false;
    rowRefs.current.get(activeId)?.focus();
  }, [activeId, sectionIndex]);

  /** Saves one skill; changes go out one at a time, in the order they were made. */
  const save = useCallback(
    (skillId: string, next: ManagerValue, previous: ManagerValue | undefined, skillName: string) => {
      setValues((current) => ({ ...current, [skillId]: next }));
      pending.current += 1;
      setStatus({ kind: 'saving' });
      queue.current = queue.current.then(async () => {
        let result: ActionResult<unknown>;
        try {
          result = await saveManagerRatingAction({
            cycleId,
            membershipId,
            skillId,
            level: next.notApplicable ? null : next.level,
            notApplicable: next.notApplicable,
            note: next.note ?? '',
          });
        } catch {
          result = { ok: false, error: 'The server could not be reached.' };
        }
        pending.current -= 1;
        if (!result.ok) {
          // Put back what the server still has, and say what went wrong.
          setValues((current) => ({
            ...current,
            [skillId]: previous ?? { level: null, notApplicable: false, note: null },
          }));
          setStatus({ kind: 'error', text: `${skillName}: not saved. ${result.error}` });
          return;
        }
        if (pending.current === 0) setStatus({ kind: 'saved', text: 'All changes saved.' });
      });
    },
    [cycleId, membershipId],
  );

  const skills = useMemo(() => section?.skills ?? [], [section]);

  const advance = useCallback(
    (from: string, step: 1 | -1, crossSections: boolean) => {
      const index = skills.findIndex((skill) => skill.skillId === from);
      const target = skills[index + step];
      if (target) return focusSkill(target.skillId);
      if (crossSections) goToSection(sectionIndex + step);
    },
    [skills, focusSkill, goToSection, sectionIndex],
  );

  const rate = useCallback(
    (skillId: string, level: number | null, notApplicable: boolean) => {
      const skill = skills.find((candidate) => candidate.skillId === skillId);
      if (!skill || readOnly) return;
      const previous = valuesRef.current[skillId];
      save(skillId, { level, notApplicable, note: previous?.note ?? null }, previous, skill.skillName);
    },
    [skills, readOnly, save],
  );

  // ---- keyboard: the keys of /assess
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTextEntry(event.target)) return;
      const current = activeId ?? skills[0]?.skillId;
      if (!current) return;
      const key = event.key;
      if (key === 'j' || key === 'ArrowDown') {
        event.preventDefault();
        return advance(current, 1, false);
      }
      if (key === 'k' || key === 'ArrowUp') {
        event.preventDefault();
        return advance(current, -1, false);
      }
      if (readOnly) return;
      if (/^[0-9]$/.test(key) && Number(key) <= maxLevel) {
        event.preventDefault();
        rate(current, Number(key), false);
        return advance(current, 1, true);
      }
      if (key === 'n') {
        event.preventDefault();
        rate(current, null, true);
        return advance(current, 1, true);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [activeId, skills, advance, readOnly, maxLevel, rate]);

  const agreeWithSection = () => {
    if (!section) return;
    startAgree(async () => {
      let result: ActionResult<{ agreed: number; skillIds: string[] }>;
      try {
        // After any single ratings still on their way, so the server sees them first.
        await queue.current;
        result = await agreeWithSectionAction({ cycleId, membershipId, sectionId: section.id });
      } catch {
        result = { ok: false, error: 'The server could not be reached.' };
      }
      if (!result.ok) return setStatus({ kind: 'error', text: result.error });
      const agreed = new Set(result.data?.skillIds ?? []);
      setValues((current) => {
        const next = { ...current };
        for (const skill of section.skills) {
          if (agreed.has(skill.skillId)) {
            next[skill.skillId] = {
              level: skill.selfLevel,
              notApplicable: skill.selfNotApplicable,
              note: current[skill.skillId]?.note ?? null,
            };
          }
        }
        return next;
      });
      setStatus({ kind: 'saved', text: result.message ?? 'Saved.' });
    });
  };

  const total = sections.reduce((sum, s) => sum + s.skills.length, 0);
  const done = sections.reduce((sum, s) => sum + s.skills.filter((skill) => reviewed(values[skill.skillId])).length, 0);
  const sectionDone = (s: BoardSection) => s.skills.filter((skill) => reviewed(values[skill.skillId])).length;
  const openInSection = section ? section.skills.length - sectionDone(section) : 0;

  if (!section) return null;

  return (
    <div className="space-y-4" data-calibration-board="">
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

      <nav aria-label="Sections" className="overflow-x-auto">
        <ul className="flex flex-wrap gap-1 text-sm">
          {sections.map((candidate, index) => {
            const count = sectionDone(candidate);
            return (
              <li key={candidate.id}>
                <button
                  type="button"
                  onClick={() => goToSection(index)}
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

      <section
        aria-labelledby="calibration-section"
        className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 sm:p-6"
      >
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="calibration-section" className="text-lg font-semibold">
            {section.name} <span className="text-sm font-normal text-slate-600">· {section.areaName}</span>
          </h2>
          {!readOnly ? (
            <Button
              type="button"
              variant="secondary"
              onClick={agreeWithSection}
              disabled={agreeing || openInSection === 0}
            >
              {agreeing
                ? 'Agreeing…'
                : openInSection === 0
                  ? 'All reviewed'
                  : `Agree with ${memberName}’s ${openInSection} open self rating${openInSection === 1 ? '' : 's'}`}
            </Button>
          ) : null}
        </div>
        <p className="text-xs text-slate-600">
          Keys: <kbd className="font-mono">0</kbd>–<kbd className="font-mono">{maxLevel}</kbd> rate and move on,{' '}
          <kbd className="font-mono">n</kbd> not applicable, <kbd className="font-mono">j</kbd>/
          <kbd className="font-mono">k</kbd> or arrows move. Your rating sits beside theirs; it never replaces it.
        </p>
        <ol className="divide-y divide-slate-100">
          {skills.map((skill) => {
            const value = values[skill.skillId];
            const apart =
              skill.selfLevel !== null &&
              value?.level !== null &&
              value?.level !== undefined &&
              Math.abs(skill.selfLevel - value.level) >= flagGap;
            const active = activeId === skill.skillId;
            return (
              <li
                key={skill.skillId}
                ref={(element) => {
                  if (element) rowRefs.current.set(skill.skillId, element);
                  else rowRefs.current.delete(skill.skillId);
                }}
                tabIndex={active || (!activeId && skill === skills[0]) ? 0 : -1}
                onFocus={(event) => {
                  if (event.target === event.currentTarget) setActiveId(skill.skillId);
                }}
                aria-label={`${skill.skillName}: self ${levelText(skill.selfLevel, skill.selfNotApplicable)}, yours ${
                  value ? levelText(value.level, value.notApplicable) : '—'
                }`}
                className={clsx(
                  'grid gap-2 px-2 py-3 outline-none sm:grid-cols-[1fr_auto]',
                  active && 'bg-brand-50 ring-2 ring-brand-600',
                )}
              >
                <div>
                  <p className="font-medium">
                    {skill.skillName}
                    {skill.groupName ? <span className="font-normal text-slate-600"> · {skill.groupName}</span> : null}
                  </p>
                  <p className="text-sm text-slate-700">
                    Self:{' '}
                    <span className="font-semibold tabular-nums">
                      {levelText(skill.selfLevel, skill.selfNotApplicable)}
                    </span>
                    {skill.interest ? <span className="ml-2 text-brand-700">wants to grow</span> : null}
                    {apart ? (
                      <span className="ml-2 font-semibold text-amber-900">⚠ {flagGap}+ levels apart</span>
                    ) : null}
                  </p>
                  <EvidenceLinkList links={skill.evidence} skillName={skill.skillName} />
                </div>
                <div className="space-y-1">
                  <div role="group" aria-label={`Your rating for ${skill.skillName}`} className="flex flex-wrap gap-1">
                    {levels.map((level) => {
                      const pressed = value?.level === level.level && !value.notApplicable;
                      return (
                        <button
                          key={level.level}
                          type="button"
                          tabIndex={-1}
                          disabled={readOnly}
                          aria-pressed={pressed}
                          title={level.name}
                          onClick={() => {
                            setActiveId(skill.skillId);
                            rate(skill.skillId, level.level, false);
                          }}
                          className={clsx(
                            'h-9 w-9 rounded-md border text-sm tabular-nums',
                            pressed ? 'border-brand-700 bg-brand-600 text-white' : 'border-slate-300 bg-white',
                          )}
                        >
                          {level.level}
                        </button>
                      );
                    })}
                    <button
                      type="button"
                      tabIndex={-1}
                      disabled={readOnly}
                      aria-pressed={Boolean(value?.notApplicable)}
                      onClick={() => {
                        setActiveId(skill.skillId);
                        rate(skill.skillId, null, true);
                      }}
                      className={clsx(
                        'h-9 rounded-md border px-2 text-sm',
                        value?.notApplicable ? 'border-brand-700 bg-brand-600 text-white' : 'border-slate-300 bg-white',
                      )}
                    >
                      n/a
                    </button>
                  </div>
                  {!readOnly ? (
                    <NoteField
                      skillName={skill.skillName}
                      note={value?.note ?? null}
                      noteMax={noteMax}
                      canSave={reviewed(value)}
                      onSave={(note) => {
                        const previous = valuesRef.current[skill.skillId];
                        if (!previous || !reviewed(previous)) return;
                        save(skill.skillId, { ...previous, note }, previous, skill.skillName);
                      }}
                    />
                  ) : value?.note ? (
                    <p className="text-xs text-slate-700">{value.note}</p>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ol>
        <div className="flex justify-between gap-3 text-sm">
          <Button
            type="button"
            variant="ghost"
            onClick={() => goToSection(sectionIndex - 1)}
            disabled={sectionIndex === 0}
          >
            ← Previous section
          </Button>
          <Button
            type="button"
            variant="ghost"
            onClick={() => goToSection(sectionIndex + 1)}
            disabled={sectionIndex === sections.length - 1}
          >
            Next section →
          </Button>
        </div>
      </section>
    </div>
  );
}

/** A comment beside the rating, saved when the field is left (no Save button). */
function NoteField({
  skillName,
  note,
  noteMax,
  canSave,
  onSave,
}: {
  skillName: string;
  note: string | null;
  noteMax: number;
  canSave: boolean;
  onSave: (note: string | null) => void;
}) {
  const [text, setText] = useState(note ?? '');
  return (
    <input
      type="text"
      aria-label={`Comment on ${skillName}`}
      placeholder={canSave ? 'Comment (optional)' : 'Rate first, then comment'}
      disabled={!canSave}
      maxLength={noteMax}
      value={text}
      onChange={(event) => setText(event.currentTarget.value)}
      onKeyDown={(event) => {
        if (event.key === 'Escape' || event.key === 'Enter') event.currentTarget.blur();
      }}
      onBlur={() => {
        const trimmed = text.trim();
        if (trimmed !== (note ?? '')) onSave(trimmed === '' ? null : trimmed);
      }}
      className="w-full rounded-md border border-slate-300 px-2 py-1 text-sm disabled:bg-slate-50"
    />
  );
}
