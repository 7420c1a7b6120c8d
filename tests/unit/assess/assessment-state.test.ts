import { describe, expect, it } from 'vitest';
import {
  applyPatch,
  assessmentReducer,
  initialState,
  keyCommand,
  planGroupRating,
  progressOf,
  shortcutFor,
  stepFrom,
  toConfirmIn,
  undoPatches,
  type AssessmentState,
} from '@/components/assess/assessment-state';
import type { GroupInfo, LevelInfo, SectionInfo } from '@/lib/assessments/assessment-data';
import type { RatingValue } from '@/lib/assessments/rating-value';

const skill = (id: string) => ({ id, name: id.toUpperCase(), description: null });
const group = (id: string, skills: string[]): GroupInfo => ({
  id,
  name: `Group ${id}`,
  description: null,
  skills: skills.map(skill),
});
const section = (key: string, groups: GroupInfo[]): SectionInfo => ({
  id: `section-${key}`,
  key,
  name: `Section ${key}`,
  description: null,
  areaName: 'Area',
  groups,
});

const sections = [
  section('one', [group('g1', ['a', 'b']), group('g2', ['c'])]),
  section('two', [group('g3', ['d', 'e'])]),
];
const levels: LevelInfo[] = [0, 1, 2, 3, 4].map((level) => ({
  level,
  name: ['None', 'Beginner', 'Intermediate', 'Advanced', 'Expert'][level]!,
  descriptor: '',
}));
const rated = (level: number | null, extra: Partial<RatingValue> = {}): RatingValue => ({
  level,
  notApplicable: false,
  interest: false,
  note: null,
  carriedOver: false,
  confirmed: false,
  changedAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});

const start = (overrides: Partial<AssessmentState> = {}): AssessmentState => ({
  ...initialState({ sections, ratings: {}, initialSectionKey: null }),
  ...overrides,
});

describe('initialState', () => {
  it('opens the section asked for, or the first, with its first skill active', () => {
    expect(initialState({ sections, ratings: {}, initialSectionKey: 'two' })).toMatchObject({
      sectionKey: 'two',
      activeId: 'd',
    });
    expect(initialState({ sections, ratings: {}, initialSectionKey: 'nope' })).toMatchObject({
      sectionKey: 'one',
      activeId: 'a',
    });
    expect(initialState({ sections: [], ratings: {}, initialSectionKey: null })).toMatchObject({
      sectionKey: '',
      activeId: null,
    });
  });
});

describe('applyPatch', () => {
  it('clears the level of n/a and confirms a carried-over rating', () => {
    const carried = rated(3, { carriedOver: true, note: 'kept' });
    expect(applyPatch(carried, { notApplicable: true, level: 2 }, 't1')).toEqual({
      ...carried,
      level: null,
      notApplicable: true,
      carriedOver: false,
      changedAt: 't1',
    });
    expect(applyPatch(undefined, { interest: true }, 't2')).toMatchObject({ level: null, interest: true });
  });
});

