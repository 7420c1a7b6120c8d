/**
 * Certifications and endorsements (issue 22) in the API: the rows of the CSVs
 * (lib/trust/export-csv.ts) as JSON, with the filters of the pages — a member,
 * a team, a skill; certifications by validity or "expiring within N days" (the
 * managers' list), endorsements by cycle and endorser. An organization token
 * sees what an admin sees (lib/auth/authorize.ts's visibility filter).
 */
import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { column, queryRows } from '@/db/rows';
import type { Db } from '@/db';
import { requireMemberAccess, requireTeamAccess, visibleMembersFilter, type Actor } from '@/lib/auth/authorize';
import { validCertificationSql } from '@/lib/trust/certification-rule';
import { EXPIRING_SOON_DAYS } from '@/lib/trust/certifications';
import { ENDORSEMENT_ROWS } from '@/lib/trust/export-csv';
import { endpoint } from '../endpoint';
import { id, reference, timestamp } from './common';
import { cursorParam, isoTime, limitParam, pageOf, pageSchema } from './pagination';

const day = () => z.iso.date();

export const certificationSchema = z
  .strictObject({
    id: id(),
    member: reference,
    name: z.string(),
    issuer: z.string(),
    issuedOn: day(),
    expiresOn: day().nullable().describe('Null: does not expire.'),
    valid: z.boolean().describe('Valid today: issued on or before today and not expired.'),
    credentialUrl: z.string().nullable(),
    skills: z.array(reference).describe('The skills it proves (a skill may require a valid certification).'),
    createdAt: timestamp(),
  })
  .meta({ id: 'Certification' });

export const endorsementSchema = z
  .strictObject({
    id: id(),
    member: reference.describe('Whose rating was endorsed.'),
    endorser: reference,
    skill: reference,
    cycle: reference.describe('The cycle the endorsement was given in.'),
    levelEndorsed: z.number().int(),
    currentLevel: z.number().int().nullable().describe('The member’s self rating of the skill in that cycle now.'),
    ratingChanged: z.boolean().describe('The rating is no longer the level that was endorsed.'),
    comment: z.string().nullable(),
    createdAt: timestamp(),
  })
  .meta({ id: 'Endorsement' });

const memberFilter = id().optional().describe('Only this member’s (GET /api/v1/members).');
const teamFilter = id().optional().describe('Only the members of this team.');
const skillFilter = id().optional().describe('Only this skill (GET /api/v1/frameworks/{frameworkId}).');
const idCursor = cursorParam(z.tuple([z.guid()]));

/** Member and team filters, checked like the pages: another organization's ids are "not found". */
async function audienceFilter(
  context: { db: Db; actor: Actor },
  membership: SQL,
  query: { member?: string; team?: string },
): Promise<SQL> {
  const { db, actor } = context;
  const organizationId = actor.membership.organizationId;
  if (query.member) await requireMemberAccess(db, actor, query.member);
  if (query.team) await requireTeamAccess(db, actor, query.team, 'individuals');
  return sql.join(
    [
      visibleMembersFilter(actor, membership),
      query.member ? sql`${membership} = ${query.member}` : sql`true`,
      query.team
        ? sql`${membership} in (select ftm.membership_id from team_members ftm
            where ftm.organization_id = ${organizationId} and ftm.team_id = ${query.team})`
        : sql`true`,
    ],
    sql` and `,
  );
}

