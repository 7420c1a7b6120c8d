'use client';

import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type RefObject } from 'react';
import type { AssessmentData, GroupInfo, SectionInfo } from '@/lib/assessments/assessment-data';
import {
  assessmentReducer,
  initialState,
  keyCommand,
  planGroupRating,
  skillIdsOf,
  stepFrom,
  toConfirmIn,
  undoPatches,
  type AssessmentAction,
  type AssessmentState,
  type Patch,
} from './assessment-state';
import { createBatchSender } from './batch-sender';
import { SaveQueue, queueKey, type QueueStorage, type StaleChange } from './save-queue';

/**
 * Changes made within this window travel in one request: a keyboard run through a
 * section is a handful of requests, not one per key. Short enough that "Saving…"
 * never lingers; the page also sends at once when it loses focus or is hidden.
 */
const COALESCE_MS = 300;

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

/**
 * Keys pressed before hydration would be lost, so tests wait for the page root's `data-assessment-ready`,
 * set once hydrated and the queue has caught up. Set on the element rather than rendered from state: a state
 * change at that moment would re-render the whole page synchronously right after hydration, a long task on a
 * phone (issue 23).
 */
function markReady(root: HTMLElement | null): void {
  root?.setAttribute('data-assessment-ready', 'true');
}

/**
 * The reducer behind a tiny store rather than `useReducer`: key handlers read
 * the state the last dispatch produced, so rapid key presses never see a stale
 * render, and React renders from the same store.
 */
