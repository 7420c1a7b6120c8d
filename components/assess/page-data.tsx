import type { ReactNode } from 'react';
import { Markdown } from '@/components/ui/markdown';
import type { AssessmentData, SkillInfo } from '@/lib/assessments/assessment-data';
import type { EvidenceLink } from '@/lib/assessments/evidence-limits';
import type { PageEvidence } from './evidence-links';

/**
 * What the page's client component receives, lighter than what `loadAssessment` returns (issue 23):
 * - the sections' and skills' Markdown descriptions rendered here, on the server, and taken out of the data:
 *   the browser then needs no Markdown parser (components/assess/descriptions.tsx);
 * - the evidence links once for the page, only for skills that have some, instead of an
 *   `{ cycleId, links: [] }` object on every skill (components/assess/evidence-links.tsx).
 */
export function forTheBrowser(data: AssessmentData): {
  data: AssessmentData;
  descriptions: Record<string, ReactNode>;
  evidence: PageEvidence | null;
} {
  const descriptions: Record<string, ReactNode> = {};
  const rendered = (id: string, text: string | null) => {
    if (text) descriptions[id] = <Markdown inline>{text}</Markdown>;
    return null;
  };
  let evidence: { cycleId: string; links: Record<string, EvidenceLink[]> } | null = null;
  const withoutEvidence = ({ evidence: own, ...skill }: SkillInfo): SkillInfo => {
    if (own) {
      evidence ??= { cycleId: own.cycleId, links: {} };
      if (own.links.length > 0) evidence.links[skill.id] = own.links;
    }
    return { ...skill, description: rendered(skill.id, skill.description) };
  };
  const areas = data.areas.map((area) => ({
    ...area,
    sections: area.sections.map((section) => ({
      ...section,
      description: rendered(section.id, section.description),
      groups: section.groups.map((group) => ({ ...group, skills: group.skills.map(withoutEvidence) })),
    })),
  }));
  return { data: { ...data, areas }, descriptions, evidence };
}
