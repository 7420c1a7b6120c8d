/**
 * SCIM `Groups` (RFC 7643 §4.2) are Skillgrid teams. Membership changes go
 * through the same domain functions as the admin pages
 * (lib/teams/team-membership.ts): only active members join a team, removing
 * someone keeps their ratings, a team whose cycles hold ratings cannot be deleted.
 */
import 'server-only';
import { and, asc, count, eq, inArray, isNull, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import { memberships, teamMembers, teams, users, type Team } from '@/db/schema';
import { uniqueViolation } from '@/db/unique-violation';
import { deleteTeam } from '@/lib/teams/delete-team';
import { addMemberToTeam, removeMemberFromTeam } from '@/lib/teams/team-membership';
import { auditScim, type ScimRequestContext } from './audit';
import { ScimError, scimNotFound } from './errors';
import { parseFilter, requireAttributes } from './filter';
import { applyGroupPatch, type GroupState } from './patch';
import { GROUP_SCHEMA, LIST_SCHEMA, type GroupResourceInput, type ListQuery, type PatchOperation } from './schemas';
import { isUuid, UUID_TEST } from './users';

/** `excludedAttributes=members`: Entra asks for groups without their (possibly long) member lists. */
const withoutMembers = (excluded: string | undefined) =>
  (excluded ?? '')
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .includes('members');

async function membersOf(db: Db, organizationId: string, teamIds: string[]) {
  const byTeam = new Map<string, { value: string; display: string }[]>();
  if (teamIds.length === 0) return byTeam;
  const rows = await db
    .select({ teamId: teamMembers.teamId, membershipId: memberships.id, name: users.name })
    .from(teamMembers)
    .innerJoin(
      memberships,
      and(eq(memberships.organizationId, teamMembers.organizationId), eq(memberships.id, teamMembers.membershipId)),
    )
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(teamMembers.organizationId, organizationId),
        inArray(teamMembers.teamId, teamIds),
        isNull(memberships.deprovisionedAt),
      ),
    )
    .orderBy(asc(users.name), asc(memberships.id));
  for (const row of rows) {
    const list = byTeam.get(row.teamId) ?? [];
    list.push({ value: row.membershipId, display: row.name });
    byTeam.set(row.teamId, list);
  }
  return byTeam;
}

function toResource(team: Team, members: { value: string; display: string }[] | null, baseUrl: string) {
  return {
    schemas: [GROUP_SCHEMA],
    id: team.id,
    ...(team.externalId ? { externalId: team.externalId } : {}),
    displayName: team.name,
    ...(members ? { members: members.map((member) => ({ ...member, $ref: `${baseUrl}/Users/${member.value}` })) } : {}),
    meta: {
      resourceType: 'Group',
      created: team.createdAt.toISOString(),
      lastModified: team.createdAt.toISOString(),
      location: `${baseUrl}/Groups/${team.id}`,
    },
  };
}
export type ScimGroup = ReturnType<typeof toResource>;

async function loadTeam(db: Db, organizationId: string, id: string, lock = false): Promise<Team> {
  if (!isUuid(id)) throw scimNotFound('Group', id);
  const query = db
    .select()
    .from(teams)
    .where(and(eq(teams.organizationId, organizationId), eq(teams.id, id)))
    .limit(1);
  const [team] = lock ? await query.for('update') : await query;
  if (!team) throw scimNotFound('Group', id);
  return team;
}

export async function getGroup(
  context: ScimRequestContext,
  id: string,
  excludedAttributes?: string,
): Promise<ScimGroup> {
  const { db, credential } = context;
  const team = await loadTeam(db, credential.organizationId, id);
  const members = withoutMembers(excludedAttributes)
    ? null
    : ((await membersOf(db, credential.organizationId, [team.id])).get(team.id) ?? []);
  return toResource(team, members, context.baseUrl);
}

const GROUP_FILTER_ATTRIBUTES = ['id', 'displayname', 'externalid', 'members.value'] as const;

