/**
 * Calibration: where a member's self rating and their manager's rating
 * disagree. Differences are self − manager over skills rated by both (a level
 * on each side; n/a and unrated skills do not count), computed in SQL.
 */
import 'server-only';
import { z } from 'zod';
import { column, parseRows } from '@/db/rows';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { effectiveRatingsSubquery } from '@/lib/insight/effective-ratings';
import {
  memberVisibleSql,
  organizationOf,
  teamMembersSql,
  teamMembershipIds,
  type TeamCycleScope,
} from '@/lib/insight/team-members';
import { skillSectionsSubquery } from '@/lib/profile/skill-sections';

/** Levels apart at which a self and a manager rating call for a conversation. */
export const CALIBRATION_FLAG_GAP = 2;
export const MEMBER_SKILLS_PAGE_SIZE = 40;

/** The team and cycle, asked by `actor`: a team or member they may not see yields no rows (lib/insight/team-members.ts). */
export type CalibrationScope = TeamCycleScope;

export interface CalibrationCell {
  membershipId: string;
  sectionId: string;
  /** Mean of self − manager over the section's skills rated by both. */
  meanDifference: number;
  bothRated: number;
}

export interface CalibrationMember {
  membershipId: string;
  name: string;
  selfRated: number;
  managerRated: number;
}

export interface CalibrationSection {
  sectionId: string;
  sectionName: string;
}

export interface CalibrationFlag {
  membershipId: string;
  memberName: string;
  skillId: string;
  skillName: string;
  sectionName: string;
  selfLevel: number;
  managerLevel: number;
  difference: number;
}

export interface TeamCalibration {
  members: CalibrationMember[];
  sections: CalibrationSection[];
  cells: CalibrationCell[];
  /** Skills with |self − manager| ≥ CALIBRATION_FLAG_GAP, largest first. */
  flags: CalibrationFlag[];
}

function bothRatedCte(scope: CalibrationScope) {
  const { actor, teamId, cycleId, frameworkId } = scope;
  const organizationId = organizationOf(scope);
  return sql`
    both_rated as materialized (
      select er.membership_id, sk.skill_id, sk.skill_name, sk.skill_position,
             sk.section_id, sk.section_name, sk.area_position, sk.section_position,
             er.self_level, er.manager_level, (er.self_level - er.manager_level) as difference
      from (${effectiveRatingsSubquery({ organizationId, cycleId, memberships: teamMembershipIds(actor, teamId), view: 'self' })}) er
      join ${skillSectionsSubquery(organizationId, frameworkId, cycleId)} as sk on sk.skill_id = er.skill_id
      where er.self_level is not null and er.manager_level is not null
    )`;
}