describe('assessmentReducer', () => {
  it('applies a change to one skill only', () => {
    const state = start({ values: { b: rated(1) } });
    const next = assessmentReducer(state, {
      type: 'change',
      skillId: 'a',
      patch: { level: 4, notApplicable: false },
      changedAt: 't',
    });
    expect(next.values.a).toMatchObject({ level: 4, changedAt: 't' });
    expect(next.values.b).toBe(state.values.b);
  });

  it('shows pending changes from an earlier visit in order, the last one winning', () => {
    const next = assessmentReducer(start({ values: { a: rated(1) } }), {
      type: 'restorePending',
      changes: [
        { skillId: 'a', level: 2, notApplicable: false, changedAt: 't1' },
        { skillId: 'a', level: 3, notApplicable: false, changedAt: 't2' },
        { skillId: 'c', level: null, notApplicable: true, changedAt: 't3' },
      ],
    });
    expect(next.values.a).toMatchObject({ level: 3, changedAt: 't2' });
    expect(next.values.c).toMatchObject({ notApplicable: true, level: null });
  });

  it('shows the server’s newer value unless the skill changed again on this page', () => {
    const next = assessmentReducer(start({ values: { a: rated(1), b: rated(1) } }), {
      type: 'stale',
      items: [
        { clientChangeId: 'x', skillId: 'a', value: rated(4) },
        { clientChangeId: 'y', skillId: 'b', value: rated(4) },
      ],
      stillPending: new Set(['b']),
    });
    expect(next.values.a?.level).toBe(4);
    expect(next.values.b?.level).toBe(1);
  });

  it('goes to a section: its first skill, panels closed', () => {
    const next = assessmentReducer(start({ jumpMode: true, navOpen: true, activeId: 'b' }), {
      type: 'goToSection',
      section: sections[1]!,
    });
    expect(next).toMatchObject({ sectionKey: 'two', activeId: 'd', jumpMode: false, navOpen: false });
  });

  it('keeps the same state object when nothing changes (no re-render)', () => {
    const state = start();
    expect(assessmentReducer(state, { type: 'focusSkill', skillId: 'a' })).toBe(state);
    expect(assessmentReducer(state, { type: 'setHelp', open: false })).toBe(state);
  });

  it('toggles help and the section list, sets notices with or without touching the undo', () => {
    let state = assessmentReducer(start(), { type: 'toggleHelp' });
    state = assessmentReducer(state, { type: 'toggleNav' });
    expect(state).toMatchObject({ helpOpen: true, navOpen: true });
    const undo = { label: 'x', previous: {} };
    state = assessmentReducer(state, { type: 'notice', text: 'Rated.', undo });
    state = assessmentReducer(state, { type: 'notice', text: 'Still there.' });
    expect(state).toMatchObject({ notice: 'Still there.', undo });
    state = assessmentReducer(state, { type: 'notice', text: 'Undone.', undo: null });
    expect(state.undo).toBeNull();
  });

  it('confirms carried-over ratings: they stay carried over and become confirmed; others stay as they are', () => {
    const state = start({
      values: { a: rated(2, { carriedOver: true }), b: rated(1), d: rated(2, { carriedOver: true }) },
    });
    expect(toConfirmIn(state.values, ['a', 'b', 'c', 'd'])).toEqual(['a', 'd']);
    const next = assessmentReducer(state, { type: 'confirm', skillIds: ['a', 'b', 'c'], text: 'Confirmed.' });
    expect(next.values.a).toMatchObject({ carriedOver: true, confirmed: true, level: 2 });
    expect(next.values.b).toBe(state.values.b);
    expect(next.values.c).toBeUndefined();
    expect(next.values.d).toMatchObject({ carriedOver: true, confirmed: false });
    expect(next.notice).toBe('Confirmed.');
    expect(progressOf(next.values, ['a', 'b', 'd'])).toEqual({
      total: 3,
      rated: 1,
      confirmed: 1,
      toConfirm: 1,
      done: 2,
    });
    // Changing a confirmed value makes it rated in this cycle.
    const changed = assessmentReducer(next, { type: 'change', skillId: 'a', patch: { level: 3 }, changedAt: 'x' });
    expect(changed.values.a).toMatchObject({ carriedOver: false, confirmed: false, level: 3 });
  });

  it('restores a pending confirmation from an earlier visit as a confirmation, not a change', () => {
    const state = start({ values: { a: rated(2, { carriedOver: true }) } });
    const next = assessmentReducer(state, {
      type: 'restorePending',
      changes: [
        { skillId: 'a', level: 2, notApplicable: false, interest: false, note: null, changedAt: 'x', confirm: true },
      ],
    });
    expect(next.values.a).toMatchObject({ carriedOver: true, confirmed: true });
  });

  it('tracks the queue', () => {
    const state = assessmentReducer(start(), {
      type: 'queueState',
      state: { status: 'offline', pending: 3, error: null },
    });
    expect(state).toMatchObject({ queue: { status: 'offline', pending: 3 } });
  });

  it('keeps the same state when the queue reports what is already shown (no re-render after hydration)', () => {
    const state = start();
    expect(assessmentReducer(state, { type: 'queueState', state: { status: 'saved', pending: 0, error: null } })).toBe(
      state,
    );
  });
});

