/**
 * Which cycle (and so which framework) a report reads. Not `server-only`:
 * the benchmark script resolves scopes too.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { assessmentCycles, organizations } from '@/db/schema';
import type { Actor } from '@/lib/auth/authorize';
import { listSubjectCycles } from '@/lib/cycles/current';
import type { GapFilters } from './filters';
import type { ReportScope } from './gap-sql';

export interface CycleOption {
  id: string;
  name: string;
  status: 'open' | 'closed';
}

/**
 * The scope for the filters: the requested cycle when it is one of the
 * report's cycles (organization-wide and, for a team report, the team's own),
 * else the default: the current one by the rule of lib/cycles/current.ts, so a
 * team report opens on the team page's cycle. Null when the
 * organization has no cycle yet. An unknown or foreign cycle id falls back
 * silently: pages treat URLs leniently, and the CSV uses the same rule so it
 * exports exactly what the page showed. The scope carries the actor: the
 * report reads only the members they may see (`scopedMemberIds`).
 */
export async function resolveReportScope(
  db: Db,
  actor: Actor,
  filters: GapFilters,
): Promise<{ scope: ReportScope | null; cycles: CycleOption[] }> {
  const organizationId = actor.membership.organizationId;
  const applicable = await listSubjectCycles(
    db,
    filters.team ? { organizationId, teamId: filters.team } : { organizationId },
  );
  const cycles: CycleOption[] = applicable.map(({ id, name, status }) => ({ id, name, status }));
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
      actor,
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
