import 'server-only';
import { and, asc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { MEMBERSHIP_ROLES, membershipStatus, memberships, roleProfiles, teamMembers, teams, users } from '@/db/schema';
import { requireTeamAccess, visibleMembersFilter, type Actor } from '@/lib/auth/authorize';
import { uniqueViolation } from '@/db/unique-violation';
import { changeMembershipRole } from '@/lib/members/membership-role';
import { deactivateMembership, reactivateMembership } from '@/lib/members/membership-status';
import { accountForNewMembership } from '@/lib/members/provision-account';
import { enqueueWelcomeMail } from '@/lib/members/welcome-mail-job';
import { containsPattern } from '@/lib/members/search';
import { emailSchema, personNameSchema } from '@/lib/organizations/sign-up';
import { NO_NUL, NO_NUL_MESSAGE } from '@/lib/validation/text';
import { emitMemberCreated, emitMemberDeactivated } from '@/lib/webhooks/domain-events';
import { auditApiChange } from '../audit';
import { endpoint } from '../endpoint';
import { ApiProblem, notFound } from '../errors';
import { cursorName, id, reference, searchText, timestamp } from './common';
import { cursorParam, isoTime, isoTimeOrNull, limitParam, pageOf, pageSchema } from './pagination';

export const memberSchema = z
  .strictObject({
    id: id().describe('The membership id: this person in this organization. Ratings and teams refer to it.'),
    userId: id(),
    name: z.string(),
    email: z.string(),
    role: z.enum(MEMBERSHIP_ROLES),
    status: z.enum(membershipStatus.enumValues),
    title: z.string().nullable(),
    roleProfile: reference.nullable().describe('The role profile whose targets apply to the member.'),
    teams: z.array(reference),
    joinedAt: timestamp(),
    deactivatedAt: timestamp().nullable(),
  })
  .meta({ id: 'Member' });

const membersQuery = z.strictObject({
  q: searchText('Part of the name or email, case-insensitive (as /admin/members).'),
  role: z.enum(MEMBERSHIP_ROLES).optional(),
  status: z.enum(membershipStatus.enumValues).optional().describe('Active or deactivated; both when left out.'),
  team: id().optional().describe('Only the members of this team.'),
  cursor: cursorParam(z.tuple([cursorName(), id()])),
  limit: limitParam(),
});

const memberColumns = {
  id: memberships.id,
  userId: users.id,
  name: users.name,
  email: users.email,
  role: memberships.role,
  status: memberships.status,
  title: memberships.title,
  roleProfileId: roleProfiles.id,
  roleProfileName: roleProfiles.name,
  joinedAt: memberships.createdAt,
  deactivatedAt: memberships.deactivatedAt,
};

async function selectMembers(db: Db, actor: Actor, where: SQL | undefined, limit: number) {
  const organizationId = actor.membership.organizationId;
  const rows = await db
    .select(memberColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(
      roleProfiles,
      and(eq(roleProfiles.organizationId, memberships.organizationId), eq(roleProfiles.id, memberships.roleProfileId)),
    )
    .where(and(eq(memberships.organizationId, organizationId), visibleMembersFilter(actor), where))
    // The id breaks ties, so pages never overlap or skip people with the same name.
    .orderBy(asc(users.name), asc(memberships.id))
    .limit(limit);
  const ids = rows.map((row) => row.id);
  const teamRows = ids.length
    ? await db
        .select({ membershipId: teamMembers.membershipId, id: teams.id, name: teams.name })
        .from(teamMembers)
        .innerJoin(teams, and(eq(teams.organizationId, teamMembers.organizationId), eq(teams.id, teamMembers.teamId)))
        .where(and(eq(teamMembers.organizationId, organizationId), inArray(teamMembers.membershipId, ids)))
        .orderBy(asc(teams.name), asc(teams.id))
    : [];
  return rows.map((row) => ({
    row,
    item: {
      id: row.id,
      userId: row.userId,
      name: row.name,
      email: row.email,
      role: row.role,
      status: row.status,
      title: row.title,
      roleProfile:
        row.roleProfileId && row.roleProfileName ? { id: row.roleProfileId, name: row.roleProfileName } : null,
      teams: teamRows.filter((team) => team.membershipId === row.id).map((team) => ({ id: team.id, name: team.name })),
      joinedAt: isoTime(row.joinedAt),
      deactivatedAt: isoTimeOrNull(row.deactivatedAt),
    },
  }));
}

export const listMembersEndpoint = endpoint({
  method: 'GET',
  path: '/api/v1/members',
  tag: 'Members',
  operationId: 'listMembers',
  summary: 'List members',
  description: 'The members of the organization, by name. Filters as on /admin/members, plus a team.',
  scopes: ['members:read'],
  query: membersQuery,
  response: { status: 200, description: 'A page of members.', schema: pageSchema(memberSchema) },
  problems: ['invalid-request', 'not-found'],
  run: async ({ query, db, actor }) => {
    const viewer = actor!;
    const organizationId = viewer.membership.organizationId;
    if (query.team) await requireTeamAccess(db, viewer, query.team, 'individuals');
    const conditions: (SQL | undefined)[] = [
      query.role ? eq(memberships.role, query.role) : undefined,
      query.status ? eq(memberships.status, query.status) : undefined,
      query.q
        ? or(ilike(users.name, containsPattern(query.q)), ilike(users.email, containsPattern(query.q)))
        : undefined,
      query.team
        ? sql`${memberships.id} in (select tm.membership_id from team_members tm
            where tm.organization_id = ${organizationId} and tm.team_id = ${query.team})`
        : undefined,
      query.cursor
        ? sql`(${users.name}, ${memberships.id}) > (${query.cursor[0]}, ${query.cursor[1]}::uuid)`
        : undefined,
    ];
    const rows = await selectMembers(db, viewer, and(...conditions), query.limit + 1);
    return pageOf(
      rows,
      query.limit,
      ({ row }) => [row.name, row.id],
      ({ item }) => item,
    );
  },
});

export const getMemberEndpoint = endpoint({
  method: 'GET',
  path: '/api/v1/members/{memberId}',
  tag: 'Members',
  operationId: 'getMember',
  summary: 'Get a member',
  scopes: ['members:read'],
  params: z.strictObject({ memberId: id() }),
  response: { status: 200, description: 'The member.', schema: memberSchema },
  problems: ['not-found'],
  run: async ({ params, db, actor }) => {
    const [found] = await selectMembers(db, actor!, eq(memberships.id, params.memberId), 1);
    if (!found) throw notFound('Member');
    return found.item;
  },
});

// ---------------------------------------------------------------- members:write

const titleField = z
  .string()
  .trim()
  .max(200, 'title: at most 200 characters.')
  .regex(NO_NUL, NO_NUL_MESSAGE)
  .nullable()
  .describe('The member’s job title in this organization; null clears it.');

async function memberById(db: Db, actor: Actor, membershipId: string) {
  const [found] = await selectMembers(db, actor, eq(memberships.id, membershipId), 1);
  if (!found) throw notFound('Member');
  return found.item;
}

export const createMemberEndpoint = endpoint({
  method: 'POST',
  path: '/api/v1/members',
  tag: 'Members',
  operationId: 'createMember',
  summary: 'Add a member',
  description:
    'Adds a person to the organization without an invitation (an HR system’s new hire). A new account has no ' +
    'password: the person is mailed a welcome with a link to choose one (valid for 7 days; it proves the ' +
    'address), or signs in with single sign-on. An existing account (the person is in another organization) ' +
    'joins with its own name and is mailed a sign-in link. An email that is already a member here is a 409. ' +
    'Audited as the token.',
  scopes: ['members:write'],
  body: z.strictObject({
    email: emailSchema.describe('The sign-in email.'),
    name: personNameSchema.describe('Used for a new account; an existing account keeps its own.'),
    role: z.enum(MEMBERSHIP_ROLES).default('member'),
    title: titleField.optional(),
  }),
  response: { status: 201, description: 'The new member.', schema: memberSchema },
  problems: ['invalid-request', 'conflict', 'payload-too-large', 'unsupported-media-type'],
  run: async ({ body, db, actor, principal, request }) => {
    const token = principal!;
    const organizationId = token.organizationId;
    let membershipId: string;
    try {
      membershipId = await db.transaction(async (tx) => {
        const account = await accountForNewMembership(tx, organizationId, body.email, body.name);
        if (account.membership) {
          throw new ApiProblem(
            'conflict',
            `${body.email} is already a member (id ${account.membership.id}, ${account.membership.status}). ` +
              'Change them with PATCH /api/v1/members/{memberId}.',
          );
        }
        const [membership] = await tx
          .insert(memberships)
          .values({ organizationId, userId: account.userId, role: body.role, title: body.title ?? null })
          .returning({ id: memberships.id });
        if (!membership) throw new Error('Membership insert returned no row');
        await auditApiChange(tx, token, request, {
          action: 'member.created',
          scope: 'members:write',
          targetType: 'membership',
          targetId: membership.id,
          details: { email: body.email, role: body.role },
        });
        await emitMemberCreated(tx, organizationId, membership.id, 'api');
        // They learn they have an account (and how to sign in) from the welcome mail, sent once by the worker.
        await enqueueWelcomeMail(tx, { organizationId, membershipId: membership.id, via: 'api' });
        return membership.id;
      });
    } catch (error) {
      // Two creates of the same email at once: the second meets the unique key, and gets the check's answer.
      if (uniqueViolation(error) !== null) throw new ApiProblem('conflict', `${body.email} is already a member.`);
      throw error;
    }
    return memberById(db, actor!, membershipId);
  },
});

export const updateMemberEndpoint = endpoint({
  method: 'PATCH',
  path: '/api/v1/members/{memberId}',
  tag: 'Members',
  operationId: 'updateMember',
  summary: 'Change a member',
  description:
    'Changes a member’s role, title or status with the admin page’s rules: the last active admin keeps the role ' +
    'and stays active; a new role or a deactivation ends the member’s sessions at once; a member no longer ' +
    'manages teams; deactivation keeps their ratings. Fields left out are not changed. Audited as the token.',
  scopes: ['members:write'],
  params: z.strictObject({ memberId: id() }),
  body: z
    .strictObject({
      role: z.enum(MEMBERSHIP_ROLES).optional(),
      title: titleField.optional(),
      status: z
        .enum(membershipStatus.enumValues)
        .optional()
        .describe('deactivated: they can no longer sign in; active: they can again.'),
    })
    .refine((body) => Object.keys(body).length > 0, 'Send at least one of role, title, status.'),
  response: { status: 200, description: 'The member as they are now.', schema: memberSchema },
  problems: ['invalid-request', 'not-found', 'conflict', 'payload-too-large', 'unsupported-media-type'],
  run: async ({ params, body, db, actor, principal, request }) => {
    const token = principal!;
    const organizationId = token.organizationId;
    const audit = (action: string, details: Record<string, unknown>) => (tx: Db) =>
      auditApiChange(tx, token, request, {
        action,
        scope: 'members:write',
        targetType: 'membership',
        targetId: params.memberId,
        details,
      });
    await db.transaction(async (tx) => {
      // Another organization's id, or a member erased to a tombstone: "not found" (lockAdminsAndTarget).
      if (body.role !== undefined) {
        const result = await changeMembershipRole(tx, organizationId, params.memberId, body.role);
        if (!result.ok) throw new ApiProblem('conflict', result.error);
        if (result.changed) {
          await audit('member.role_changed', {
            from: result.previousRole,
            to: body.role,
            removedFromManagingTeamIds: result.removedFromManagingTeamIds,
          })(tx);
        }
      }
      if (body.title !== undefined) {
        const [before] = await tx
          .select({ title: memberships.title })
          .from(memberships)
          .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, params.memberId)))
          .for('no key update');
        if (!before) throw notFound('Member');
        const title = body.title === '' ? null : body.title;
        if (before.title !== title) {
          await tx
            .update(memberships)
            .set({ title })
            .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, params.memberId)));
          await audit('member.title_changed', { from: before.title, to: title })(tx);
        }
      }
      if (body.status === 'deactivated') {
        const result = await deactivateMembership(tx, organizationId, params.memberId);
        if (!result.ok) throw new ApiProblem('conflict', result.error);
        if (result.changed) {
          await audit('member.deactivated', { role: result.target.role })(tx);
          await emitMemberDeactivated(tx, organizationId, result.target.id, 'api');
        }
      } else if (body.status === 'active') {
        const result = await reactivateMembership(tx, organizationId, params.memberId);
        if (!result.ok) throw new ApiProblem('conflict', result.error);
        if (result.changed) await audit('member.reactivated', { role: result.target.role })(tx);
      }
    });
    return memberById(db, actor!, params.memberId);
  },
});
