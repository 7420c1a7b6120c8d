/**
 * What /assess hands its client component (components/assess/page-data.tsx, issue 23): no evidence object on
 * each skill, the links once for the page and only where there are some; descriptions rendered on the server.
 */
import { describe, expect, it } from 'vitest';
import { forTheBrowser } from '@/components/assess/page-data';
import type { AssessmentData, SkillInfo } from '@/lib/assessments/assessment-data';

const CYCLE = '0331cdfa-8773-453d-9e18-156d088dfcb3';
const link = { url: 'https://github.com/acme/x/pull/1', label: 'Typed the API' };

function data(skills: SkillInfo[]): AssessmentData {
  return {
    organizationId: 'org',
    membershipId: 'me',
    cycle: { id: CYCLE, name: 'Q4', status: 'open', opensOn: '2026-10-01', closesOn: '2026-12-31' },
    frameworkName: 'Engineering',
    levels: [],
    areas: [
      {
        id: 'area',
        name: 'Technical',
        sections: [
          {
            id: 'section',
            key: 'python',
            name: 'Python',
            description: 'The **language**',
            areaName: 'Technical',
            groups: [{ id: 'group', name: 'Basics', description: null, skills }],
          },
        ],
      },
    ],
    ratings: {},
    optionalSectionIds: [],
  };
}

const skillsOf = (result: AssessmentData) => result.areas[0]!.sections[0]!.groups[0]!.skills;

describe('forTheBrowser', () => {
  it('takes the evidence off every skill and keeps only the skills with links, once for the page', () => {
    const result = forTheBrowser(
      data([
        { id: 'a', name: 'Typing', description: null, evidence: { cycleId: CYCLE, links: [link] } },
        { id: 'b', name: 'Asyncio', description: 'Event *loops*', evidence: { cycleId: CYCLE, links: [] } },
      ]),
    );
    expect(result.evidence).toEqual({ cycleId: CYCLE, links: { a: [link] } });
    for (const skill of skillsOf(result.data)) expect(skill).not.toHaveProperty('evidence');
    // The cycle id travels in the page's cycle, not once per skill.
    expect(JSON.stringify(result.data).split(CYCLE)).toHaveLength(2);
  });

  it('renders the descriptions apart and leaves none in the data', () => {
    const result = forTheBrowser(
      data([{ id: 'b', name: 'Asyncio', description: 'Event *loops*', evidence: { cycleId: CYCLE, links: [] } }]),
    );
    expect(Object.keys(result.descriptions).sort()).toEqual(['b', 'section']);
    expect(skillsOf(result.data)[0]!.description).toBeNull();
    expect(result.data.areas[0]!.sections[0]!.description).toBeNull();
  });

  it('gives no evidence to a page whose skills take none', () => {
    expect(forTheBrowser(data([{ id: 'c', name: 'Typing', description: null }])).evidence).toBeNull();
  });
});
