'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import type { BoardSection } from '@/lib/insight/calibration-board';
import { CalibrationProgress } from './calibration/calibration-progress';
import { CalibrationRow } from './calibration/calibration-row';
import { SectionHeader } from './calibration/section-header';
import { SectionNav } from './calibration/section-nav';
import { useCalibrationKeys } from './calibration/use-calibration-keys';
import { useCalibrationSaves } from './calibration/use-calibration-saves';
import { reviewed, reviewedCount } from './calibration/values';

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

/**
 * Calibration the way /assess works: one section at a time, one key per
 * skill (0–4 rate and move on, n for n/a, j/k or arrows to move), every
 * change saved at once (in order, one request at a time), "agree with the
 * self ratings" for the whole section, and progress per section and overall.
 * This component holds where the manager is (section, active row, focus); the
 * ratings and their saves live in `useCalibrationSaves`, the keys in `useCalibrationKeys`.
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
  const { values, valuesRef, status, save, agreeing, agreeWithSection } = useCalibrationSaves({
    cycleId,
    membershipId,
    sections,
  });
  const firstOpen = sections.findIndex((section) => section.skills.some((skill) => !reviewed(values[skill.skillId])));
  const [sectionIndex, setSectionIndex] = useState(Math.max(0, firstOpen));
  const section = sections[sectionIndex];
  const [activeId, setActiveId] = useState<string | null>(null);
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
    [skills, readOnly, save, valuesRef],
  );

  useCalibrationKeys({ current: activeId ?? skills[0]?.skillId, readOnly, maxLevel, advance, rate });

  const total = sections.reduce((sum, s) => sum + s.skills.length, 0);
  const done = sections.reduce((sum, s) => sum + reviewedCount(s, values), 0);
  const openInSection = section ? section.skills.length - reviewedCount(section, values) : 0;

  if (!section) return null;

  return (
    <div className="space-y-4" data-calibration-board="">
      <CalibrationProgress done={done} total={total} status={status} readOnly={readOnly} />
      <SectionNav sections={sections} sectionIndex={sectionIndex} values={values} onPick={goToSection} />

      <section
        aria-labelledby="calibration-section"
        className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 sm:p-6"
      >
        <SectionHeader
          section={section}
          memberName={memberName}
          openInSection={openInSection}
          readOnly={readOnly}
          agreeing={agreeing}
          onAgree={() => agreeWithSection(section)}
          maxLevel={maxLevel}
        />
        <ol className="divide-y divide-slate-100">
          {skills.map((skill) => (
            <CalibrationRow
              key={skill.skillId}
              skill={skill}
              value={values[skill.skillId]}
              levels={levels}
              active={activeId === skill.skillId}
              tabbable={activeId === skill.skillId || (!activeId && skill === skills[0])}
              flagGap={flagGap}
              readOnly={readOnly}
              noteMax={noteMax}
              rowRef={(element) => {
                if (element) rowRefs.current.set(skill.skillId, element);
                else rowRefs.current.delete(skill.skillId);
              }}
              onFocusRow={() => setActiveId(skill.skillId)}
              onRate={(level, notApplicable) => {
                setActiveId(skill.skillId);
                rate(skill.skillId, level, notApplicable);
              }}
              onSaveNote={(note) => {
                const previous = valuesRef.current[skill.skillId];
                if (!previous || !reviewed(previous)) return;
                save(skill.skillId, { ...previous, note }, previous, skill.skillName);
              }}
            />
          ))}
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
