/**
 * The assessment page's state in one reducer: the ratings on screen, where the
 * member is (section, focused skill), the open panels, the last notice with
 * its undo, and the autosave queue's status.
 *
 * Pure (no React, no DOM): every rule of the page that is not markup — how a
 * change applies, what a key does, what "rate this whole group" fills, the
 * progress figures — is here and unit-tested without a browser
 * (tests/unit/assess/assessment-state.test.ts).
 */
import type { GroupInfo, LevelInfo, SectionInfo } from '@/lib/assessments/assessment-data';
import { completionOf, isToConfirm, type CompletionCounts } from '@/lib/assessments/completion-rule';
import { isRated, type RatingValue } from '@/lib/assessments/rating-value';
import type { QueueState, StaleChange } from './save-queue';

export type Patch = Partial<Pick<RatingValue, 'level' | 'notApplicable' | 'interest' | 'note'>>;
export type Values = Record<string, RatingValue>;

export interface UndoState {
  label: string;
  previous: Record<string, RatingValue | undefined>;
}

export interface AssessmentState {
  values: Values;
  sectionKey: string;
  activeId: string | null;
  jumpMode: boolean;
  helpOpen: boolean;
  navOpen: boolean;
  notice: string;
  undo: UndoState | null;
  queue: QueueState;
}

export type AssessmentAction =
  | { type: 'change'; skillId: string; patch: Patch; changedAt: string }
  /** Changes from an earlier visit still waiting in the browser: shown over the server's values. */
  | {
      type: 'restorePending';
      changes: readonly (Patch & { skillId: string; changedAt: string; confirm?: boolean | undefined })[];
    }
  /** The server holds newer values; shown unless this page changed the skill again since. */
  | { type: 'stale'; items: readonly StaleChange[]; stillPending: ReadonlySet<string> }
  | { type: 'goToSection'; section: SectionInfo }
  | { type: 'focusSkill'; skillId: string }
  | { type: 'setJumpMode'; open: boolean }
  | { type: 'setHelp'; open: boolean }
  | { type: 'toggleHelp' }
  | { type: 'toggleNav' }
  | { type: 'notice'; text: string; undo?: UndoState | null }
  /** Carried-over values confirmed as still true (one skill, or every one waiting in a section). */
  | { type: 'confirm'; skillIds: readonly string[]; text?: string }
  | { type: 'queueState'; state: QueueState };

export const EMPTY_VALUE: RatingValue = {
  level: null,
  notApplicable: false,
  interest: false,
  note: null,
  carriedOver: false,
  confirmed: false,
  changedAt: '',
};

/**
 * Applies a change to a value the way the server will: n/a clears the level, and any change
 * makes a carried-over value the member's own (rated in this cycle, no longer "confirmed").
 */
export function applyPatch(previous: RatingValue | undefined, patch: Patch, changedAt: string): RatingValue {
  const next: RatingValue = { ...(previous ?? EMPTY_VALUE), ...patch, carriedOver: false, confirmed: false, changedAt };
  if (next.notApplicable) next.level = null;
  return next;
}

/** "Still true": a carried-over value waiting for the member becomes confirmed; anything else stays as it is. */
export function confirmValue(value: RatingValue): RatingValue {
  return value.carriedOver && !value.confirmed ? { ...value, confirmed: true } : value;
}

/** The skills of a section whose carried-over value waits to be confirmed. */
export function toConfirmIn(values: Values, skillIds: readonly string[]): string[] {
  return skillIds.filter((id) => isToConfirm(values[id]));
}

/** 1–9, then a–z: the key after `g` that jumps to the nth section. */
export function shortcutFor(index: number): string | null {
  if (index < 9) return String(index + 1);
  if (index < 9 + 26) return String.fromCharCode(97 + index - 9);
  return null;
}

export function firstSkillOf(section: SectionInfo | undefined): string | null {
  return section?.groups[0]?.skills[0]?.id ?? null;
}

export function initialState(options: {
  sections: readonly SectionInfo[];
  ratings: Values;
  initialSectionKey: string | null;
}): AssessmentState {
  const section =
    options.sections.find((candidate) => candidate.key === options.initialSectionKey) ?? options.sections[0];
  return {
    values: options.ratings,
    sectionKey: section?.key ?? '',
    activeId: firstSkillOf(section),
    jumpMode: false,
    helpOpen: false,
    navOpen: false,
    notice: '',
    undo: null,
    queue: { status: 'saved', pending: 0, error: null },
  };
}

export function assessmentReducer(state: AssessmentState, action: AssessmentAction): AssessmentState {
  switch (action.type) {
    case 'change':
      return {
        ...state,
        values: {
          ...state.values,
          [action.skillId]: applyPatch(state.values[action.skillId], action.patch, action.changedAt),
        },
      };
    case 'restorePending': {
      if (action.changes.length === 0) return state;
      const values = { ...state.values };
      for (const change of action.changes) {
        const { skillId, changedAt, confirm, ...rest } = change;
        const previous = values[skillId];
        if (!confirm) values[skillId] = applyPatch(previous, rest, changedAt);
        else if (previous) values[skillId] = confirmValue(previous);
      }
      return { ...state, values };
    }
    case 'stale': {
      const values = { ...state.values };
      for (const item of action.items) if (!action.stillPending.has(item.skillId)) values[item.skillId] = item.value;
      return { ...state, values };
    }
    case 'goToSection':
      return {
        ...state,
        sectionKey: action.section.key,
        activeId: firstSkillOf(action.section),
        jumpMode: false,
        navOpen: false,
      };
    case 'focusSkill':
      return state.activeId === action.skillId ? state : { ...state, activeId: action.skillId };
    case 'setJumpMode':
      return { ...state, jumpMode: action.open };
    case 'setHelp':
      return state.helpOpen === action.open ? state : { ...state, helpOpen: action.open };
    case 'toggleHelp':
      return { ...state, helpOpen: !state.helpOpen };
    case 'toggleNav':
      return { ...state, navOpen: !state.navOpen };
    case 'notice':
      return { ...state, notice: action.text, undo: action.undo === undefined ? state.undo : action.undo };
    case 'confirm': {
      const values = { ...state.values };
      for (const id of action.skillIds) {
        const value = values[id];
        if (value) values[id] = confirmValue(value);
      }
      return { ...state, values, notice: action.text ?? state.notice };
    }
    case 'queueState': {
      // The queue reports "saved, 0 pending" as it starts: the same state, so no re-render of the page after hydration.
      const { queue } = state;
      const next = action.state;
      if (queue.status === next.status && queue.pending === next.pending && queue.error === next.error) return state;
      return { ...state, queue: next };
    }
  }
}

