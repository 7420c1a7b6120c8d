/**
 * Coverage of a team: per skill and per section, how many members hold it at
 * Advanced or above, how many want to grow there and how many rated it.
 * Skills held by fewer than two members are a key-person risk ("bus factor").
 *
 * Skills and sections come out of one grouped query (grouping sets), so the
 * counting happens in the database whatever the team or framework size.
 */
import 'server-only';
import { z } from 'zod';
import { column, parseRows } from '@/db/rows';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { effectiveRatingsSubquery, type RatingView } from '@/lib/insight/effective-ratings';
import { organizationOf, teamMembershipIds, type TeamCycleScope } from '@/lib/insight/team-members';
import { skillSectionsSubquery } from '@/lib/profile/skill-sections';
import { certifiedRatingsSubquery } from '@/lib/trust/certification-rule';

/** "Advanced" on the default scale: the level at which someone can cover for others. */
export const HOLDER_MIN_LEVEL = 3;
/** Fewer holders than this is a key-person risk. */
export const BUS_FACTOR_SAFE = 2;
export const COVERAGE_DEFAULT_LIMIT = 50;

export interface CoverageSkill {
  skillId: string;
  skillName: string;
  sectionId: string;
  sectionName: string;
  /** Members at HOLDER_MIN_LEVEL or above. */
  holders: number;
  interested: number;
  rated: number;
  /** 0 or 1 when the skill is a key-person risk, null otherwise. */
  busFactor: 0 | 1 | null;
  /** With a bus factor of 1: the one member who holds it, named so the manager knows whom it rests on. */
  soleHolder: { membershipId: string; name: string } | null;
}

export interface CoverageSection {
  sectionId: string;
  sectionName: string;
  skills: number;
  /** Skills of the section with a bus factor of 0 or 1. */
  atRisk: number;
  /** Distinct members at HOLDER_MIN_LEVEL or above in at least one skill of the section. */
  holders: number;
  /** Distinct members who want to grow in at least one skill of the section. */
  interested: number;
  /** Distinct members who rated at least one skill of the section. */
  rated: number;
}

export interface TeamCoverage {
  /** Every live skill, riskiest first. */
  skills: CoverageSkill[];
  /** Framework order. */
  sections: CoverageSection[];
}

/** The team, cycle and rating view, asked by `actor`: a team they may not see counts no one (lib/insight/team-members.ts). */
export interface CoverageScope extends TeamCycleScope {
  view: RatingView;
}

const coverageRow = z.object({
  is_section: column.number,
  section_id: column.text,
  section_name: column.text,
  skill_id: column.nullableText,
  skill_name: column.nullableText,
  skills: column.number,
  holders: column.number,
  interested: column.number,
  rated: column.number,
  at_risk: column.number,
  sole_holder_id: column.nullableText,
  sole_holder_name: column.nullableText,
});

export async function loadTeamCoverage(db: Db, scope: CoverageScope): Promise<TeamCoverage> {
  const { actor, teamId, cycleId, frameworkId, view } = scope;
  const organizationId = organizationOf(scope);
  const ratings = effectiveRatingsSubquery({
    organizationId,
    cycleId,
    memberships: teamMembershipIds(actor, teamId),
    view,
  });
  // Per skill: counts of member rows. Per section: distinct members, and how many of its skills are at risk.
  const result = await db.execute(sql`
    with per_member as materialized (
      select sk.skill_id, sk.skill_name, sk.skill_position, sk.section_id, sk.section_name,
             sk.area_position, sk.section_position, er.membership_id,
             (er.level >= ${HOLDER_MIN_LEVEL}) as holds,
             coalesce(er.interest, false) as interested,
             (er.level is not null or coalesce(er.not_applicable, false) or coalesce(er.uncertified, false)) as rated
      from ${skillSectionsSubquery(organizationId, frameworkId, cycleId)} as sk
      -- A skill that requires a certification is held only with a valid one (lib/trust/certification-rule.ts).
      left join (${certifiedRatingsSubquery(organizationId, ratings)}) er on er.skill_id = sk.skill_id
    ),
    per_skill as (
      select skill_id, min(skill_name) as skill_name, min(skill_position) as skill_position,
             section_id, min(section_name) as section_name,
             min(area_position) as area_position, min(section_position) as section_position,
             count(*) filter (where holds) as holders,
             count(*) filter (where interested) as interested,
             count(*) filter (where rated) as rated,
             -- With exactly one holder, min() is that holder.
             min(membership_id::text) filter (where holds) as holder_id
      from per_member
      group by section_id, skill_id
    ),
    per_section as (
      select section_id,
             count(distinct membership_id) filter (where holds) as holders,
             count(distinct membership_id) filter (where interested) as interested,
             count(distinct membership_id) filter (where rated) as rated
      from per_member
      group by section_id
    )
    select * from (
    select 0 as is_section, s.section_id, s.section_name, s.skill_id, s.skill_name,
           1 as skills, s.holders, s.interested, s.rated,
           case when s.holders < ${BUS_FACTOR_SAFE} then 1 else 0 end as at_risk,
           s.area_position, s.section_position, s.skill_position,
           case when s.holders = 1 then s.holder_id end as sole_holder_id,
           case when s.holders = 1 then
             (select u.name from memberships m join users u on u.id = m.user_id
              where m.organization_id = ${organizationId} and m.id = s.holder_id::uuid) end as sole_holder_name
    from per_skill s
    union all
    select 1, ps.section_id, min(s.section_name), null, null,
           count(*), min(ps.holders), min(ps.interested), min(ps.rated),
           count(*) filter (where s.holders < ${BUS_FACTOR_SAFE}),
           min(s.area_position), min(s.section_position), 0, null, null
    from per_section ps
    join per_skill s on s.section_id = ps.section_id
    group by ps.section_id
    ) coverage
    -- Skills riskiest first; sections in framework order.
    order by is_section desc,
             case when is_section = 0 then holders end,
             case when is_section = 0 then rated end,
             case when is_section = 0 then interested end desc,
             area_position, section_position, skill_position`);
  const rows = parseRows(result, coverageRow);
  const skills: CoverageSkill[] = [];
  const sections: CoverageSection[] = [];
  for (const row of rows) {
    const holders = Number(row.holders);
    if (Number(row.is_section) === 1) {
      sections.push({
        sectionId: row.section_id,
        sectionName: row.section_name,
        skills: Number(row.skills),
        atRisk: Number(row.at_risk),
        holders,
        interested: Number(row.interested),
        rated: Number(row.rated),
      });
      continue;
    }
    skills.push({
      skillId: row.skill_id ?? '',
      skillName: row.skill_name ?? '',
      sectionId: row.section_id,
      sectionName: row.section_name,
      holders,
      interested: Number(row.interested),
      rated: Number(row.rated),
      busFactor: holders === 0 ? 0 : holders === 1 ? 1 : null,
      soleHolder:
        row.sole_holder_id && row.sole_holder_name
          ? { membershipId: row.sole_holder_id, name: row.sole_holder_name }
          : null,
    });
  }
  return { skills, sections };
}
