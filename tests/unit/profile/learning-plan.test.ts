import { describe, expect, it } from 'vitest';
import { buildLearningPlan, selectLearningStage, type PlanGap, type StageInfo } from '@/lib/profile/learning-plan';

const stage = (
  key: string,
  name: string,
  position: number,
  fromLevel: number | null,
  toLevel: number | null,
): StageInfo => ({
  key,
  name,
  position,
  fromLevel,
  toLevel,
  steps: [`${name} step`],
});

// Stored out of order on purpose: selection must not depend on row order.
const STAGES: StageInfo[] = [
  stage('continuous', 'Continuous Learning', 3, null, null),
  stage('a2e', 'Advanced to Expert', 2, 3, 4),
  stage('b2i', 'Beginner to Intermediate', 0, 1, 2),
  stage('i2a', 'Intermediate to Advanced', 1, 2, 3),
];

describe('selectLearningStage', () => {
  it.each([
    [0, 'Beginner to Intermediate'],
    [1, 'Beginner to Intermediate'],
    [2, 'Intermediate to Advanced'],
    [3, 'Advanced to Expert'],
    [4, 'Continuous Learning'],
  ])('level %i → %s', (level, name) => {
    expect(selectLearningStage(STAGES, level)?.name).toBe(name);
  });

  it('falls back to the last stage without an open-ended one, and to null without stages', () => {
    const bounded = STAGES.filter((entry) => entry.fromLevel !== null);
    expect(selectLearningStage(bounded, 4)?.key).toBe('a2e');
    expect(selectLearningStage([], 1)).toBeNull();
  });

  it('heads for the next stage across a hole in the path', () => {
    const holey = [stage('one', 'One', 0, 1, 2), stage('three', 'Three', 1, 3, 4)];
    expect(selectLearningStage(holey, 2)?.key).toBe('three');
  });
});

describe('buildLearningPlan', () => {
  const gap = (skillId: string, current: number | null, target: number): PlanGap => ({
    skillId,
    skillName: skillId.toUpperCase(),
    sectionName: 'S',
    current,
    notRated: current === null,
    target,
    gap: target - (current ?? 0),
  });

  it('groups gaps by stage in learning order, keeps gap order inside a stage and attaches mentors', () => {
    const plan = buildLearningPlan(
      [gap('k8s', 0, 4), gap('aws', 2, 4), gap('py', null, 3), gap('tf', 1, 3), gap('go', 3, 4)],
      STAGES,
      { aws: ['Ana', 'Bo'], go: ['Cy'] },
    );
    expect(plan.map((entry) => [entry.stage?.key, entry.items.map((item) => [item.skillId, item.mentors])])).toEqual([
      [
        'b2i',
        [
          ['k8s', []],
          ['py', []],
          ['tf', []],
        ],
      ],
      ['i2a', [['aws', ['Ana', 'Bo']]]],
      ['a2e', [['go', ['Cy']]]],
    ]);
    expect(plan[0]?.stage?.steps).toEqual(['Beginner to Intermediate step']);
  });

  it('still lists the gaps when the framework has no learning stages', () => {
    const plan = buildLearningPlan([gap('aws', 1, 3)], [], {});
    expect(plan).toEqual([{ stage: null, items: [expect.objectContaining({ skillId: 'aws', mentors: [] })] }]);
  });
});
