import 'server-only';
import { z } from 'zod';
import { column, parseRows } from '@/db/rows';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import {
  resolvedTargetsCtes,
  resolvedTargetsSubquery,
  TARGET_SOURCES,
  type TargetSource,
} from '@/lib/roles/resolve-targets';
import { pairGapSql } from '@/lib/reports/gap-sql';
import type { ProfileScope } from './scope';
import { skillSectionsSubquery } from './skill-sections';

export interface SkillGap {
  skillId: string;
  skillName: string;
  areaName: string;
  sectionName: string;
  /** The member's self level in the cycle; null when not rated (counted as 0 for the gap). */
  current: number | null;
  notRated: boolean;
  target: number;
  targetSource: TargetSource;
  /** max(0, target − current) > 0. */
  gap: number;
}

const gapRow = z.object({
  skill_id: column.text,
  skill_name: column.text,
  area_name: column.text,
  section_name: column.text,
  current: column.nullableNumber,
  target: column.number,
  target_source: z.enum(TARGET_SOURCES),
  gap: column.number,
});

/**
 * The member's gaps in the cycle, largest first then by skill name. Unrated
 * skills with a target count as level 0; "not applicable" skills are left out.
 */
export async function loadGaps(db: Db, scope: ProfileScope, options: { limit?: number } = {}): Promise<SkillGap[]> {
  return parseGaps(await db.execute(gapsSql(scope, options)));
}

/** The gaps' statement (run alone by `loadGaps`, or beside the profile's others: lib/profile/profile-page.ts). */
export function gapsSql(scope: ProfileScope, options: { limit?: number } = {}): SQL {
  const { organizationId: org, membershipId, frameworkId, cycleId } = scope;
  const limit = options.limit === undefined ? sql`` : sql`limit ${options.limit}`;
  return sql`
    with ${resolvedTargetsCtes({ organizationId: org, frameworkId, memberships: [membershipId], cycle: { cycleId } })},
    sk as materialized ${skillSectionsSubquery(org, frameworkId, cycleId)}
    select
      sk.skill_id, sk.skill_name, sk.area_name, sk.section_name,
      r.level::int as current,
      t.target_level::int as target,
      t.target_source,
      ${pairGapSql(sql`t.target_level`, sql`r.level`, sql`r.not_applicable`)} as gap
    from sk
    join rt_resolved t on t.skill_id = sk.skill_id
    left join ratings r
      on r.organization_id = ${org}
     and r.cycle_id = ${cycleId}
     and r.membership_id = ${membershipId}
     and r.skill_id = sk.skill_id
     and r.source = 'self'
    -- No gap (null) without a target or where not applicable: not listed.
    where ${pairGapSql(sql`t.target_level`, sql`r.level`, sql`r.not_applicable`)} > 0
    order by gap desc, sk.skill_name asc, sk.skill_id asc
    ${limit}`;
}

/** The gaps from their statement's rows (a `db.execute` result or the rows themselves). */
export function parseGaps(result: unknown): SkillGap[] {
  return parseRows(result, gapRow).map((row) => ({
    skillId: row.skill_id,
    skillName: row.skill_name,
    areaName: row.area_name,
    sectionName: row.section_name,
    current: row.current === null ? null : Number(row.current),
    notRated: row.current === null,
    target: Number(row.target),
    targetSource: row.target_source,
    gap: Number(row.gap),
  }));
}

/** How many skills have a target at all: distinguishes "no gaps" from "no target assigned". */
export async function countTargetedSkills(db: Db, scope: Omit<ProfileScope, 'cycleId'>): Promise<number> {
  return parseTargetedSkills(await db.execute(targetedSkillsSql(scope)));
}

export function targetedSkillsSql(scope: Omit<ProfileScope, 'cycleId'>): SQL {
  const { organizationId, membershipId, frameworkId } = scope;
  return sql`
    select count(*)::int as n
    from ${resolvedTargetsSubquery({ organizationId, frameworkId, memberships: [membershipId] })} as t
    where t.target_level is not null`;
}

export function parseTargetedSkills(result: unknown): number {
  return Number(parseRows(result, z.object({ n: column.number }))[0]?.n ?? 0);
}
