import 'server-only';
import { z } from 'zod';
import { column, parseRows } from '@/db/rows';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { cycleNodes } from '@/lib/frameworks/cycle-skills';
import type { ProfileScope } from './scope';

export interface Completion {
  /** Skills of the cycle (its framework version, lib/frameworks/cycle-skills.ts). */
  total: number;
  /** Skills with a self level or marked n/a in the cycle. */
  rated: number;
  /** Of those, pre-filled from the previous cycle and not yet confirmed. */
  carriedOver: number;
}

export async function loadCompletion(db: Db, scope: ProfileScope): Promise<Completion> {
  const { organizationId: org, membershipId, frameworkId, cycleId } = scope;
  const result = await db.execute(sql`
    select
      count(*)::int as total,
      count(r.skill_id)::int as rated,
      count(r.skill_id) filter (where r.carried_over)::int as carried_over
    from ${cycleNodes({ organizationId: org, cycleId })} s
    left join ratings r
      on r.organization_id = ${org}
     and r.cycle_id = ${cycleId}
     and r.membership_id = ${membershipId}
     and r.skill_id = s.id
     and r.source = 'self'
     and (r.level is not null or r.not_applicable)
    where s.organization_id = ${org}
      and s.framework_id = ${frameworkId}
      and s.kind = 'skill'
      and s.archived_at is null`);
  const row = parseRows(
    result,
    z.object({ total: column.number, rated: column.number, carried_over: column.number }),
  )[0];
  return {
    total: Number(row?.total ?? 0),
    rated: Number(row?.rated ?? 0),
    carriedOver: Number(row?.carried_over ?? 0),
  };
}