export async function loadTeamCalibration(db: Db, scope: CalibrationScope): Promise<TeamCalibration> {
  const { actor, teamId, cycleId, frameworkId } = scope;
  const organizationId = organizationOf(scope);
  const [memberRows, sectionRows, cellRows, flagRows] = await Promise.all([
    db.execute(sql`
      select tm.mid as membership_id, tm.name,
             count(r.skill_id) filter (where r.source = 'self') as self_rated,
             count(r.skill_id) filter (where r.source = 'manager') as manager_rated
      from (${teamMembersSql(actor, teamId)}) tm
      left join ratings r
        on r.organization_id = ${organizationId} and r.cycle_id = ${cycleId} and r.membership_id = tm.mid
       and (r.level is not null or r.not_applicable)
      group by tm.mid, tm.name
      order by lower(tm.name), tm.mid`),
    db.execute(sql`
      select distinct section_id, section_name, area_position, section_position
      from ${skillSectionsSubquery(organizationId, frameworkId, cycleId)} as sk
      order by area_position, section_position`),
    db.execute(sql`
      with ${bothRatedCte(scope)}
      select membership_id, section_id, avg(difference)::float8 as mean_difference, count(*) as both_rated
      from both_rated
      group by membership_id, section_id`),
    db.execute(sql`
      with ${bothRatedCte(scope)}
      select b.membership_id, u.name as member_name, b.skill_id, b.skill_name, b.section_name,
             b.self_level, b.manager_level, b.difference
      from both_rated b
      join memberships m on m.organization_id = ${organizationId} and m.id = b.membership_id
      join users u on u.id = m.user_id
      where abs(b.difference) >= ${CALIBRATION_FLAG_GAP}
      order by abs(b.difference) desc, lower(u.name), b.area_position, b.section_position, b.skill_position
      limit 200`),
  ]);
  return {
    members: parseRows(
      memberRows,
      z.object({
        membership_id: column.text,
        name: column.text,
        self_rated: column.number,
        manager_rated: column.number,
      }),
    ).map((row) => ({
      membershipId: row.membership_id,
      name: row.name,
      selfRated: Number(row.self_rated),
      managerRated: Number(row.manager_rated),
    })),
    sections: parseRows(sectionRows, z.object({ section_id: column.text, section_name: column.text })).map((row) => ({
      sectionId: row.section_id,
      sectionName: row.section_name,
    })),
    cells: parseRows(
      cellRows,
      z.object({
        membership_id: column.text,
        section_id: column.text,
        mean_difference: column.number,
        both_rated: column.number,
      }),
    ).map((row) => ({
      membershipId: row.membership_id,
      sectionId: row.section_id,
      meanDifference: Number(row.mean_difference),
      bothRated: Number(row.both_rated),
    })),
    flags: parseRows(
      flagRows,
      z.object({
        membership_id: column.text,
        member_name: column.text,
        skill_id: column.text,
        skill_name: column.text,
        section_name: column.text,
        self_level: column.number,
        manager_level: column.number,
        difference: column.number,
      }),
    ).map((row) => ({
      membershipId: row.membership_id,
      memberName: row.member_name,
      skillId: row.skill_id,
      skillName: row.skill_name,
      sectionName: row.section_name,
      selfLevel: Number(row.self_level),
      managerLevel: Number(row.manager_level),
      difference: Number(row.difference),
    })),
  };
}

export interface MemberCalibrationRow {
  skillId: string;
  skillName: string;
  sectionName: string;
  selfLevel: number | null;
  selfNotApplicable: boolean;
  managerLevel: number | null;
  managerNotApplicable: boolean;
  managerNote: string | null;
}

/** One member's self ratings of the cycle, each with the manager rating beside it; framework order, paginated. */
export async function loadMemberCalibration(
  db: Db,
  scope: CalibrationScope & { membershipId: string; page: number },
): Promise<{ rows: MemberCalibrationRow[]; total: number }> {
  const { actor, cycleId, frameworkId, membershipId, page } = scope;
  const organizationId = organizationOf(scope);
  const result = await db.execute(sql`
    select sk.skill_id, sk.skill_name, sk.section_name,
           s.level as self_level, s.not_applicable as self_na,
           mr.level as manager_level, coalesce(mr.not_applicable, false) as manager_na, mr.note as manager_note,
           count(*) over () as total
    from ratings s
    join ${skillSectionsSubquery(organizationId, frameworkId, cycleId)} as sk on sk.skill_id = s.skill_id
    left join ratings mr
      on mr.organization_id = ${organizationId} and mr.cycle_id = ${cycleId}
     and mr.membership_id = ${membershipId} and mr.skill_id = s.skill_id and mr.source = 'manager'
    where s.organization_id = ${organizationId} and s.cycle_id = ${cycleId}
      and s.membership_id = ${membershipId} and s.source = 'self'
      and (s.level is not null or s.not_applicable)
      and ${memberVisibleSql(actor, membershipId)}
    order by sk.area_position, sk.section_position, sk.skill_position
    limit ${MEMBER_SKILLS_PAGE_SIZE} offset ${(Math.max(1, page) - 1) * MEMBER_SKILLS_PAGE_SIZE}`);
  const rows = parseRows(
    result,
    z.object({
      skill_id: column.text,
      skill_name: column.text,
      section_name: column.text,
      self_level: column.nullableNumber,
      self_na: column.boolean,
      manager_level: column.nullableNumber,
      manager_na: column.boolean,
      manager_note: column.nullableText,
      total: column.number,
    }),
  );
  return {
    total: Number(rows[0]?.total ?? 0),
    rows: rows.map((row) => ({
      skillId: row.skill_id,
      skillName: row.skill_name,
      sectionName: row.section_name,
      selfLevel: row.self_level === null ? null : Number(row.self_level),
      selfNotApplicable: row.self_na,
      managerLevel: row.manager_level === null ? null : Number(row.manager_level),
      managerNotApplicable: row.manager_na,
      managerNote: row.manager_note,
    })),
  };
}
