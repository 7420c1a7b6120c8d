'use client';

import { useMemo, useRef, type ReactNode } from 'react';
import type { AssessmentData } from '@/lib/assessments/assessment-data';
import { progressOf, skillIdsOf, toConfirmIn } from './assessment-state';
import { DescriptionsProvider } from './descriptions';
import { EvidenceProvider, type PageEvidence } from './evidence-links';
import { GroupBlock } from './group-block';
import { JumpDialog } from './jump-dialog';
import { ProgressHeader } from './progress-header';
import { SectionNav } from './section-nav';
import { CarriedOverBanner, SectionIntro, SectionPager } from './section-intro';
import { useAssessment } from './use-assessment';

/**
 * The self-assessment page: one section at a time, one key per skill,
 * autosaved. Its state and behaviour live in `useAssessment` (the rules in
 * the pure reducer of assessment-state.ts); this component only lays out.
 */
export function AssessmentView({
  data,
  descriptions,
  evidence,
  initialSectionKey,
}: {
  data: AssessmentData;
  /** Section and skill descriptions by node id, rendered on the server (./descriptions.tsx). */
  descriptions: Readonly<Record<string, ReactNode>>;
  /** The member's evidence links for the whole page (./evidence-links.tsx); null when it takes none. */
  evidence: PageEvidence | null;
  initialSectionKey: string | null;
}) {
  const root = useRef<HTMLDivElement>(null);
  const assessment = useAssessment(data, initialSectionKey, root);
  const { state, sections, section, readOnly } = assessment;
  const optionalSections = useMemo(() => new Set(data.optionalSectionIds), [data.optionalSectionIds]);
  const allSkillIds = useMemo(
    () => sections.flatMap((candidate) => candidate.groups.flatMap((group) => group.skills.map((skill) => skill.id))),
    [sections],
  );

  if (!section) {
    return <p className="text-slate-600">This framework has no skills to rate yet.</p>;
  }
  const total = progressOf(state.values, allSkillIds);
  const sectionIndex = sections.indexOf(section);
  const toConfirmInSection = toConfirmIn(state.values, skillIdsOf(section)).length;

  return (
    <DescriptionsProvider descriptions={descriptions}>
      <EvidenceProvider evidence={evidence}>
        <div ref={root} className="space-y-4">
          <ProgressHeader
            done={total.done}
            rated={total.rated}
            confirmed={total.confirmed}
            toConfirm={total.toConfirm}
            total={total.total}
            queue={state.queue}
            readOnly={readOnly}
            onRetry={assessment.retrySaving}
            onDiscard={assessment.discardPending}
          />

          {state.jumpMode ? <JumpDialog sections={sections} onJump={assessment.goToSection} /> : null}

          <div className="grid gap-6 lg:grid-cols-[16rem_1fr]">
            <SectionNav
              areas={data.areas}
              sections={sections}
              current={section}
              values={state.values}
              optionalSections={optionalSections}
              navOpen={state.navOpen}
              helpOpen={state.helpOpen}
              onToggleNav={assessment.toggleNav}
              onHelpToggle={assessment.setHelpOpen}
              onGoTo={(key) => assessment.goToSection(key, 'active')}
            />

            <section aria-labelledby="section-heading" className="min-w-0 space-y-4">
              <SectionIntro
                section={section}
                index={sectionIndex}
                count={sections.length}
                optional={optionalSections.has(section.id)}
                levels={data.levels}
              />

              {!readOnly && toConfirmInSection > 0 ? (
                <CarriedOverBanner count={toConfirmInSection} onConfirm={assessment.confirmSection} />
              ) : null}

              <p role="status" aria-live="polite" className="min-h-5 text-sm text-slate-700">
                {state.notice}
                {state.undo ? (
                  <button
                    type="button"
                    onClick={assessment.undoGroup}
                    className="ml-2 font-medium text-brand-700 underline"
                  >
                    Undo
                  </button>
                ) : null}
              </p>

              {section.groups.map((group) => (
                <GroupBlock
                  key={group.id}
                  group={group}
                  showHeading={group.id !== section.id || section.groups.length > 1}
                  values={state.values}
                  levels={data.levels}
                  activeId={state.activeId}
                  readOnly={readOnly}
                  registerRow={assessment.registerRow}
                  onFocusRow={assessment.focusRow}
                  onChange={assessment.change}
                  onConfirm={assessment.confirmSkill}
                  onRateGroup={assessment.rateGroup}
                />
              ))}

              <SectionPager
                previous={sections[sectionIndex - 1]}
                next={sections[sectionIndex + 1]}
                onGoTo={assessment.goToSection}
              />
            </section>
          </div>
        </div>
      </EvidenceProvider>
    </DescriptionsProvider>
  );
}