export const listCertificationsEndpoint = endpoint({
  method: 'GET',
  path: '/api/v1/certifications',
  tag: 'Certifications and endorsements',
  operationId: 'listCertifications',
  summary: 'List certifications',
  description:
    'The certifications members recorded, with the skills they prove. Filters as on the profile and team pages: ' +
    `a member, a team, a skill, valid or not today, or expiring within N days (the team page shows ${EXPIRING_SOON_DAYS}). ` +
    'Same rows as /api/certifications.csv.',
  scopes: ['certifications:read'],
  query: z.strictObject({
    member: memberFilter,
    team: teamFilter,
    skill: skillFilter,
    valid: z
      .enum(['true', 'false'], { error: 'valid: true or false.' })
      .optional()
      .describe('Only certifications valid today (true) or not (false: expired or not yet issued).'),
    expiringWithinDays: z.coerce
      .number({ error: 'expiringWithinDays: a whole number of days.' })
      .int('expiringWithinDays: a whole number of days.')
      .min(0, 'expiringWithinDays: 0 or more.')
      .max(3650, 'expiringWithinDays: at most 3650.')
      .optional()
      .describe('Only those expiring between today and today + N days.'),
    cursor: idCursor,
    limit: limitParam(),
  }),
  response: { status: 200, description: 'A page of certifications, by id.', schema: pageSchema(certificationSchema) },
  problems: ['invalid-request', 'not-found'],
  run: async ({ query, db, actor }) => {
    const viewer = actor!;
    const organizationId = viewer.membership.organizationId;
    const audience = await audienceFilter({ db, actor: viewer }, sql`c.membership_id`, query);
    const valid = validCertificationSql(sql`c`);
    const conditions: SQL[] = [
      sql`c.organization_id = ${organizationId}`,
      audience,
      query.skill
        ? sql`exists (select 1 from certification_skills fcs where fcs.organization_id = c.organization_id
            and fcs.certification_id = c.id and fcs.skill_id = ${query.skill})`
        : sql`true`,
      query.valid === undefined ? sql`true` : query.valid === 'true' ? valid : sql`not ${valid}`,
      query.expiringWithinDays === undefined
        ? sql`true`
        : sql`c.expires_on between current_date and current_date + ${query.expiringWithinDays}::int`,
      query.cursor ? sql`c.id > ${query.cursor[0]}::uuid` : sql`true`,
    ];
    const rows = await queryRows(
      db,
      sql`select c.id::text as id, m.id::text as member_id, u.name as member_name, c.name, c.issuer,
                 c.issued_on::text as issued_on, c.expires_on::text as expires_on, ${valid} as valid,
                 c.credential_url, c.created_at,
                 coalesce((select json_agg(json_build_object('id', s.id, 'name', s.name) order by lower(s.name), s.id)
                           from certification_skills cs
                           join skill_nodes s on s.organization_id = cs.organization_id and s.id = cs.skill_id
                           where cs.organization_id = c.organization_id and cs.certification_id = c.id),
                          '[]'::json)::text as skills
          from certifications c
          join memberships m on m.organization_id = c.organization_id and m.id = c.membership_id
          join users u on u.id = m.user_id
          where ${sql.join(conditions, sql` and `)}
          order by c.id limit ${query.limit + 1}`,
      z.object({
        id: column.text,
        member_id: column.text,
        member_name: column.text,
        name: column.text,
        issuer: column.text,
        issued_on: column.text,
        expires_on: column.nullableText,
        valid: column.boolean,
        credential_url: column.nullableText,
        created_at: column.date,
        skills: column.text,
      }),
    );
    return pageOf(
      rows,
      query.limit,
      (row) => [row.id],
      (row) => ({
        id: row.id,
        member: { id: row.member_id, name: row.member_name },
        name: row.name,
        issuer: row.issuer,
        issuedOn: row.issued_on,
        expiresOn: row.expires_on,
        valid: row.valid,
        credentialUrl: row.credential_url,
        skills: JSON.parse(row.skills) as { id: string; name: string }[],
        createdAt: isoTime(row.created_at),
      }),
    );
  },
});

export const listEndorsementsEndpoint = endpoint({
  method: 'GET',
  path: '/api/v1/endorsements',
  tag: 'Certifications and endorsements',
  operationId: 'listEndorsements',
  summary: 'List endorsements',
  description:
    'Endorsements of members’ ratings, with the level endorsed and the rating now (marked when it changed since). ' +
    'Filters: the member endorsed, a team, a skill, a cycle, the endorser. Same rows as /api/endorsements.csv.',
  scopes: ['endorsements:read'],
  query: z.strictObject({
    member: memberFilter,
    team: teamFilter,
    skill: skillFilter,
    cycle: id().optional().describe('Only those given in this cycle (GET /api/v1/cycles).'),
    endorser: id().optional().describe('Only those given by this member.'),
    cursor: idCursor,
    limit: limitParam(),
  }),
  response: { status: 200, description: 'A page of endorsements, by id.', schema: pageSchema(endorsementSchema) },
  problems: ['invalid-request', 'not-found'],
  run: async ({ query, db, actor }) => {
    const viewer = actor!;
    const organizationId = viewer.membership.organizationId;
    const audience = await audienceFilter({ db, actor: viewer }, sql`e.membership_id`, query);
    if (query.endorser) await requireMemberAccess(db, viewer, query.endorser);
    const conditions: SQL[] = [
      sql`e.organization_id = ${organizationId}`,
      audience,
      query.skill ? sql`e.skill_id = ${query.skill}` : sql`true`,
      query.cycle ? sql`e.cycle_id = ${query.cycle}` : sql`true`,
      query.endorser ? sql`e.endorser_membership_id = ${query.endorser}` : sql`true`,
      query.cursor ? sql`e.id > ${query.cursor[0]}::uuid` : sql`true`,
    ];
    const rows = await queryRows(
      db,
      sql`select e.id::text as id, m.id::text as member_id, u.name as member_name,
                 em.id::text as endorser_id, eu.name as endorser_name, s.id::text as skill_id, s.name as skill_name,
                 c.id::text as cycle_id, c.name as cycle_name, e.level_endorsed, r.level as current_level,
                 e.comment, e.created_at
          from ${ENDORSEMENT_ROWS}
          where ${sql.join(conditions, sql` and `)}
          order by e.id limit ${query.limit + 1}`,
      z.object({
        id: column.text,
        member_id: column.text,
        member_name: column.text,
        endorser_id: column.text,
        endorser_name: column.text,
        skill_id: column.text,
        skill_name: column.text,
        cycle_id: column.text,
        cycle_name: column.text,
        level_endorsed: column.number,
        current_level: column.nullableNumber,
        comment: column.nullableText,
        created_at: column.date,
      }),
    );
    return pageOf(
      rows,
      query.limit,
      (row) => [row.id],
      (row) => ({
        id: row.id,
        member: { id: row.member_id, name: row.member_name },
        endorser: { id: row.endorser_id, name: row.endorser_name },
        skill: { id: row.skill_id, name: row.skill_name },
        cycle: { id: row.cycle_id, name: row.cycle_name },
        levelEndorsed: row.level_endorsed,
        currentLevel: row.current_level,
        ratingChanged: row.current_level !== row.level_endorsed,
        comment: row.comment,
        createdAt: isoTime(row.created_at),
      }),
    );
  },
});
