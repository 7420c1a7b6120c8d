/**
 * Which sections of a framework a member's targets cover, so that /assess can
 * mark the others optional (issue 5: "profiles can scope the assessment").
 *
 * A section is in scope when at least one of its live skills has a resolved
 * target above 0 (role profile or team, via lib/roles/resolve-targets.ts).
 * "Section" means what /assess shows as one page (lib/assessments/assessment-data.ts):
 * the depth-1 node under an area, the area itself for skills placed straight
 * under it, and the root itself when the root is not an area.
 *
 * A member with no target at all gets an empty list: callers should then
 * treat every section as required rather than every section as optional.
 */
import { z } from 'zod';
import { column, parseRows } from '@/db/rows';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { resolvedTargetsCtes } from '@/lib/roles/resolve-targets';

export async function sectionsInProfile(
  db: Db,
  organizationId: string,
  membershipId: string,
  frameworkId: string,
  /** The /assess cycle: its framework version's skills and tree (lib/frameworks/cycle-skills.ts). */
  cycleId?: string,
): Promise<string[]> {
  const cycle = cycleId ? { cycleId, forRating: true } : undefined;
  const result = await db.execute(sql`
    with ${resolvedTargetsCtes({ organizationId, frameworkId, memberships: [membershipId], cycle })}
    select distinct
      case
        when root.kind = 'area' and array_length(sk.ancestor_ids, 1) >= 3 then sk.ancestor_ids[2]
        else sk.ancestor_ids[1]
      end as section_id
    from rt_resolved r
    join rt_skills sk on sk.skill_id = r.skill_id
    join skill_nodes root on root.organization_id = ${organizationId} and root.id = sk.ancestor_ids[1]
    where r.target_level > 0
    order by 1`);
  return parseRows(result, z.object({ section_id: column.text })).map((row) => row.section_id);
}