/** What a key press means on the page; null when the page leaves the key alone. */
export type KeyCommand =
  | { kind: 'closeJump' }
  | { kind: 'jump'; sectionKey: string }
  | { kind: 'openJump' }
  | { kind: 'toggleHelp' }
  | { kind: 'move'; step: 1 | -1 }
  | { kind: 'rate'; patch: Patch; advance: true }
  | { kind: 'toggleInterest' }
  /** `c`: the carried-over value is still true; on to the next skill. */
  | { kind: 'confirm'; advance: true };

export function keyCommand(options: {
  key: string;
  jumpMode: boolean;
  sections: readonly SectionInfo[];
  hasSkill: boolean;
  readOnly: boolean;
  maxLevel: number;
}): KeyCommand | null {
  const { key, jumpMode, sections, hasSkill, readOnly, maxLevel } = options;
  if (jumpMode) {
    if (key === 'Escape' || key === 'g') return { kind: 'closeJump' };
    const target = sections.find((_, index) => shortcutFor(index) === key.toLowerCase());
    return target ? { kind: 'jump', sectionKey: target.key } : { kind: 'closeJump' };
  }
  if (key === 'g') return { kind: 'openJump' };
  if (key === '?') return { kind: 'toggleHelp' };
  if (!hasSkill) return null;
  if (key === 'j' || key === 'ArrowDown') return { kind: 'move', step: 1 };
  if (key === 'k' || key === 'ArrowUp') return { kind: 'move', step: -1 };
  if (readOnly) return null;
  if (/^[0-9]$/.test(key) && Number(key) <= maxLevel)
    return { kind: 'rate', patch: { level: Number(key), notApplicable: false }, advance: true };
  // Sets rather than toggles, like the digits: pressing the same key twice never undoes an answer.
  if (key === 'n') return { kind: 'rate', patch: { level: null, notApplicable: true }, advance: true };
  if (key === 'i') return { kind: 'toggleInterest' };
  if (key === 'c') return { kind: 'confirm', advance: true };
  return null;
}

/**
 * Where focus goes from a skill: the next (or previous) skill of the section; past the
 * last one, with `crossSections`, the first skill of the next section.
 */
export function stepFrom(options: {
  sections: readonly SectionInfo[];
  sectionKey: string;
  from: string;
  step: 1 | -1;
  crossSections: boolean;
}): { skillId: string } | { section: SectionInfo } | null {
  const sectionIndex = options.sections.findIndex((candidate) => candidate.key === options.sectionKey);
  const section = options.sections[sectionIndex];
  if (!section) return null;
  const skills = section.groups.flatMap((group) => group.skills);
  const index = skills.findIndex((skill) => skill.id === options.from);
  const target = skills[index + options.step];
  if (target) return { skillId: target.id };
  if (!options.crossSections) return null;
  const next = options.sections[sectionIndex + options.step];
  return next ? { section: next } : null;
}

/** "Rate this whole group": the unrated skills it fills, what to restore on undo, and what to say. */
export function planGroupRating(
  values: Values,
  group: GroupInfo,
  level: number,
  levels: readonly LevelInfo[],
): { skillIds: string[]; undo: UndoState | null; notice: string } {
  const previous: Record<string, RatingValue | undefined> = {};
  const skillIds: string[] = [];
  for (const skill of group.skills) {
    if (isRated(values[skill.id])) continue;
    previous[skill.id] = values[skill.id];
    skillIds.push(skill.id);
  }
  const levelName = levels.find((candidate) => candidate.level === level)?.name ?? String(level);
  const count = skillIds.length;
  return {
    skillIds,
    undo: count > 0 ? { label: `Rated ${count} skills in ${group.name} as ${levelName}.`, previous } : null,
    notice:
      count > 0
        ? `Rated ${count} unrated skills in ${group.name} as ${levelName}.`
        : `Every skill in ${group.name} is already rated.`,
  };
}

/** The changes that put back what an undo remembers. */
export function undoPatches(undo: UndoState): { skillId: string; patch: Patch }[] {
  return Object.entries(undo.previous).map(([skillId, previous]) => ({
    skillId,
    patch: {
      level: previous?.level ?? null,
      notApplicable: previous?.notApplicable ?? false,
      interest: previous?.interest ?? false,
      note: previous?.note ?? null,
    },
  }));
}

/** Done, to confirm and total for these skills: the one completion rule (lib/assessments/completion-rule.ts). */
export function progressOf(values: Values, skillIds: readonly string[]): CompletionCounts {
  return completionOf(values, skillIds);
}

export function skillIdsOf(section: SectionInfo): string[] {
  return section.groups.flatMap((group) => group.skills.map((skill) => skill.id));
}
