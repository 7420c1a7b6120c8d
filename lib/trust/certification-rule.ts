/**
 * Certifications (issue 22): what a valid certification is, and how a skill that
 * requires one counts. Coverage and the people finder count a rating of such a
 * skill only for members holding a valid certification linked to it; everything
 * else about the rating (the heatmap, the member's own profile) is unchanged.
 *
 * Not `server-only`: pure SQL builders, also used by scripts and tests.
 */
import { sql, type SQL } from 'drizzle-orm';

/** Valid today: issued on or before today and not expired (no expiry date = does not expire). */
export function validCertificationSql(c: SQL): SQL {
  return sql`(${c}.issued_on <= current_date and (${c}.expires_on is null or ${c}.expires_on >= current_date))`;
}

/** The member (a SQL column) holds a valid certification linked to the skill (a SQL column). */
export function holdsValidCertificationSql(organizationId: string, membership: SQL, skill: SQL): SQL {
  return sql`exists (
    select 1 from certification_skills vcs
    join certifications vc on vc.organization_id = vcs.organization_id and vc.id = vcs.certification_id
    where vcs.organization_id = ${organizationId} and vcs.skill_id = ${skill}
      and vc.membership_id = ${membership} and ${validCertificationSql(sql`vc`)})`;
}

/** The organization's skills that require a valid certification, as a one-column subquery. */
export function certificationRequiredSkillIds(organizationId: string): SQL {
  return sql`select rsn.id from skill_nodes rsn
    where rsn.organization_id = ${organizationId} and rsn.requires_certification`;
}

/**
 * Wraps an effective-ratings subquery (lib/insight/effective-ratings.ts) so that
 * a rating of a skill requiring certification counts only with a valid
 * certification: without one its `level` (and `self_level`, `manager_level`) is
 * null and `uncertified` true. Same columns as the wrapped subquery, plus `uncertified`.
 */
export function certifiedRatingsSubquery(organizationId: string, ratings: SQL): SQL {
  const uncertified = sql`(cr.skill_id in (${certificationRequiredSkillIds(organizationId)})
    and not ${holdsValidCertificationSql(organizationId, sql`cr.membership_id`, sql`cr.skill_id`)})`;
  return sql`
    select cr.membership_id, cr.skill_id,
           case when ${uncertified} then null else cr.self_level end as self_level, cr.self_na,
           case when ${uncertified} then null else cr.manager_level end as manager_level, cr.manager_na,
           case when ${uncertified} then null else cr.level end as level,
           cr.not_applicable, cr.interest, cr.last_rated_at,
           ${uncertified} as uncertified
    from (${ratings}) cr`;
}
