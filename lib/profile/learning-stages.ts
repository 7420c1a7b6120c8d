import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { learningStages } from '@/db/schema';
import type { StageInfo } from './learning-plan';

export async function loadLearningStages(db: Db, organizationId: string, frameworkId: string): Promise<StageInfo[]> {
  return db
    .select({
      key: learningStages.key,
      name: learningStages.name,
      position: learningStages.position,
      fromLevel: learningStages.fromLevel,
      toLevel: learningStages.toLevel,
      steps: learningStages.steps,
    })
    .from(learningStages)
    .where(and(eq(learningStages.organizationId, organizationId), eq(learningStages.frameworkId, frameworkId)))
    .orderBy(asc(learningStages.position));
}
