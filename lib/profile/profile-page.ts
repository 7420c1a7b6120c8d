import 'server-only';
import type { Db } from '@/db';
import { loadCompletionWithStale, type Completion } from '@/lib/assessments/completion';
import { countTargetedSkills, loadGaps, type SkillGap } from './gaps';
import { buildLearningPlan, LEARNING_PLAN_SIZE, type PlanStage } from './learning-plan';
import { loadLearningStages } from './learning-stages';
import { loadLevelNames, type LevelName } from './levels';
import { findMentors } from './mentors';
import { loadProfileContext, type ProfileContext } from './profile-context';
import { loadRadar, type RadarData } from './radar';
import type { ProfileScope } from './scope';
import { loadTrend, type TrendData } from './trend';

export interface ProfilePageData {
  context: ProfileContext;
  /** Null when there is no framework or no cycle yet: the page shows an empty state. */
  data: {
    scope: ProfileScope;
    levels: LevelName[];
    completion: Completion;
    targetedSkills: number;
    gaps: SkillGap[];
    radar: { area: RadarData; section: RadarData };
    trend: { area: TrendData; section: TrendData };
    plan: PlanStage[];
  } | null;
}

/** Everything /me shows, for the signed-in member only (the caller passes the session's ids). */
export async function loadProfilePage(db: Db, organizationId: string, membershipId: string): Promise<ProfilePageData> {
  const context = await loadProfileContext(db, organizationId, membershipId);
  if (!context.framework || !context.cycle) return { context, data: null };
  const scope: ProfileScope = {
    organizationId,
    membershipId,
    frameworkId: context.framework.id,
    cycleId: context.cycle.id,
  };

  const [levels, completion, targetedSkills, gaps, areaRadar, sectionRadar, areaTrend, sectionTrend, stages] =
    await Promise.all([
      loadLevelNames(db, organizationId, scope.frameworkId),
      loadCompletionWithStale(db, scope),
      countTargetedSkills(db, scope),
      loadGaps(db, scope),
      loadRadar(db, scope, 'area'),
      loadRadar(db, scope, 'section'),
      loadTrend(db, scope, 'area'),
      loadTrend(db, scope, 'section'),
      loadLearningStages(db, organizationId, scope.frameworkId),
    ]);
  const planGaps = gaps.slice(0, LEARNING_PLAN_SIZE);
  const mentors = await findMentors(
    db,
    scope,
    planGaps.map((gap) => gap.skillId),
  );
  return {
    context,
    data: {
      scope,
      levels,
      completion,
      targetedSkills,
      gaps,
      radar: { area: areaRadar, section: sectionRadar },
      trend: { area: areaTrend, section: sectionTrend },
      plan: buildLearningPlan(planGaps, stages, mentors),
    },
  };
}