export async function listGroups(context: ScimRequestContext, query: ListQuery) {
  const { db, credential } = context;
  const organizationId = credential.organizationId;
  const conditions: (SQL | undefined)[] = [eq(teams.organizationId, organizationId)];
  if (query.filter !== undefined) {
    const clauses = parseFilter(query.filter);
    requireAttributes(clauses, GROUP_FILTER_ATTRIBUTES);
    for (const clause of clauses) {
      const needsUuid = clause.attribute === 'id' || clause.attribute === 'members.value';
      if (typeof clause.value !== 'string' || (needsUuid && !isUuid(clause.value))) {
        conditions.push(sql`false`);
        continue;
      }
      if (clause.attribute === 'id') conditions.push(eq(teams.id, clause.value));
      if (clause.attribute === 'displayname') conditions.push(sql`lower(${teams.name}) = lower(${clause.value})`);
      if (clause.attribute === 'externalid') conditions.push(eq(teams.externalId, clause.value));
      if (clause.attribute === 'members.value') {
        conditions.push(
          sql`exists (select 1 from team_members tm join memberships m
                on m.organization_id = tm.organization_id and m.id = tm.membership_id
              where tm.organization_id = ${organizationId} and tm.team_id = ${teams.id}
                and tm.membership_id = ${clause.value} and m.deprovisioned_at is null)`,
        );
      }
    }
  }
  const where = and(...conditions);
  const startIndex = query.startIndex ?? 1;
  const pageSize = query.count ?? 100;
  const [total] = await db.select({ n: count() }).from(teams).where(where);
  const rows =
    pageSize === 0
      ? []
      : await db
          .select()
          .from(teams)
          .where(where)
          .orderBy(asc(teams.createdAt), asc(teams.id))
          .limit(pageSize)
          .offset(startIndex - 1);
  const members = withoutMembers(query.excludedAttributes)
    ? null
    : await membersOf(
        db,
        organizationId,
        rows.map((row) => row.id),
      );
  return {
    schemas: [LIST_SCHEMA],
    totalResults: total?.n ?? 0,
    startIndex,
    itemsPerPage: rows.length,
    Resources: rows.map((row) => toResource(row, members ? (members.get(row.id) ?? []) : null, context.baseUrl)),
  };
}

async function assertUniqueGroup(tx: Db, organizationId: string, state: GroupState, exceptId?: string) {
  const except = exceptId ? ne(teams.id, exceptId) : undefined;
  const [sameName] = await tx
    .select({ id: teams.id })
    .from(teams)
    .where(
      and(eq(teams.organizationId, organizationId), except, sql`lower(${teams.name}) = lower(${state.displayName})`),
    )
    .limit(1);
  if (sameName) {
    throw new ScimError(409, `A group named “${state.displayName}” already exists (id ${sameName.id}).`, 'uniqueness');
  }
  if (state.externalId) {
    const [sameExternal] = await tx
      .select({ id: teams.id })
      .from(teams)
      .where(and(eq(teams.organizationId, organizationId), except, eq(teams.externalId, state.externalId)))
      .limit(1);
    if (sameExternal) {
      throw new ScimError(
        409,
        `A group with externalId “${state.externalId}” already exists (id ${sameExternal.id}).`,
        'uniqueness',
      );
    }
  }
}

/** Member ids must be SCIM users of this organization; anything else is named in a 400. */
async function resolveMembers(tx: Db, organizationId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const unknown: string[] = ids.filter((id) => !UUID_TEST.test(id));
  const valid = ids.filter(isUuid);
  const found =
    valid.length === 0
      ? []
      : await tx
          .select({ id: memberships.id })
          .from(memberships)
          .where(
            and(
              eq(memberships.organizationId, organizationId),
              inArray(memberships.id, valid),
              isNull(memberships.deprovisionedAt),
            ),
          );
  const known = new Set(found.map((row) => row.id));
  unknown.push(...valid.filter((id) => !known.has(id)));
  if (unknown.length > 0) {
    throw new ScimError(400, `No user ${unknown.slice(0, 5).join(', ')} in this organization.`, 'invalidValue');
  }
}

async function currentMembers(tx: Db, organizationId: string, teamId: string): Promise<Set<string>> {
  const rows = await tx
    .select({ id: teamMembers.membershipId })
    .from(teamMembers)
    .innerJoin(
      memberships,
      and(eq(memberships.organizationId, teamMembers.organizationId), eq(memberships.id, teamMembers.membershipId)),
    )
    .where(
      and(
        eq(teamMembers.organizationId, organizationId),
        eq(teamMembers.teamId, teamId),
        isNull(memberships.deprovisionedAt),
      ),
    );
  return new Set(rows.map((row) => row.id));
}

