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
 *
 * The valid holders are read once, for the required skills only, and joined — not
 * asked per rating and per column: at 10,000 members the per-column form rebuilt the
 * whole organization's certificate list five times per statement.
 */
export function certifiedRatingsSubquery(organizationId: string, ratings: SQL): SQL {
  const uncertified = sql`(rq.id is not null and held.membership_id is null)`;
  return sql`
    select cr.membership_id, cr.skill_id,
           case when ${uncertified} then null else cr.self_level end as self_level, cr.self_na,
           case when ${uncertified} then null else cr.manager_level end as manager_level, cr.manager_na,
           case when ${uncertified} then null else cr.level end as level,
           cr.not_applicable, cr.interest, cr.last_rated_at,
           ${uncertified} as uncertified
    from (${ratings}) cr
    left join skill_nodes rq on rq.organization_id = ${organizationId} and rq.id = cr.skill_id
      and rq.requires_certification
    left join (
      select distinct vc.membership_id, vcs.skill_id
      from certification_skills vcs
      join certifications vc on vc.organization_id = vcs.organization_id and vc.id = vcs.certification_id
      where vcs.organization_id = ${organizationId}
        and vcs.skill_id in (${certificationRequiredSkillIds(organizationId)})
        and ${validCertificationSql(sql`vc`)}
    ) held on held.membership_id = cr.membership_id and held.skill_id = cr.skill_id`;
}
