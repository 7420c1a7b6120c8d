/**
 * Reading certifications: a member's own list, and a team's certifications that
 * expire soon (the managers' "expiring in the next 60 days"). The caller has
 * checked who may read them (the member; the team's managers and admins).
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { column, parseRows } from '@/db/rows';
import type { Actor } from '@/lib/auth/authorize';
import { teamMembershipIds } from '@/lib/insight/team-members';
import { validCertificationSql } from './certification-rule';

/** The managers' window: certifications expiring within this many days. */
export const EXPIRING_SOON_DAYS = 60;

export interface CertificationView {
  id: string;
  membershipId: string;
  memberName: string;
  name: string;
  issuer: string;
  issuedOn: string;
  expiresOn: string | null;
  credentialUrl: string | null;
  valid: boolean;
  /** Days until expiry (negative once expired), null without an expiry date. */
  daysLeft: number | null;
  skills: { id: string; name: string }[];
}

const skillList = z.union([
  z.array(z.object({ id: z.string(), name: z.string() })),
  z
    .string()
    .transform((text): unknown => JSON.parse(text))
    .pipe(z.array(z.object({ id: z.string(), name: z.string() }))),
]);

const row = z.object({
  id: column.text,
  membership_id: column.text,
  member_name: column.text,
  name: column.text,
  issuer: column.text,
  issued_on: column.text,
  expires_on: column.nullableText,
  credential_url: column.nullableText,
  valid: column.boolean,
  days_left: column.nullableNumber,
  skills: skillList,
});

function select(where: ReturnType<typeof sql>, order: ReturnType<typeof sql>) {
  return sql`
    select c.id, c.membership_id, u.name as member_name, c.name, c.issuer,
           c.issued_on::text as issued_on, c.expires_on::text as expires_on, c.credential_url,
           ${validCertificationSql(sql`c`)} as valid,
           (c.expires_on - current_date) as days_left,
           coalesce((select json_agg(json_build_object('id', s.id, 'name', s.name) order by lower(s.name), s.id)
                     from certification_skills cs
                     join skill_nodes s on s.organization_id = cs.organization_id and s.id = cs.skill_id
                     where cs.organization_id = c.organization_id and cs.certification_id = c.id), '[]'::json) as skills
    from certifications c
    join memberships m on m.organization_id = c.organization_id and m.id = c.membership_id
    join users u on u.id = m.user_id
    where ${where}
    order by ${order}`;
}

function toView(r: z.output<typeof row>): CertificationView {
  return {
    id: r.id,
    membershipId: r.membership_id,
    memberName: r.member_name,
    name: r.name,
    issuer: r.issuer,
    issuedOn: r.issued_on,
    expiresOn: r.expires_on,
    credentialUrl: r.credential_url,
    valid: r.valid,
    daysLeft: r.days_left === null ? null : Number(r.days_left),
    skills: r.skills,
  };
}

/** One member's certifications: valid ones first, soonest expiry first. */
export async function listMemberCertifications(
  db: Db,
  organizationId: string,
  membershipId: string,
): Promise<CertificationView[]> {
  const result = await db.execute(
    select(
      sql`c.organization_id = ${organizationId} and c.membership_id = ${membershipId}`,
      sql`${validCertificationSql(sql`c`)} desc, c.expires_on nulls last, lower(c.name), c.id`,
    ),
  );
  return parseRows(result, row).map(toView);
}

/**
 * A team's active members' certifications expiring within `days` days (today included), soonest first —
 * of the members `actor` may see individually (lib/insight/team-members.ts): nobody for anyone else.
 */
export async function listTeamExpiringSoon(
  db: Db,
  actor: Actor,
  teamId: string,
  days: number = EXPIRING_SOON_DAYS,
): Promise<CertificationView[]> {
  const organizationId = actor.membership.organizationId;
  const result = await db.execute(
    select(
      sql`c.organization_id = ${organizationId}
        and c.membership_id in (${teamMembershipIds(actor, teamId)})
        and c.expires_on between current_date and current_date + ${days}::int`,
      sql`c.expires_on, lower(u.name), c.id`,
    ),
  );
  return parseRows(result, row).map(toView);
}
