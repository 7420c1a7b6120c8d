import 'server-only';
import { and, asc, count, eq, isNull } from 'drizzle-orm';
import type { Db } from '@/db';
import { frameworks, skillNodes } from '@/db/schema';
import { findOpenCycle } from '@/lib/cycles/current';
import { loadCompletion } from '@/lib/profile/completion';

export interface HomeSummary {
  framework: { name: string; version: number; areas: number; sections: number; skills: number } | null;
  cycle: {
    id: string;
    name: string;
    opensOn: string;
    closesOn: string;
    rated: number;
    /** Of the rated, pre-filled from the previous cycle and not yet confirmed. */
    carriedOver: number;
  } | null;
}

export async function loadHomeSummary(db: Db, organizationId: string, membershipId: string): Promise<HomeSummary> {
  const cycle = await findOpenCycle(db, { organizationId, membershipId });
  const [framework] = await db
    .select()
    .from(frameworks)
    .where(
      and(
        eq(frameworks.organizationId, organizationId),
        cycle ? eq(frameworks.id, cycle.frameworkId) : isNull(frameworks.archivedAt),
      ),
    )
    .orderBy(asc(frameworks.createdAt))
    .limit(1);

  let frameworkSummary: HomeSummary['framework'] = null;
  if (framework) {
    const counts = await db
      .select({ kind: skillNodes.kind, n: count() })
      .from(skillNodes)
      .where(
        and(
          eq(skillNodes.organizationId, organizationId),
          eq(skillNodes.frameworkId, framework.id),
          isNull(skillNodes.archivedAt),
        ),
      )
      .groupBy(skillNodes.kind);
    const countOf = (kind: string) => Number(counts.find((row) => row.kind === kind)?.n ?? 0);
    frameworkSummary = {
      name: framework.name,
      version: framework.version,
      areas: countOf('area'),
      sections: countOf('category'),
      skills: countOf('skill'),
    };
  }

  let cycleSummary: HomeSummary['cycle'] = null;
  if (cycle) {
    const completion = await loadCompletion(db, {
      organizationId,
      membershipId,
      frameworkId: cycle.frameworkId,
      cycleId: cycle.id,
    });
    cycleSummary = {
      id: cycle.id,
      name: cycle.name,
      opensOn: cycle.opensOn,
      closesOn: cycle.closesOn,
      rated: completion.rated,
      carriedOver: completion.carriedOver,
    };
  }
  return { framework: frameworkSummary, cycle: cycleSummary };
}