function createStore(initial: AssessmentState) {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    dispatch(action: AssessmentAction) {
      const next = assessmentReducer(state, action);
      if (next === state) return;
      state = next;
      for (const listener of listeners) listener();
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * Everything the assessment page does, as state plus commands: autosave
 * through the browser's queue, section navigation with the URL and focus,
 * the one-key-per-skill keyboard, "rate this whole group" with undo and
 * confirming carried-over values. The components under AssessmentView only render.
 */
export function useAssessment(
  data: AssessmentData,
  initialSectionKey: string | null,
  /** The page's root element: marked ready once the page takes keys. */
  root: RefObject<HTMLElement | null>,
) {
  const readOnly = data.cycle.status !== 'open';
  const sections = useMemo(() => data.areas.flatMap((area) => area.sections), [data.areas]);
  const maxLevel = data.levels.reduce((top, level) => Math.max(top, level.level), 0);

  const [store] = useState(() => createStore(initialState({ sections, ratings: data.ratings, initialSectionKey })));
  const state = useSyncExternalStore(store.subscribe, store.get, store.get);
  const { dispatch } = store;
  const section: SectionInfo | undefined =
    sections.find((candidate) => candidate.key === state.sectionKey) ?? sections[0];

  const queueRef = useRef<SaveQueue | null>(null);
  const rowRefs = useRef(new Map<string, HTMLDivElement>());
  const pendingFocus = useRef<'first' | 'active' | null>(null);
  useEffect(() => {
    if (readOnly) markReady(root.current);
  }, [readOnly, root]);

  // ---- autosave queue: created once per cycle; pending changes from an earlier visit are shown over the server's values.
  useEffect(() => {
    if (readOnly) return;
    const queue: SaveQueue = new SaveQueue({
      key: queueKey(data.organizationId, data.cycle.id, data.membershipId),
      storage: browserStorage(),
      coalesceMs: COALESCE_MS,
      send: createBatchSender({ cycleId: data.cycle.id, clientId: () => queue.clientId }),
      onState: (queueState) => dispatch({ type: 'queueState', state: queueState }),
      onStale: (items: StaleChange[]) =>
        dispatch({ type: 'stale', items, stillPending: new Set(queue.pending().map((change) => change.skillId)) }),
    });
    queueRef.current = queue;
    dispatch({ type: 'restorePending', changes: queue.pending() });
    void queue.flush();
    markReady(root.current);
    const online = () => void queue.retryNow();
    const blur = () => void queue.flushNow();
    // Leaving the page (closing, navigating, switching apps on a phone): one last request that outlives it.
    const leaving = () => void queue.flushOnExit();
    const hidden = () => {
      if (document.visibilityState === 'hidden') leaving();
    };
    window.addEventListener('online', online);
    window.addEventListener('blur', blur);
    window.addEventListener('pagehide', leaving);
    document.addEventListener('visibilitychange', hidden);
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('blur', blur);
      window.removeEventListener('pagehide', leaving);
      document.removeEventListener('visibilitychange', hidden);
      // Navigating away inside the app: what waits for the window goes now, not on the next visit.
      leaving();
      queue.dispose();
      queueRef.current = null;
    };
  }, [readOnly, data.organizationId, data.cycle.id, data.membershipId, dispatch, root]);

  const change = useCallback(
    (skillId: string, patch: Patch) => {
      if (readOnly) return;
      const changedAt = new Date().toISOString();
      dispatch({ type: 'change', skillId, patch, changedAt });
      const next = store.get().values[skillId]!;
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
    [readOnly, dispatch, store],
  );

  /**
   * "Still true": the carried-over values go through the same queue and batch as any change
   * (one statement per batch, kept across reloads while offline), flagged as confirmations.
   */
  const confirm = useCallback(
    (skillIds: readonly string[], text?: string) => {
      if (readOnly) return;
      const waiting = toConfirmIn(store.get().values, skillIds);
      if (waiting.length === 0) return;
      const changedAt = new Date().toISOString();
      dispatch({ type: 'confirm', skillIds: waiting, text });
      for (const skillId of waiting) {
        const value = store.get().values[skillId]!;
        queueRef.current?.enqueue({
          skillId,
          level: value.level,
          notApplicable: value.notApplicable,
          interest: value.interest,
          note: value.note,
          changedAt,
          confirm: true,
          clientChangeId: newChangeId(),
        });
      }
    },
    [readOnly, dispatch, store],
  );

  // ---- navigation
  const goToSection = useCallback(
    (key: string, focus: 'first' | 'active' = 'first') => {
      const target = sections.find((candidate) => candidate.key === key);
      if (!target) return;
      dispatch({ type: 'goToSection', section: target });
      pendingFocus.current = focus;
      const params = new URLSearchParams(window.location.search);
      params.set('section', target.key);
      window.history.pushState(null, '', `?${params.toString()}`);
    },
    [sections, dispatch],
  );

  useEffect(() => {
    const onPopState = () => {
      const key = new URLSearchParams(window.location.search).get('section');
      const target = sections.find((candidate) => candidate.key === key) ?? sections[0];
      if (target) dispatch({ type: 'goToSection', section: target });
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, [sections, dispatch]);

  useEffect(() => {
    if (!pendingFocus.current || !state.activeId) return;
    pendingFocus.current = null;
    rowRefs.current.get(state.activeId)?.focus();
  }, [state.sectionKey, state.activeId]);

  const registerRow = useCallback((skillId: string, element: HTMLDivElement | null) => {
    if (element) rowRefs.current.set(skillId, element);
    else rowRefs.current.delete(skillId);
  }, []);

  const focusRow = useCallback((skillId: string) => dispatch({ type: 'focusSkill', skillId }), [dispatch]);

  /** To the next skill; past the last one of a section, on to the next section. */
  const advance = useCallback(
    (from: string, step: 1 | -1, crossSections: boolean) => {
      const target = stepFrom({ sections, sectionKey: store.get().sectionKey, from, step, crossSections });
      if (!target) return;
      if ('section' in target) return goToSection(target.section.key);
      dispatch({ type: 'focusSkill', skillId: target.skillId });
      rowRefs.current.get(target.skillId)?.focus();
    },
    [sections, store, goToSection, dispatch],
  );

  // ---- keyboard: one key per skill
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTextEntry(event.target)) return;
      const current = store.get();
      const sectionNow = sections.find((candidate) => candidate.key === current.sectionKey) ?? sections[0];
      const skillId = current.activeId ?? sectionNow?.groups[0]?.skills[0]?.id ?? null;
      const command = keyCommand({
        key: event.key,
        jumpMode: current.jumpMode,
        sections,
        hasSkill: skillId !== null,
        readOnly,
        maxLevel,
      });
      if (!command) return;
      event.preventDefault();
      switch (command.kind) {
        case 'closeJump':
          return dispatch({ type: 'setJumpMode', open: false });
        case 'openJump':
          return dispatch({ type: 'setJumpMode', open: true });
        case 'jump':
          return goToSection(command.sectionKey);
        case 'toggleHelp':
          return dispatch({ type: 'toggleHelp' });
        case 'move':
          return advance(skillId!, command.step, false);
        case 'rate':
          change(skillId!, command.patch);
          return advance(skillId!, 1, true);
        case 'toggleInterest':
          return change(skillId!, { interest: !(current.values[skillId!]?.interest ?? false) });
        case 'confirm':
          confirm([skillId!]);
          return advance(skillId!, 1, true);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [sections, readOnly, maxLevel, store, dispatch, goToSection, advance, change, confirm]);

  // ---- "rate this whole group" and its undo
  const rateGroup = useCallback(
    (group: GroupInfo, level: number) => {
      const plan = planGroupRating(store.get().values, group, level, data.levels);
      for (const skillId of plan.skillIds) change(skillId, { level, notApplicable: false });
      dispatch({ type: 'notice', text: plan.notice, undo: plan.undo });
    },
    [store, data.levels, change, dispatch],
  );

  const undoGroup = useCallback(() => {
    const undo = store.get().undo;
    if (!undo) return;
    for (const { skillId, patch } of undoPatches(undo)) change(skillId, patch);
    dispatch({ type: 'notice', text: 'Undone.', undo: null });
  }, [store, change, dispatch]);

  // ---- confirm carried-over values: one skill, or every one still waiting in the section
  const confirmSkill = useCallback((skillId: string) => confirm([skillId]), [confirm]);
  const confirmSection = useCallback(() => {
    if (!section) return;
    const waiting = toConfirmIn(store.get().values, skillIdsOf(section));
    confirm(
      waiting,
      waiting.length === 1
        ? `Confirmed 1 rating in ${section.name}.`
        : `Confirmed ${waiting.length} ratings in ${section.name}.`,
    );
  }, [section, store, confirm]);

  return {
    state,
    sections,
    section,
    readOnly,
    change,
    goToSection,
    registerRow,
    focusRow,
    rateGroup,
    undoGroup,
    confirmSkill,
    confirmSection,
    setJumpMode: useCallback((open: boolean) => dispatch({ type: 'setJumpMode', open }), [dispatch]),
    setHelpOpen: useCallback((open: boolean) => dispatch({ type: 'setHelp', open }), [dispatch]),
    toggleNav: useCallback(() => dispatch({ type: 'toggleNav' }), [dispatch]),
    retrySaving: useCallback(() => void queueRef.current?.retryNow(), []),
    discardPending: useCallback(() => queueRef.current?.discard(), []),
  };
}

export type Assessment = ReturnType<typeof useAssessment>;
