import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { proficiencyLevels } from '@/db/schema';

export interface LevelName {
  level: number;
  name: string;
}

/** The framework's scale (0 None … 4 Expert by default), lowest first. */
export async function loadLevelNames(db: Db, organizationId: string, frameworkId: string): Promise<LevelName[]> {
  return db
    .select({ level: proficiencyLevels.level, name: proficiencyLevels.name })
    .from(proficiencyLevels)
    .where(and(eq(proficiencyLevels.organizationId, organizationId), eq(proficiencyLevels.frameworkId, frameworkId)))
    .orderBy(asc(proficiencyLevels.level));
}
