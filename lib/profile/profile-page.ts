import 'server-only';
import type { Db } from '@/db';
import { selectTogether } from '@/db/together';
import { completionsSql, memberCompletion, parseCompletions, type Completion } from '@/lib/assessments/completion';
import { gapsSql, parseGaps, parseTargetedSkills, targetedSkillsSql, type SkillGap } from './gaps';
import { buildLearningPlan, LEARNING_PLAN_SIZE, type PlanStage } from './learning-plan';
import type { LevelName } from './levels';
import { findMentors } from './mentors';
import { loadProfileContext, type ProfileContext } from './profile-context';
import { parseRadar, radarSql, type RadarData } from './radar';
import type { ProfileScope } from './scope';
import { parseTrend, trendSql, type TrendData } from './trend';

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

/**
 * Everything /me shows, for the signed-in member only (the caller passes the session's ids), in three
 * statements whatever the framework's or the team's size (issue 23; eleven before): the context (with the
 * level names and learning stages), the figures (completion, targeted skills, gaps, radar and trend by area
 * and by section: each loader's own statement, sent together through db/together.ts), and the mentors of the
 * learning plan's skills, which depend on the gaps.
 */
export async function loadProfilePage(db: Db, organizationId: string, membershipId: string): Promise<ProfilePageData> {
  const context = await loadProfileContext(db, organizationId, membershipId);
  if (!context.framework || !context.cycle) return { context, data: null };
  const scope: ProfileScope = {
    organizationId,
    membershipId,
    frameworkId: context.framework.id,
    cycleId: context.cycle.id,
  };

  const parts = await selectTogether(db, {
    completion: completionsSql(scope, { membershipId }),
    targeted: targetedSkillsSql(scope),
    gaps: gapsSql(scope),
    area_radar: radarSql(scope, 'area'),
    section_radar: radarSql(scope, 'section'),
    area_trend: trendSql(scope, 'area'),
    section_trend: trendSql(scope, 'section'),
  });
  const gaps = parseGaps(parts.gaps);
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
      levels: context.levels,
      completion: memberCompletion(parseCompletions(parts.completion)),
      targetedSkills: parseTargetedSkills(parts.targeted),
      gaps,
      radar: { area: parseRadar(parts.area_radar), section: parseRadar(parts.section_radar) },
      trend: { area: parseTrend(parts.area_trend), section: parseTrend(parts.section_trend) },
      plan: buildLearningPlan(planGaps, context.stages, mentors),
    },
  };
}
