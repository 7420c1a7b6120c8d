'use client';

import clsx from 'clsx';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, useTransition } from 'react';
import { confirmSectionAction, saveRatingsAction } from '@/lib/assessments/actions';
import type { AssessmentData, GroupInfo, SectionInfo } from '@/lib/assessments/assessment-data';
import type { RatingChange } from '@/lib/assessments/rating-change';
import { isRated, type RatingValue } from '@/lib/assessments/rating-value';
import { KeyboardHelp } from './keyboard-help';
import { SaveQueue, queueKey, type QueueState, type QueueStorage, type StaleChange } from './save-queue';
import { SaveStatus } from './save-status';
import { SkillRow } from './skill-row';

type Patch = Partial<Pick<RatingValue, 'level' | 'notApplicable' | 'interest' | 'note'>>;

const noopSubscribe = () => () => {};

const EMPTY: RatingValue = {
  level: null,
  notApplicable: false,
  interest: false,
  note: null,
  carriedOver: false,
  changedAt: '',
};

/** 1–9, then a–z: the key after `g` that jumps to the nth section. */
function shortcutFor(index: number): string | null {
  if (index < 9) return String(index + 1);
  if (index < 9 + 26) return String.fromCharCode(97 + index - 9);
  return null;
}

function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement)
    return true;
  return target instanceof HTMLInputElement && !['radio', 'checkbox', 'button', 'submit'].includes(target.type);
}

function browserStorage(): QueueStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function newChangeId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** Applies a change to a value the way the server will: n/a clears the level, any touch confirms a carried-over rating. */
function applyPatch(previous: RatingValue | undefined, patch: Patch, changedAt: string): RatingValue {
  const next: RatingValue = { ...(previous ?? EMPTY), ...patch, carriedOver: false, changedAt };
  if (next.notApplicable) next.level = null;
  return next;
}

