import 'server-only';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { column, parseRows } from '@/db/rows';
import type { Db } from '@/db';
import { assessmentCycles } from '@/db/schema';
import { cycleSubjectFilter, currentCycleOrder } from '@/lib/cycles/current';
import type { StageInfo } from './learning-plan';
import type { LevelName } from './levels';

export interface ProfileCycle {
  id: string;
  name: string;
  status: 'open' | 'closed';
  opensOn: string;
  closesOn: string;
}

export interface ProfileContext {
  /** The open cycle that applies to the member, else the latest closed one (read-only snapshot). */
  cycle: ProfileCycle | null;
  framework: { id: string; name: string; version: number } | null;
  roleProfile: { id: string; name: string } | null;
  teams: { id: string; name: string }[];
  /** The framework's scale, lowest first (lib/profile/levels.ts); empty without a framework. */
  levels: LevelName[];
  /** The framework's learning stages in order; empty without a framework. */
  stages: StageInfo[];
}

const contextRow = z.object({
  cycle: z
    .object({
      id: z.string(),
      name: z.string(),
      status: z.enum(['open', 'closed']),
      opensOn: z.string(),
      closesOn: z.string(),
    })
    .nullable(),
  framework: z.object({ id: z.string(), name: z.string(), version: column.number }).nullable(),
  role_profile: z.object({ id: z.string(), name: z.string() }).nullable(),
  teams: z.array(z.object({ id: z.string(), name: z.string() })),
  levels: z.array(z.object({ level: column.number, name: z.string() })),
  stages: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      position: column.number,
      fromLevel: column.nullableNumber,
      toLevel: column.nullableNumber,
      steps: z.array(z.string()),
    }),
  ),
});

/**
 * Which cycle, framework, role profile and teams the profile page is about, with the framework's level names
 * and learning stages: one statement (six before; issue 23). The cycle is `findCurrentCycle`'s, by the same
 * filter and order (lib/cycles/current.ts); the framework is the cycle's, or without a cycle the oldest
 * framework not archived.
 */
export async function loadProfileContext(
  db: Db,
  organizationId: string,
  membershipId: string,
): Promise<ProfileContext> {
  const subject = { organizationId, membershipId };
  const result = await db.execute(sql`
    with cyc as (
      select ${assessmentCycles.id} as id, ${assessmentCycles.name} as name, ${assessmentCycles.status} as status,
        ${assessmentCycles.opensOn} as opens_on, ${assessmentCycles.closesOn} as closes_on,
        ${assessmentCycles.frameworkId} as framework_id
      from ${assessmentCycles}
      where ${cycleSubjectFilter(subject)}
      order by ${sql.join(currentCycleOrder(subject), sql`, `)}
      limit 1
    ),
    fw as (
      select f.id, f.name, f.version from frameworks f
      where f.organization_id = ${organizationId}
        and case when exists (select 1 from cyc) then f.id = (select framework_id from cyc)
                 else f.archived_at is null end
      order by f.created_at asc
      limit 1
    )
    select
      (select json_build_object('id', c.id, 'name', c.name, 'status', c.status,
                                'opensOn', c.opens_on, 'closesOn', c.closes_on) from cyc c) as cycle,
      (select json_build_object('id', f.id, 'name', f.name, 'version', f.version) from fw f) as framework,
      (select json_build_object('id', rp.id, 'name', rp.name)
         from memberships m
         join role_profiles rp on rp.organization_id = m.organization_id and rp.id = m.role_profile_id
        where m.organization_id = ${organizationId} and m.id = ${membershipId}) as role_profile,
      (select coalesce(json_agg(json_build_object('id', t.id, 'name', t.name) order by t.name), '[]'::json)
         from team_members tm
         join teams t on t.organization_id = tm.organization_id and t.id = tm.team_id
        where tm.organization_id = ${organizationId} and tm.membership_id = ${membershipId}) as teams,
      (select coalesce(json_agg(json_build_object('level', l.level, 'name', l.name) order by l.level), '[]'::json)
         from proficiency_levels l
        where l.organization_id = ${organizationId} and l.framework_id = (select id from fw)) as levels,
      (select coalesce(json_agg(json_build_object('key', s.key, 'name', s.name, 'position', s.position,
                                                  'fromLevel', s.from_level, 'toLevel', s.to_level, 'steps', s.steps)
                                order by s.position), '[]'::json)
         from learning_stages s
        where s.organization_id = ${organizationId} and s.framework_id = (select id from fw)) as stages`);
  const [row] = parseRows(result, contextRow);
  if (!row) throw new Error('loadProfileContext: the statement returned no row');
  return {
    cycle: row.cycle,
    framework: row.framework,
    roleProfile: row.role_profile,
    teams: row.teams,
    levels: row.levels,
    stages: row.stages,
  };
}