describe('keyCommand', () => {
  const base = { jumpMode: false, sections, hasSkill: true, readOnly: false, maxLevel: 4 };
  it('one key per skill: digits up to the top level, n, i; moves with j/k and arrows', () => {
    expect(keyCommand({ ...base, key: '3' })).toEqual({
      kind: 'rate',
      patch: { level: 3, notApplicable: false },
      advance: true,
    });
    expect(keyCommand({ ...base, key: '5' })).toBeNull();
    expect(keyCommand({ ...base, key: 'n' })).toMatchObject({ patch: { level: null, notApplicable: true } });
    expect(keyCommand({ ...base, key: 'i' })).toEqual({ kind: 'toggleInterest' });
    expect(keyCommand({ ...base, key: 'c' })).toEqual({ kind: 'confirm', advance: true });
    expect(keyCommand({ ...base, key: 'c', readOnly: true })).toBeNull();
    expect(keyCommand({ ...base, key: 'j' })).toEqual({ kind: 'move', step: 1 });
    expect(keyCommand({ ...base, key: 'ArrowUp' })).toEqual({ kind: 'move', step: -1 });
    expect(keyCommand({ ...base, key: '?' })).toEqual({ kind: 'toggleHelp' });
    expect(keyCommand({ ...base, key: 'x' })).toBeNull();
  });

  it('a closed cycle moves but never rates', () => {
    expect(keyCommand({ ...base, readOnly: true, key: '2' })).toBeNull();
    expect(keyCommand({ ...base, readOnly: true, key: 'n' })).toBeNull();
    expect(keyCommand({ ...base, readOnly: true, key: 'j' })).toEqual({ kind: 'move', step: 1 });
  });

  it('g opens the section list, then a section’s key jumps; anything else closes it', () => {
    expect(keyCommand({ ...base, key: 'g' })).toEqual({ kind: 'openJump' });
    expect(keyCommand({ ...base, jumpMode: true, key: '2' })).toEqual({ kind: 'jump', sectionKey: 'two' });
    expect(keyCommand({ ...base, jumpMode: true, key: '9' })).toEqual({ kind: 'closeJump' });
    expect(keyCommand({ ...base, jumpMode: true, key: 'Escape' })).toEqual({ kind: 'closeJump' });
  });

  it('with no skill on screen only g and ? do anything', () => {
    expect(keyCommand({ ...base, hasSkill: false, key: '1' })).toBeNull();
    expect(keyCommand({ ...base, hasSkill: false, key: 'g' })).toEqual({ kind: 'openJump' });
  });

  it('section shortcuts run 1–9 then a–z', () => {
    expect([0, 8, 9, 34, 35].map(shortcutFor)).toEqual(['1', '9', 'a', 'z', null]);
  });
});

describe('stepFrom', () => {
  const step = (from: string, dir: 1 | -1, crossSections: boolean, sectionKey = 'one') =>
    stepFrom({ sections, sectionKey, from, step: dir, crossSections });
  it('moves within a section across its groups, and on to the next section only when asked', () => {
    expect(step('b', 1, false)).toEqual({ skillId: 'c' });
    expect(step('b', -1, false)).toEqual({ skillId: 'a' });
    expect(step('c', 1, false)).toBeNull();
    expect(step('c', 1, true)).toEqual({ section: sections[1] });
    expect(step('e', 1, true, 'two')).toBeNull();
  });
});

describe('planGroupRating and undo', () => {
  it('fills only the unrated skills, and undo restores exactly them', () => {
    const values = { a: rated(4), b: rated(null, { interest: true }) };
    const plan = planGroupRating(values, sections[0]!.groups[0]!, 1, levels);
    expect(plan.skillIds).toEqual(['b']);
    expect(plan.notice).toBe('Rated 1 unrated skills in Group g1 as Beginner.');
    expect(undoPatches(plan.undo!)).toEqual([
      { skillId: 'b', patch: { level: null, notApplicable: false, interest: true, note: null } },
    ]);
    const none = planGroupRating({ a: rated(1), b: rated(2) }, sections[0]!.groups[0]!, 1, levels);
    expect(none).toMatchObject({ skillIds: [], undo: null, notice: 'Every skill in Group g1 is already rated.' });
  });

  it('counts n/a as rated in the progress, an interest alone as not', () => {
    expect(
      progressOf({ a: rated(null, { notApplicable: true }), b: rated(null, { interest: true }), c: rated(0) }, [
        'a',
        'b',
        'c',
        'd',
      ]),
    ).toEqual({ total: 4, rated: 2, confirmed: 0, toConfirm: 0, done: 2 });
  });

  it('counts a carried-over rating as to confirm, not done, until confirmed or changed', () => {
    const carried = { ...rated(3), carriedOver: true };
    expect(progressOf({ a: carried, b: rated(2) }, ['a', 'b'])).toEqual({
      total: 2,
      rated: 1,
      confirmed: 0,
      toConfirm: 1,
      done: 1,
    });
    expect(progressOf({ a: { ...carried, confirmed: true }, b: rated(2) }, ['a', 'b'])).toEqual({
      total: 2,
      rated: 1,
      confirmed: 1,
      toConfirm: 0,
      done: 2,
    });
    expect(progressOf({ a: { ...carried, carriedOver: false }, b: rated(2) }, ['a', 'b'])).toMatchObject({
      rated: 2,
      done: 2,
    });
  });
});
