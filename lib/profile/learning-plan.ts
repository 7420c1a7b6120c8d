/**
 * Turning gaps into a learning plan. Pure functions (no database, no
 * server-only) so the stage rules are unit-tested on their own.
 */

export interface StageInfo {
  key: string;
  name: string;
  position: number;
  /** Null for open-ended stages such as "Continuous learning". */
  fromLevel: number | null;
  toLevel: number | null;
  steps: string[];
}

export interface PlanGap {
  skillId: string;
  skillName: string;
  sectionName: string;
  current: number | null;
  notRated: boolean;
  target: number;
  gap: number;
}

export interface PlanItem extends PlanGap {
  mentors: string[];
}

export interface PlanStage {
  /** Null when the framework has no learning stages that fit. */
  stage: StageInfo | null;
  items: PlanItem[];
}

/** How many of the largest gaps go into the plan. */
export const LEARNING_PLAN_SIZE = 8;

type BoundedStage = StageInfo & { fromLevel: number; toLevel: number };

function isBounded(stage: StageInfo): stage is BoundedStage {
  return stage.fromLevel !== null && stage.toLevel !== null;
}

/**
 * The stage for a skill at `currentLevel` (0 when not rated): the stage that
 * starts at or below the level and ends above it (1→2 for a Beginner), the
 * first stage for anyone below every stage (level 0 starts with "Beginner to
 * Intermediate"), and the open-ended stage for anyone past the last one.
 */
export function selectLearningStage(stages: readonly StageInfo[], currentLevel: number): StageInfo | null {
  const bounded = stages.filter(isBounded).sort((a, b) => a.fromLevel - b.fromLevel || a.position - b.position);
  const openEnded = stages.filter((stage) => !isBounded(stage)).sort((a, b) => a.position - b.position);
  const covering = bounded.filter((stage) => stage.fromLevel <= currentLevel && currentLevel < stage.toLevel).at(-1);
  if (covering) return covering;
  const first = bounded[0];
  if (first && currentLevel < first.fromLevel) return first;
  // A hole in the path (say 1→2 and 3→4 at level 2): the next stage up is where the learner heads.
  const next = bounded.find((stage) => stage.fromLevel > currentLevel);
  if (next) return next;
  return openEnded[0] ?? bounded.at(-1) ?? null;
}

/**
 * Groups the gaps (already ordered largest first) by their stage, stages in
 * learning order (Beginner→Intermediate first), gaps inside a stage keeping
 * their order, each with its suggested mentors.
 */
export function buildLearningPlan(
  gaps: readonly PlanGap[],
  stages: readonly StageInfo[],
  mentorsBySkill: Readonly<Record<string, readonly string[]>>,
): PlanStage[] {
  const groups = new Map<string, PlanStage>();
  for (const gap of gaps) {
    const stage = selectLearningStage(stages, gap.current ?? 0);
    const key = stage?.key ?? '';
    let group = groups.get(key);
    if (!group) {
      group = { stage, items: [] };
      groups.set(key, group);
    }
    group.items.push({ ...gap, mentors: [...(mentorsBySkill[gap.skillId] ?? [])] });
  }
  const rank = (stage: StageInfo | null) =>
    stage === null ? Number.MAX_SAFE_INTEGER : (stage.fromLevel ?? Number.MAX_SAFE_INTEGER - 1);
  return [...groups.values()].sort(
    (a, b) => rank(a.stage) - rank(b.stage) || (a.stage?.position ?? 0) - (b.stage?.position ?? 0),
  );
}
