/**
 * Which cycle (and so which framework) a report reads. Not `server-only`:
 * the benchmark script resolves scopes too.
 */
import { and, desc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { assessmentCycles, organizations } from '@/db/schema';
import type { GapFilters } from './filters';
import type { ReportScope } from './gap-sql';

export interface CycleOption {
  id: string;
  name: string;
  status: 'open' | 'closed';
}

/**
 * The cycles a report may read: the organization's, or for a team report the
 * organization-wide ones and that team's own. Newest first.
 */
export async function reportCycles(db: Db, organizationId: string, teamId: string | undefined): Promise<CycleOption[]> {
  return (
    db
      .select({ id: assessmentCycles.id, name: assessmentCycles.name, status: assessmentCycles.status })
      .from(assessmentCycles)
      .where(
        and(
          eq(assessmentCycles.organizationId, organizationId),
          teamId ? or(isNull(assessmentCycles.teamId), eq(assessmentCycles.teamId, teamId)) : undefined,
        ),
      )
      // Open before closed; the newest campaign first.
      .orderBy(
        sql`${assessmentCycles.status} = 'closed'`,
        desc(assessmentCycles.opensOn),
        desc(assessmentCycles.createdAt),
      )
  );
}

/**
 * The scope for the filters: the requested cycle when it is one of the
 * report's cycles, else the default (first of `reportCycles`). Null when the
 * organization has no cycle yet. An unknown or foreign cycle id falls back
 * silently: pages treat URLs leniently, and the CSV uses the same rule so it
 * exports exactly what the page showed.
 */
export async function resolveReportScope(
  db: Db,
  organizationId: string,
  filters: GapFilters,
): Promise<{ scope: ReportScope | null; cycles: CycleOption[] }> {
  const cycles = await reportCycles(db, organizationId, filters.team);
  const chosen = cycles.find((cycle) => cycle.id === filters.cycle) ?? cycles[0];
  if (!chosen) return { scope: null, cycles };
  const [row] = await db
    .select({ frameworkId: assessmentCycles.frameworkId, organizationName: organizations.name })
    .from(assessmentCycles)
    .innerJoin(organizations, eq(organizations.id, assessmentCycles.organizationId))
    .where(and(eq(assessmentCycles.organizationId, organizationId), eq(assessmentCycles.id, chosen.id)))
    .limit(1);
  if (!row) return { scope: null, cycles };
  return {
    scope: {
      organizationId,
      organizationName: row.organizationName,
      frameworkId: row.frameworkId,
      cycleId: chosen.id,
      cycleName: chosen.name,
      filters: { ...filters, cycle: chosen.id },
    },
    cycles,
  };
}