export function AssessmentView({
  data,
  initialSectionKey,
}: {
  data: AssessmentData;
  initialSectionKey: string | null;
}) {
  const readOnly = data.cycle.status !== 'open';
  const sections = useMemo(() => data.areas.flatMap((area) => area.sections), [data.areas]);
  const optionalSections = useMemo(() => new Set(data.optionalSectionIds), [data.optionalSectionIds]);
  const allSkillIds = useMemo(
    () => sections.flatMap((section) => section.groups.flatMap((group) => group.skills.map((skill) => skill.id))),
    [sections],
  );
  const maxLevel = data.levels.reduce((top, level) => Math.max(top, level.level), 0);

  const [values, setValues] = useState<Record<string, RatingValue>>(data.ratings);
  // Handlers read and write the latest values through this ref, so rapid key presses never see a stale render.
  const valuesRef = useRef(values);
  const updateValues = useCallback((update: (current: Record<string, RatingValue>) => Record<string, RatingValue>) => {
    valuesRef.current = update(valuesRef.current);
    setValues(valuesRef.current);
  }, []);

  const [sectionKey, setSectionKey] = useState<string>(
    sections.find((section) => section.key === initialSectionKey)?.key ?? sections[0]?.key ?? '',
  );
  const section: SectionInfo | undefined = sections.find((candidate) => candidate.key === sectionKey) ?? sections[0];
  const sectionSkills = useMemo(() => section?.groups.flatMap((group) => group.skills) ?? [], [section]);
  const [activeId, setActiveId] = useState<string | null>(sectionSkills[0]?.id ?? null);
  const rowRefs = useRef(new Map<string, HTMLDivElement>());
  const pendingFocus = useRef<'first' | 'active' | null>(null);

  const [queueState, setQueueState] = useState<QueueState>({ status: 'saved', pending: 0, error: null });
  const queueRef = useRef<SaveQueue | null>(null);
  const [jumpMode, setJumpMode] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [navOpen, setNavOpen] = useState(false);
  const [notice, setNotice] = useState('');
  const [undo, setUndo] = useState<{ label: string; previous: Record<string, RatingValue | undefined> } | null>(null);
  const [confirming, startConfirming] = useTransition();
  // Set once the page is interactive: keys pressed before hydration would be lost, so tests wait for it.
  const [queueReady, setReady] = useState(false);
  const hydrated = useSyncExternalStore(
    noopSubscribe,
    () => true,
    () => false,
  );
  const ready = hydrated && (readOnly || queueReady);

  // ---- autosave queue: created once per cycle; pending changes from an earlier visit are shown over the server's values.
  useEffect(() => {
    if (readOnly) return;
    const queue = new SaveQueue({
      key: queueKey(data.organizationId, data.cycle.id, data.membershipId),
      storage: browserStorage(),
      send: async (changes: RatingChange[]) => {
        const result = await saveRatingsAction({ cycleId: data.cycle.id, changes });
        if (result.ok) return { ok: true, applied: result.data?.applied ?? [], stale: result.data?.stale ?? [] };
        return { ok: false, error: result.error };
      },
      onState: setQueueState,
      onStale: (stale: StaleChange[]) => {
        // The server holds a newer value (another tab): show it, unless this tab changed the skill again since.
        const stillPending = new Set(queue.pending().map((change) => change.skillId));
        updateValues((current) => {
          const next = { ...current };
          for (const item of stale) if (!stillPending.has(item.skillId)) next[item.skillId] = item.value;
          return next;
        });
      },
    });
    queueRef.current = queue;
    const pending = queue.pending();
    if (pending.length > 0) {
      // Restoring what this browser still has to send is syncing with an external store.
      updateValues((current) => {
        const next = { ...current };
        for (const change of pending) {
          next[change.skillId] = applyPatch(next[change.skillId], change, change.changedAt);
        }
        return next;
      });
    }
    void queue.flush();
    // The queue lives outside React (localStorage): this marks the moment the page has caught up with it.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setReady(true);
    const online = () => void queue.retryNow();
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('online', online);
      queue.dispose();
      queueRef.current = null;
    };
  }, [readOnly, data.organizationId, data.cycle.id, data.membershipId, updateValues]);

  const change = useCallback(
    (skillId: string, patch: Patch) => {
      if (readOnly) return;
      const changedAt = new Date().toISOString();
      const next = applyPatch(valuesRef.current[skillId], patch, changedAt);
      updateValues((current) => ({ ...current, [skillId]: next }));
      queueRef.current?.enqueue({
        skillId,
        level: next.level,
        notApplicable: next.notApplicable,
        interest: next.interest,
        note: next.note,
        changedAt,
        clientChangeId: newChangeId(),
      });
    },
    [readOnly, updateValues],
  );

  // ---- navigation
  const goToSection = useCallback(
    (key: string, focus: 'first' | 'active' = 'first') => {
      const target = sections.find((candidate) => candidate.key === key);
      if (!target) return;
      setSectionKey(target.key);
      setActiveId(target.groups[0]?.skills[0]?.id ?? null);
      setJumpMode(false);
      setNavOpen(false);
      pendingFocus.current = focus;
      const params = new URLSearchParams(window.location.search);
      params.set('section', target.key);
      window.history.pushState(null, '', `?${params.toString()}`);
    },
    [sections],
  );

  useEffect(() => {
    const onPopState = () => {
      const key = new URLSearchParams(window.location.search).get('section');
      const target = sections.find((candidate) => candidate.key === key) ?? sections[0];
      if (target) {
        setSectionKey(target.key);
        setActiveId(target.groups[0]?.skills[0]?.id ?? null);
      }
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, [sections]);

  useEffect(() => {
    if (!pendingFocus.current || !activeId) return;
    pendingFocus.current = null;
    rowRefs.current.get(activeId)?.focus();
  }, [sectionKey, activeId]);

  const registerRow = useCallback((skillId: string, element: HTMLDivElement | null) => {
    if (element) rowRefs.current.set(skillId, element);
    else rowRefs.current.delete(skillId);
  }, []);

  const focusSkill = useCallback((skillId: string) => {
    setActiveId(skillId);
    rowRefs.current.get(skillId)?.focus();
  }, []);

  /** To the next skill; past the last one of a section, on to the next section. */
  const advance = useCallback(
    (from: string, step: 1 | -1, crossSections: boolean) => {
      const index = sectionSkills.findIndex((skill) => skill.id === from);
      const target = sectionSkills[index + step];
      if (target) return focusSkill(target.id);
      if (!crossSections || !section) return;
      const sectionIndex = sections.findIndex((candidate) => candidate.key === section.key);
      const nextSection = sections[sectionIndex + step];
      if (nextSection) goToSection(nextSection.key);
    },
    [sectionSkills, focusSkill, section, sections, goToSection],
  );

  // ---- keyboard: one key per skill
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTextEntry(event.target)) return;
      const key = event.key;
      if (jumpMode) {
        event.preventDefault();
        if (key === 'Escape' || key === 'g') return setJumpMode(false);
        const index = sections.findIndex((_, i) => shortcutFor(i) === key.toLowerCase());
        const target = sections[index];
        if (target) goToSection(target.key);
        else setJumpMode(false);
        return;
      }
      const current = activeId ?? sectionSkills[0]?.id;
      if (key === 'g') {
        event.preventDefault();
        return setJumpMode(true);
      }
      if (key === '?') {
        event.preventDefault();
        return setHelpOpen((open) => !open);
      }
      if (!current) return;
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
        change(current, { level: Number(key), notApplicable: false });
        return advance(current, 1, true);
      }
      if (key === 'n') {
        event.preventDefault();
        // Sets rather than toggles, like the digits: pressing the same key twice never undoes an answer.
        change(current, { level: null, notApplicable: true });
        return advance(current, 1, true);
      }
      if (key === 'i') {
        event.preventDefault();
        change(current, { interest: !(valuesRef.current[current]?.interest ?? false) });
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [jumpMode, sections, goToSection, activeId, sectionSkills, advance, readOnly, maxLevel, change]);

  // ---- "rate this whole group" and its undo
  const rateGroup = (group: GroupInfo, level: number) => {
    const previous: Record<string, RatingValue | undefined> = {};
    for (const skill of group.skills) {
      if (isRated(valuesRef.current[skill.id])) continue;
      previous[skill.id] = valuesRef.current[skill.id];
      change(skill.id, { level, notApplicable: false });
    }
    const count = Object.keys(previous).length;
    const levelName = data.levels.find((candidate) => candidate.level === level)?.name ?? String(level);
    setUndo(count > 0 ? { label: `Rated ${count} skills in ${group.name} as ${levelName}.`, previous } : null);
    setNotice(
      count > 0
        ? `Rated ${count} unrated skills in ${group.name} as ${levelName}.`
        : `Every skill in ${group.name} is already rated.`,
    );
  };

  const undoGroup = () => {
    if (!undo) return;
    for (const [skillId, previous] of Object.entries(undo.previous)) {
      change(skillId, {
        level: previous?.level ?? null,
        notApplicable: previous?.notApplicable ?? false,
        interest: previous?.interest ?? false,
        note: previous?.note ?? null,
      });
    }
    setNotice('Undone.');
    setUndo(null);
  };

  // ---- confirm a carried-over section in one action
  const confirmCurrentSection = () => {
    if (!section) return;
    const sectionId = section.id;
    const skillIds = sectionSkills.map((skill) => skill.id);
    startConfirming(async () => {
      const result = await confirmSectionAction({ cycleId: data.cycle.id, sectionId }).catch(() => null);
      if (!result) return setNotice('Could not reach the server: the section is not confirmed yet. Try again.');
      if (!result.ok) return setNotice(result.error);
      updateValues((current) => {
        const next = { ...current };
        for (const id of skillIds) {
          const value = next[id];
          if (value?.carriedOver) next[id] = { ...value, carriedOver: false };
        }
        return next;
      });
      setNotice(result.message ?? 'Section confirmed.');
    });
  };

  // ---- progress
  const ratedTotal = allSkillIds.filter((id) => isRated(values[id])).length;
  const progressOf = (target: SectionInfo) => {
    const ids = target.groups.flatMap((group) => group.skills.map((skill) => skill.id));
    return { rated: ids.filter((id) => isRated(values[id])).length, total: ids.length };
  };
  const carriedInSection = sectionSkills.filter((skill) => values[skill.id]?.carriedOver).length;
  const percent = allSkillIds.length === 0 ? 0 : Math.round((ratedTotal / allSkillIds.length) * 100);

  if (!section) {
    return <p className="text-slate-600">This framework has no skills to rate yet.</p>;
  }
  const sectionIndex = sections.findIndex((candidate) => candidate.key === section.key);

  return (
    <div className="space-y-4" data-assessment-ready={ready || undefined}>
      <div className="sticky top-0 z-10 -mx-4 space-y-2 border-b border-slate-200 bg-slate-50/95 px-4 py-3 backdrop-blur">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <p className="text-sm font-medium text-slate-800">
            <span data-testid="progress-count">
              {ratedTotal} of {allSkillIds.length}
            </span>{' '}
            skills rated ({percent}%)
          </p>
          <SaveStatus
            state={queueState}
            readOnly={readOnly}
            onRetry={() => void queueRef.current?.retryNow()}
            onDiscard={() => queueRef.current?.discard()}
          />
        </div>
        <div
          role="progressbar"
          aria-label="Assessment progress"
          aria-valuemin={0}
          aria-valuemax={allSkillIds.length}
          aria-valuenow={ratedTotal}
          aria-valuetext={`${ratedTotal} of ${allSkillIds.length} skills rated`}
          className="h-2 w-full overflow-hidden rounded-full bg-slate-200"
        >
          <div className="h-full rounded-full bg-brand-600 transition-[width]" style={{ width: `${percent}%` }} />
        </div>
      </div>

      {jumpMode ? (
        <div
          role="dialog"
          aria-label="Go to section"
          className="rounded-lg border border-brand-600 bg-white p-3 shadow-lg"
        >
          <p className="text-sm font-medium">Go to section: press its key (Esc to cancel)</p>
          <ul className="mt-2 grid gap-1 text-sm sm:grid-cols-2 lg:grid-cols-3">
            {sections.map((candidate, index) => (
              <li key={candidate.id}>
                <button type="button" className="text-left hover:underline" onClick={() => goToSection(candidate.key)}>
                  <kbd className="mr-2 rounded border border-slate-300 px-1 font-mono text-xs">
                    {shortcutFor(index) ?? '·'}
                  </kbd>
                  {candidate.name}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-[16rem_1fr]">
        <nav
          aria-label="Sections"
          className="space-y-4 lg:sticky lg:top-24 lg:max-h-[calc(100vh-7rem)] lg:self-start lg:overflow-y-auto"
        >
          {/* On small screens the section list folds away behind one button, so the skills come first. */}
          <button
            type="button"
            aria-expanded={navOpen}
            aria-controls="assess-section-list"
            onClick={() => setNavOpen((open) => !open)}
            className="flex w-full items-center justify-between rounded-md border border-slate-300 bg-white px-3 py-2 text-sm lg:hidden"
          >
            <span>
              Sections · <span className="font-medium">{section.name}</span>
            </span>
            <span aria-hidden="true">{navOpen ? '▴' : '▾'}</span>
          </button>
          <div id="assess-section-list" className={clsx('space-y-4', navOpen ? 'block' : 'hidden lg:block')}>
            {data.areas.map((area) => (
              <div key={area.id}>
                <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-500">{area.name}</h2>
                <ul className="mt-1 space-y-0.5">
                  {area.sections.map((candidate) => {
                    const progress = progressOf(candidate);
                    const index = sections.indexOf(candidate);
                    const current = candidate.key === section.key;
                    return (
                      <li key={candidate.id}>
                        <a
                          href={`?section=${encodeURIComponent(candidate.key)}`}
                          aria-current={current ? 'page' : undefined}
                          onClick={(event) => {
                            event.preventDefault();
                            goToSection(candidate.key, 'active');
                          }}
                          className={clsx(
                            'flex items-center justify-between gap-2 rounded-md px-2 py-1 text-sm',
                            current ? 'bg-brand-100 font-medium text-brand-900' : 'text-slate-700 hover:bg-slate-100',
                          )}
                        >
                          <span className="truncate">
                            <kbd className="mr-1.5 font-mono text-xs text-slate-600">{shortcutFor(index) ?? ''}</kbd>
                            {candidate.name}
                            {optionalSections.has(candidate.id) ? (
                              <span className="ml-1.5 text-xs font-normal text-slate-600">(optional)</span>
                            ) : null}
                          </span>
                          <span
                            className={clsx(
                              'shrink-0 text-xs tabular-nums',
                              // -800/-600: 4.5:1 on the current section's brand-100 background too.
                              progress.rated === progress.total ? 'text-green-800' : 'text-slate-600',
                            )}
                            aria-label={`${progress.rated} of ${progress.total} rated`}
                          >
                            {progress.rated}/{progress.total}
                          </span>
                        </a>
                      </li>
                    );
                  })}
                </ul>
              </div>
            ))}
          </div>
          <KeyboardHelp open={helpOpen} onToggle={setHelpOpen} />
        </nav>

        <section aria-labelledby="section-heading" className="min-w-0 space-y-4">
          <div className="space-y-1">
            <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">
              {section.areaName} · section {sectionIndex + 1} of {sections.length}
            </p>
            <h2 id="section-heading" className="text-xl font-semibold text-slate-900">
              {section.name}
            </h2>
            {optionalSections.has(section.id) ? (
              <p className="text-sm text-slate-600">
                Optional: no target in your role profile or team covers this section. Rate it if it is part of your
                work.
              </p>
            ) : null}
            {section.description ? <p className="text-sm text-slate-600">{section.description}</p> : null}
          </div>

          <details className="rounded-lg bg-white p-3 text-sm ring-1 ring-slate-200">
            <summary className="cursor-pointer font-medium text-slate-800">What the levels mean</summary>
            <dl className="mt-2 grid gap-1 sm:grid-cols-[auto_1fr] sm:gap-x-3">
              {data.levels.map((level) => (
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

          {!readOnly && carriedInSection > 0 ? (
            <div className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm">
              <p className="text-amber-900">
                {carriedInSection} {carriedInSection === 1 ? 'rating was' : 'ratings were'} carried over from your last
                cycle. Still true? Confirm them in one go, or change any of them.
              </p>
              <button
                type="button"
                onClick={confirmCurrentSection}
                disabled={confirming}
                className="rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700 disabled:bg-slate-400"
              >
                {confirming ? 'Confirming…' : 'Confirm section as unchanged'}
              </button>
            </div>
          ) : null}

          <p role="status" aria-live="polite" className="min-h-5 text-sm text-slate-700">
            {notice}
            {undo ? (
              <button type="button" onClick={undoGroup} className="ml-2 font-medium text-brand-700 underline">
                Undo
              </button>
            ) : null}
          </p>

          {section.groups.map((group) => (
            <GroupBlock
              key={group.id}
              group={group}
              showHeading={group.id !== section.id || section.groups.length > 1}
              values={values}
              data={data}
              activeId={activeId}
              readOnly={readOnly}
              registerRow={registerRow}
              onFocusRow={setActiveId}
              onChange={change}
              onRateGroup={rateGroup}
            />
          ))}

          <div className="flex justify-between pt-2">
            {sections[sectionIndex - 1] ? (
              <button
                type="button"
                className="text-sm text-brand-700 hover:underline"
                onClick={() => goToSection(sections[sectionIndex - 1]!.key)}
              >
                ← {sections[sectionIndex - 1]!.name}
              </button>
            ) : (
              <span />
            )}
            {sections[sectionIndex + 1] ? (
              <button
                type="button"
                className="text-sm text-brand-700 hover:underline"
                onClick={() => goToSection(sections[sectionIndex + 1]!.key)}
              >
                {sections[sectionIndex + 1]!.name} →
              </button>
            ) : null}
          </div>
        </section>
      </div>
    </div>
  );
}

function GroupBlock({
  group,
  showHeading,
  values,
  data,
  activeId,
  readOnly,
  registerRow,
  onFocusRow,
  onChange,
  onRateGroup,
}: {
  group: GroupInfo;
  showHeading: boolean;
  values: Record<string, RatingValue>;
  data: AssessmentData;
  activeId: string | null;
  readOnly: boolean;
  registerRow: (skillId: string, element: HTMLDivElement | null) => void;
  onFocusRow: (skillId: string) => void;
  onChange: (skillId: string, patch: Patch) => void;
  onRateGroup: (group: GroupInfo, level: number) => void;
}) {
  const [level, setLevel] = useState(String(data.levels[Math.min(2, data.levels.length - 1)]?.level ?? 0));
  const unrated = group.skills.filter((skill) => !isRated(values[skill.id])).length;
  const selectId = `rate-group-${group.id}`;
  return (
    <section aria-label={group.name} className="space-y-2">
      <div className="flex flex-wrap items-end justify-between gap-2">
        {showHeading ? <h3 className="font-semibold text-slate-800">{group.name}</h3> : <span />}
        {!readOnly ? (
          <div className="flex items-center gap-2 text-sm">
            <label htmlFor={selectId} className="text-slate-600">
              Rate this whole group
            </label>
            <select
              id={selectId}
              value={level}
              onChange={(event) => setLevel(event.target.value)}
              className="rounded-md border border-slate-300 bg-white px-2 py-1"
            >
              {data.levels.map((candidate) => (
                <option key={candidate.level} value={candidate.level}>
                  {candidate.level} {candidate.name}
                </option>
              ))}
            </select>
            <button
              type="button"
              disabled={unrated === 0}
              onClick={() => onRateGroup(group, Number(level))}
              className="rounded-md border border-slate-300 bg-white px-2.5 py-1 hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-50"
            >
              Apply to {unrated} unrated
            </button>
          </div>
        ) : null}
      </div>
      <div className="space-y-2">
        {group.skills.map((skill) => (
          <SkillRow
            key={skill.id}
            skill={skill}
            value={values[skill.id]}
            levels={data.levels}
            active={skill.id === activeId}
            readOnly={readOnly}
            registerRow={registerRow}
            onFocusRow={onFocusRow}
            onChange={onChange}
          />
        ))}
      </div>
    </section>
  );
}