async function writeGroupState(tx: Db, context: ScimRequestContext, team: Team, before: GroupState, next: GroupState) {
  const organizationId = context.credential.organizationId;
  await assertUniqueGroup(tx, organizationId, next, team.id);
  if (next.displayName !== before.displayName || next.externalId !== before.externalId) {
    await tx
      .update(teams)
      .set({ name: next.displayName, externalId: next.externalId })
      .where(and(eq(teams.organizationId, organizationId), eq(teams.id, team.id)));
  }
  if (next.displayName !== before.displayName) {
    await auditScim(tx, context, {
      action: 'team.renamed',
      targetType: 'team',
      targetId: team.id,
      details: { from: before.displayName, to: next.displayName },
    });
  }
  if (next.externalId !== before.externalId) {
    await auditScim(tx, context, {
      action: 'team.updated',
      targetType: 'team',
      targetId: team.id,
      details: { changed: ['externalId'] },
    });
  }
  const added = [...next.members].filter((id) => !before.members.has(id));
  const removed = [...before.members].filter((id) => !next.members.has(id));
  await resolveMembers(tx, organizationId, added);
  for (const membershipId of added) {
    const result = await addMemberToTeam(tx, organizationId, team.id, membershipId);
    if (!result.ok) throw new ScimError(400, `${result.error} (user ${membershipId})`, 'invalidValue');
    if (result.changed) {
      await auditScim(tx, context, {
        action: 'team.member_added',
        targetType: 'team',
        targetId: team.id,
        details: { membershipId },
      });
    }
  }
  for (const membershipId of removed) {
    if (await removeMemberFromTeam(tx, organizationId, team.id, membershipId)) {
      await auditScim(tx, context, {
        action: 'team.member_removed',
        targetType: 'team',
        targetId: team.id,
        details: { membershipId },
      });
    }
  }
}

function conflictFrom(error: unknown): ScimError | null {
  if (uniqueViolation(error) === null) return null;
  return new ScimError(409, 'A group with this displayName or externalId already exists.', 'uniqueness');
}

/** POST /Groups: a name the organization already uses is a 409 `uniqueness` (RFC 7644 §3.3), a replay included. */
export async function createGroup(context: ScimRequestContext, input: GroupResourceInput): Promise<ScimGroup> {
  const organizationId = context.credential.organizationId;
  const next: GroupState = {
    displayName: input.displayName,
    externalId: input.externalId ?? null,
    members: new Set((input.members ?? []).map((member) => member.value)),
  };
  let teamId: string;
  try {
    teamId = await context.db.transaction(async (tx) => {
      await assertUniqueGroup(tx, organizationId, next);
      const [team] = await tx
        .insert(teams)
        .values({ organizationId, name: next.displayName, externalId: next.externalId })
        .returning();
      if (!team) throw new Error('Team insert returned no row');
      await auditScim(tx, context, {
        action: 'team.created',
        targetType: 'team',
        targetId: team.id,
        details: { name: team.name },
      });
      const empty: GroupState = { displayName: team.name, externalId: team.externalId, members: new Set() };
      await writeGroupState(tx, context, team, empty, next);
      return team.id;
    });
  } catch (error) {
    throw conflictFrom(error) ?? error;
  }
  return getGroup(context, teamId);
}

async function updateGroup(
  context: ScimRequestContext,
  id: string,
  change: (before: GroupState) => GroupState,
): Promise<ScimGroup> {
  const organizationId = context.credential.organizationId;
  try {
    await context.db.transaction(async (tx) => {
      const team = await loadTeam(tx, organizationId, id, true);
      const before: GroupState = {
        displayName: team.name,
        externalId: team.externalId,
        members: await currentMembers(tx, organizationId, team.id),
      };
      await writeGroupState(tx, context, team, before, change(before));
    });
  } catch (error) {
    throw conflictFrom(error) ?? error;
  }
  return getGroup(context, id);
}

/** PUT /Groups/{id}: name, externalId and the whole member list as sent. */
export function replaceGroup(context: ScimRequestContext, id: string, input: GroupResourceInput): Promise<ScimGroup> {
  return updateGroup(context, id, () => ({
    displayName: input.displayName,
    externalId: input.externalId ?? null,
    members: new Set((input.members ?? []).map((member) => member.value)),
  }));
}

export function patchGroup(context: ScimRequestContext, id: string, operations: PatchOperation[]): Promise<ScimGroup> {
  return updateGroup(context, id, (before) => applyGroupPatch(before, operations));
}

/** DELETE /Groups/{id}: the team goes (its people and their ratings stay), unless cycles hold ratings for it. */
export async function deleteGroup(context: ScimRequestContext, id: string): Promise<void> {
  const organizationId = context.credential.organizationId;
  if (!isUuid(id)) throw scimNotFound('Group', id);
  await context.db.transaction(async (tx) => {
    await loadTeam(tx, organizationId, id);
    const result = await deleteTeam(tx, organizationId, id);
    if (!result.ok) throw new ScimError(400, result.error, 'mutability');
    await auditScim(tx, context, {
      action: 'team.deleted',
      targetType: 'team',
      targetId: id,
      details: { name: result.team.name },
    });
  });
}
