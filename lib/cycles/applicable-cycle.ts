import 'server-only';
import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { assessmentCycles, teamMembers, type AssessmentCycle } from '@/db/schema';

/**
 * A cycle of the organization that applies to the member (organization-wide,
 * or one of their teams'), or null — also for another organization's id, so
 * callers report "not found" without learning more.
 */
export async function findApplicableCycle(
  db: Db,
  organizationId: string,
  membershipId: string,
  cycleId: string,
): Promise<AssessmentCycle | null> {
  const memberTeams = db
    .select({ teamId: teamMembers.teamId })
    .from(teamMembers)
    .where(and(eq(teamMembers.organizationId, organizationId), eq(teamMembers.membershipId, membershipId)));
  const [cycle] = await db
    .select()
    .from(assessmentCycles)
    .where(
      and(
        eq(assessmentCycles.organizationId, organizationId),
        eq(assessmentCycles.id, cycleId),
        or(isNull(assessmentCycles.teamId), sql`${assessmentCycles.teamId} in ${memberTeams}`),
      ),
    )
    .limit(1);
  return cycle ?? null;
}
