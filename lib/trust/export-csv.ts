/**
 * Certifications and endorsements as CSV (issue 22): the rows of the people the
 * reader may see one by one (lib/auth/authorize.ts: themselves; a manager's team
 * members; an admin's organization), every cell through the formula guard
 * (lib/reports/csv.ts).
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { column, parseRows } from '@/db/rows';
import { visibleMembersFilter, type Actor } from '@/lib/auth/authorize';
import { csvLines } from '@/lib/reports/csv';
import { validCertificationSql } from './certification-rule';

export async function certificationsCsv(db: Db, actor: Actor): Promise<string> {
  const org = actor.membership.organizationId;
  const rows = parseRows(
    await db.execute(sql`
      select u.name as member, u.email, c.name, c.issuer, c.issued_on::text as issued_on,
             c.expires_on::text as expires_on, ${validCertificationSql(sql`c`)} as valid, c.credential_url,
             coalesce((select string_agg(s.name, '; ' order by lower(s.name))
                       from certification_skills cs
                       join skill_nodes s on s.organization_id = cs.organization_id and s.id = cs.skill_id
                       where cs.organization_id = c.organization_id and cs.certification_id = c.id), '') as skills
      from certifications c
      join memberships m on m.organization_id = c.organization_id and m.id = c.membership_id
      join users u on u.id = m.user_id
      where c.organization_id = ${org} and ${visibleMembersFilter(actor, sql`c.membership_id`)}
      order by lower(u.name), c.expires_on nulls last, c.id`),
    z.object({
      member: column.text,
      email: column.text,
      name: column.text,
      issuer: column.text,
      issued_on: column.text,
      expires_on: column.nullableText,
      valid: column.boolean,
      credential_url: column.nullableText,
      skills: column.text,
    }),
  );
  return csvLines([
    [
      'Member',
      'Email',
      'Certification',
      'Issuer',
      'Issued on',
      'Expires on',
      'Valid today',
      'Credential link',
      'Skills',
    ],
    ...rows.map((r) => [
      r.member,
      r.email,
      r.name,
      r.issuer,
      r.issued_on,
      r.expires_on,
      r.valid ? 'yes' : 'no',
      r.credential_url,
      r.skills,
    ]),
  ]);
}

/**
 * An endorsement row with its people, skill, cycle and the member's self rating in that cycle now (`r`, null
 * when gone): `e` endorsement, `m`/`u` the member, `em`/`eu` the endorser, `s` skill, `c` cycle. The CSV and
 * GET /api/v1/endorsements select from it, so both list the same rows.
 */
export const ENDORSEMENT_ROWS = sql`endorsements e
  join memberships m on m.organization_id = e.organization_id and m.id = e.membership_id
  join users u on u.id = m.user_id
  join memberships em on em.organization_id = e.organization_id and em.id = e.endorser_membership_id
  join users eu on eu.id = em.user_id
  join skill_nodes s on s.organization_id = e.organization_id and s.id = e.skill_id
  join assessment_cycles c on c.organization_id = e.organization_id and c.id = e.cycle_id
  left join ratings r on r.organization_id = e.organization_id and r.cycle_id = e.cycle_id
   and r.membership_id = e.membership_id and r.skill_id = e.skill_id and r.source = 'self'`;

export async function endorsementsCsv(db: Db, actor: Actor): Promise<string> {
  const org = actor.membership.organizationId;
  const rows = parseRows(
    await db.execute(sql`
      select u.name as member, s.name as skill, c.name as cycle, eu.name as endorser, e.level_endorsed,
             r.level as current_level, e.comment, e.created_at::text as created_at
      from ${ENDORSEMENT_ROWS}
      where e.organization_id = ${org} and ${visibleMembersFilter(actor, sql`e.membership_id`)}
      order by lower(u.name), lower(s.name), e.created_at, e.id`),
    z.object({
      member: column.text,
      skill: column.text,
      cycle: column.text,
      endorser: column.text,
      level_endorsed: column.number,
      current_level: column.nullableNumber,
      comment: column.nullableText,
      created_at: column.text,
    }),
  );
  return csvLines([
    [
      'Member',
      'Skill',
      'Cycle',
      'Endorsed by',
      'Level endorsed',
      'Level in that cycle now',
      'Rating changed since',
      'Comment',
      'Endorsed at',
    ],
    ...rows.map((r) => {
      const current = r.current_level === null ? null : Number(r.current_level);
      return [
        r.member,
        r.skill,
        r.cycle,
        r.endorser,
        Number(r.level_endorsed),
        current,
        current === Number(r.level_endorsed) ? 'no' : 'yes',
        r.comment,
        r.created_at,
      ];
    }),
  ]);
}
