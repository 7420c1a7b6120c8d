/**
 * SCIM `Users` (RFC 7643 §4.1) over Skillgrid's people. A SCIM User is a
 * membership of the token's organization (its `id` is the membership id); the
 * account behind it is shared by every organization the person belongs to, so
 * a provider changes the account's email and name only when the account
 * belongs to its organization alone (otherwise one organization's directory
 * would rename a person in another's). Status changes go through the same
 * domain functions as the admin pages (lib/members/membership-status.ts).
 */
import 'server-only';
import { and, asc, count, eq, inArray, isNull, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@/db';
import { memberships, teamMembers, teams, users, type ScimName } from '@/db/schema';
import { uniqueViolation } from '@/db/unique-violation';
import { revokeAccountTokens } from '@/lib/auth/account-tokens';
import { lockAdminsAndTarget } from '@/lib/members/admin-guard';
import { accountForNewMembership, belongsElsewhere } from '@/lib/members/provision-account';
import { enqueueWelcomeMail } from '@/lib/members/welcome-mail-job';
import { deactivateMembership, reactivateMembership } from '@/lib/members/membership-status';
import { emitMemberCreated, emitMemberDeactivated } from '@/lib/webhooks/domain-events';
import { auditScim, type ScimRequestContext } from './audit';
import { ScimError, scimNotFound } from './errors';
import { parseFilter, requireAttributes } from './filter';
import { applyUserPatch, displayNameOf, signInEmail, type UserState } from './patch';
import { LIST_SCHEMA, USER_SCHEMA, type ListQuery, type PatchOperation, type UserResourceInput } from './schemas';

export const UUID_TEST = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID_TEST.test(value);

const userColumns = {
  membershipId: memberships.id,
  userId: users.id,
  status: memberships.status,
  role: memberships.role,
  title: memberships.title,
  externalId: memberships.externalId,
  scimUserName: memberships.scimUserName,
  scimName: memberships.scimName,
  createdAt: memberships.createdAt,
  deactivatedAt: memberships.deactivatedAt,
  email: users.email,
  name: users.name,
};
type UserRow = {
  membershipId: string;
  userId: string;
  status: 'active' | 'deactivated';
  role: 'member' | 'manager' | 'admin';
  title: string | null;
  externalId: string | null;
  scimUserName: string | null;
  scimName: ScimName | null;
  createdAt: Date;
  deactivatedAt: Date | null;
  email: string;
  name: string;
};

/** The memberships SCIM sees: the organization's, except those the provider deleted. */
const visible = (organizationId: string) =>
  and(eq(memberships.organizationId, organizationId), isNull(memberships.deprovisionedAt));

const userNameOf = sql<string>`coalesce(${memberships.scimUserName}, ${users.email})`;

async function loadUser(db: Db, organizationId: string, id: string): Promise<UserRow> {
  if (!isUuid(id)) throw scimNotFound('User', id);
  const [row] = await db
    .select(userColumns)
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(visible(organizationId), eq(memberships.id, id)))
    .limit(1);
  if (!row) throw scimNotFound('User', id);
  return row;
}

async function groupsOf(db: Db, organizationId: string, membershipIds: string[]) {
  if (membershipIds.length === 0) return new Map<string, { value: string; display: string }[]>();
  const rows = await db
    .select({ membershipId: teamMembers.membershipId, teamId: teams.id, name: teams.name })
    .from(teamMembers)
    .innerJoin(teams, and(eq(teams.organizationId, teamMembers.organizationId), eq(teams.id, teamMembers.teamId)))
    .where(and(eq(teamMembers.organizationId, organizationId), inArray(teamMembers.membershipId, membershipIds)))
    .orderBy(asc(teams.name));
  const byMember = new Map<string, { value: string; display: string }[]>();
  for (const row of rows) {
    const list = byMember.get(row.membershipId) ?? [];
    list.push({ value: row.teamId, display: row.name });
    byMember.set(row.membershipId, list);
  }
  return byMember;
}

function toResource(row: UserRow, groups: { value: string; display: string }[], baseUrl: string) {
  const name = row.scimName ?? {};
  const lastModified = row.deactivatedAt && row.deactivatedAt > row.createdAt ? row.deactivatedAt : row.createdAt;
  return {
    schemas: [USER_SCHEMA],
    id: row.membershipId,
    ...(row.externalId ? { externalId: row.externalId } : {}),
    userName: row.scimUserName ?? row.email,
    name: {
      ...(name.givenName ? { givenName: name.givenName } : {}),
      ...(name.familyName ? { familyName: name.familyName } : {}),
      formatted: name.formatted ?? row.name,
    },
    displayName: name.displayName ?? row.name,
    emails: [{ value: row.email, type: 'work', primary: true }],
    active: row.status === 'active',
    ...(row.title ? { title: row.title } : {}),
    groups: groups.map((group) => ({ ...group, $ref: `${baseUrl}/Groups/${group.value}` })),
    meta: {
      resourceType: 'User',
      created: row.createdAt.toISOString(),
      lastModified: lastModified.toISOString(),
      location: `${baseUrl}/Users/${row.membershipId}`,
    },
  };
}
export type ScimUser = ReturnType<typeof toResource>;

/** The state PATCH starts from: what the provider sent before, else what Skillgrid holds. */
function stateOf(row: UserRow): UserState {
  const name = row.scimName ?? {};
  return {
    userName: row.scimUserName ?? row.email,
    name: { givenName: name.givenName ?? null, familyName: name.familyName ?? null, formatted: name.formatted ?? null },
    displayName: name.displayName ?? null,
    emails: [{ value: row.email, type: 'work', primary: true }],
    externalId: row.externalId,
    title: row.title,
    active: row.status === 'active',
  };
}

function stateFromInput(input: UserResourceInput, activeByDefault: boolean): UserState {
  return {
    userName: input.userName,
    name: {
      givenName: input.name?.givenName ?? null,
      familyName: input.name?.familyName ?? null,
      formatted: input.name?.formatted ?? null,
    },
    displayName: input.displayName ?? null,
    emails: (input.emails ?? []).map((email) => ({ value: email.value, type: email.type, primary: email.primary })),
    externalId: input.externalId ?? null,
    title: input.title ?? null,
    active: input.active ?? activeByDefault,
  };
}

const NEEDS_EMAIL =
  'Skillgrid signs people in by email: send a work email (emails[type eq "work"].value) or an email address as userName.';

function emailOf(state: UserState): string {
  const email = signInEmail(state);
  if (!email) throw new ScimError(400, NEEDS_EMAIL, 'invalidValue');
  return email;
}

export async function getUser(context: ScimRequestContext, id: string): Promise<ScimUser> {
  const { db, credential } = context;
  const row = await loadUser(db, credential.organizationId, id);
  const groups = await groupsOf(db, credential.organizationId, [row.membershipId]);
  return toResource(row, groups.get(row.membershipId) ?? [], context.baseUrl);
}

const USER_FILTER_ATTRIBUTES = ['id', 'username', 'externalid', 'emails.value'] as const;

export async function listUsers(context: ScimRequestContext, query: ListQuery) {
  const { db, credential } = context;
  const conditions: (SQL | undefined)[] = [visible(credential.organizationId)];
  if (query.filter !== undefined) {
    const clauses = parseFilter(query.filter);
    requireAttributes(clauses, USER_FILTER_ATTRIBUTES);
    for (const clause of clauses) {
      // Not a string, or an id that is no uuid: nothing can match (and no cast may fail).
      if (typeof clause.value !== 'string' || (clause.attribute === 'id' && !isUuid(clause.value))) {
        conditions.push(sql`false`);
        continue;
      }
      if (clause.attribute === 'id') conditions.push(eq(memberships.id, clause.value));
      if (clause.attribute === 'username') conditions.push(sql`lower(${userNameOf}) = lower(${clause.value})`);
      if (clause.attribute === 'externalid') conditions.push(eq(memberships.externalId, clause.value));
      if (clause.attribute === 'emails.value') conditions.push(eq(users.email, clause.value.toLowerCase()));
    }
  }
  const where = and(...conditions);
  const startIndex = query.startIndex ?? 1;
  const pageSize = query.count ?? 100;
  const [total] = await db
    .select({ n: count() })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(where);
  const rows =
    pageSize === 0
      ? []
      : await db
          .select(userColumns)
          .from(memberships)
          .innerJoin(users, eq(users.id, memberships.userId))
          .where(where)
          .orderBy(asc(memberships.createdAt), asc(memberships.id))
          .limit(pageSize)
          .offset(startIndex - 1);
  const groups = await groupsOf(
    db,
    credential.organizationId,
    rows.map((row) => row.membershipId),
  );
  return {
    schemas: [LIST_SCHEMA],
    totalResults: total?.n ?? 0,
    startIndex,
    itemsPerPage: rows.length,
    Resources: rows.map((row) => toResource(row, groups.get(row.membershipId) ?? [], context.baseUrl)),
  };
}

/** Another visible membership of the organization with this userName or externalId → 409 uniqueness. */
async function assertUnique(tx: Db, organizationId: string, state: UserState, exceptId?: string): Promise<void> {
  const except = exceptId ? ne(memberships.id, exceptId) : undefined;
  const [sameName] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(visible(organizationId), except, sql`lower(${userNameOf}) = lower(${state.userName})`))
    .limit(1);
  if (sameName) {
    throw new ScimError(
      409,
      `A user with userName “${state.userName}” already exists (id ${sameName.id}).`,
      'uniqueness',
    );
  }
  if (state.externalId) {
    const [sameExternal] = await tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(visible(organizationId), except, eq(memberships.externalId, state.externalId)))
      .limit(1);
    if (sameExternal) {
      throw new ScimError(
        409,
        `A user with externalId “${state.externalId}” already exists (id ${sameExternal.id}).`,
        'uniqueness',
      );
    }
  }
}

const scimNameOf = (state: UserState): ScimName => ({
  givenName: state.name.givenName,
  familyName: state.name.familyName,
  formatted: state.name.formatted,
  displayName: state.displayName,
});

/** userName is stored only when it differs from the sign-in email (an Entra UPN, say). */
const storedUserName = (state: UserState, email: string) =>
  state.userName.trim().toLowerCase() === email ? null : state.userName.trim();

/** Turns a unique-constraint race (two creates at once) into the 409 the check would have given. */
function conflictFrom(error: unknown): ScimError | null {
  const constraint = uniqueViolation(error);
  if (constraint === null) return null;
  return new ScimError(409, 'A user with this userName, email or externalId already exists.', 'uniqueness');
}

/**
 * POST /Users. A userName (or email, or externalId) the organization already
 * has is a 409 `uniqueness` (RFC 7644 §3.3), also for a replayed create: Okta
 * and Entra look a user up by filter before creating it and link to what
 * they find, and a 409 makes them do so on a retry too. A person the provider
 * had deleted (DELETE /Users) comes back as the same membership, with their
 * ratings. An existing account with the email (the person is in another
 * organization) gets a membership here; an unconfirmed sign-up with the email
 * loses its unproven password, as with single sign-on.
 */
export async function createUser(context: ScimRequestContext, input: UserResourceInput): Promise<ScimUser> {
  const { db, credential } = context;
  const organizationId = credential.organizationId;
  const state = stateFromInput(input, true);
  const email = emailOf(state);
  const name = displayNameOf(state) ?? email.split('@')[0]!;
  let membershipId: string;
  try {
    membershipId = await db.transaction(async (tx) => {
      await assertUnique(tx, organizationId, state);
      const account = await accountForNewMembership(tx, organizationId, email, name);
      const userId = account.userId;
      const existing = account.membership;
      if (existing && !existing.deprovisionedAt) {
        throw new ScimError(409, `A user with email ${email} already exists (id ${existing.id}).`, 'uniqueness');
      }
      const revived = existing ? { id: existing.id, status: existing.status } : undefined;
      const fields = {
        externalId: state.externalId,
        scimUserName: storedUserName(state, email),
        scimName: scimNameOf(state),
        title: state.title,
      };
      let id: string;
      if (revived) {
        id = revived.id;
        await tx
          .update(memberships)
          .set({ ...fields, deprovisionedAt: null })
          .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, id)));
        if (state.active && revived.status === 'deactivated') {
          const result = await reactivateMembership(tx, organizationId, id);
          if (result.ok && result.changed) {
            await auditScim(tx, context, { action: 'member.reactivated', targetType: 'membership', targetId: id });
          }
        }
      } else {
        const [membership] = await tx
          .insert(memberships)
          .values({
            organizationId,
            userId,
            role: 'member',
            status: state.active ? 'active' : 'deactivated',
            deactivatedAt: state.active ? null : new Date(),
            ...fields,
          })
          .returning({ id: memberships.id });
        if (!membership) throw new Error('Membership insert returned no row');
        id = membership.id;
      }
      await auditScim(tx, context, {
        action: 'member.created',
        targetType: 'membership',
        targetId: id,
        details: { email, externalId: state.externalId, active: state.active, returning: Boolean(revived) },
      });
      // A membership coming back is no new member: only a new one is announced.
      if (!revived) await emitMemberCreated(tx, organizationId, id, 'scim');
      // A new, active member learns they have an account from the welcome mail (once, by the worker).
      if (!revived && state.active) await enqueueWelcomeMail(tx, { organizationId, membershipId: id, via: 'scim' });
      return id;
    });
  } catch (error) {
    throw conflictFrom(error) ?? error;
  }
  return getUser(context, membershipId);
}

/**
 * Writes a user's new SCIM state (PUT, PATCH): per-membership attributes here,
 * the account's email and name when the account is this organization's alone,
 * `active` through the same deactivation and reactivation as the admin page.
 */
async function writeState(tx: Db, context: ScimRequestContext, row: UserRow, next: UserState): Promise<void> {
  const organizationId = context.credential.organizationId;
  const requestedEmail = emailOf(next);
  await assertUnique(tx, organizationId, next, row.membershipId);
  const changed: string[] = [];
  let email = row.email;
  const shared = await belongsElsewhere(tx, row.userId, organizationId);
  if (!shared) {
    if (requestedEmail !== row.email) {
      const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, requestedEmail)).limit(1);
      if (taken) throw new ScimError(409, `Another account already uses ${requestedEmail}.`, 'uniqueness');
      // The new address is the directory's word, not yet proved by its owner (docs/security.md).
      await tx.update(users).set({ email: requestedEmail, emailVerifiedAt: null }).where(eq(users.id, row.userId));
      await revokeAccountTokens(tx, row.userId);
      email = requestedEmail;
      changed.push('email');
    }
    const name = displayNameOf(next);
    if (name && name !== row.name) {
      await tx.update(users).set({ name }).where(eq(users.id, row.userId));
      changed.push('name');
    }
  }
  const fields = {
    externalId: next.externalId,
    scimUserName: storedUserName(next, email),
    scimName: scimNameOf(next),
    title: next.title,
  };
  const before = stateOf(row);
  if (before.externalId !== fields.externalId) changed.push('externalId');
  if (before.userName !== next.userName.trim()) changed.push('userName');
  if (before.title !== fields.title) changed.push('title');
  if (JSON.stringify(scimNameOf(before)) !== JSON.stringify(fields.scimName) && !changed.includes('name')) {
    changed.push('name');
  }
  await tx
    .update(memberships)
    .set(fields)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, row.membershipId)));
  if (next.active !== before.active) {
    const result = next.active
      ? await reactivateMembership(tx, organizationId, row.membershipId)
      : await deactivateMembership(tx, organizationId, row.membershipId);
    if (!result.ok) throw new ScimError(400, result.error, 'mutability');
    if (result.changed) {
      if (!next.active) await emitMemberDeactivated(tx, organizationId, row.membershipId, 'scim');
      await auditScim(tx, context, {
        action: next.active ? 'member.reactivated' : 'member.deactivated',
        targetType: 'membership',
        targetId: row.membershipId,
        details: { role: result.target.role },
      });
    }
  }
  if (changed.length > 0) {
    await auditScim(tx, context, {
      action: 'member.updated',
      targetType: 'membership',
      targetId: row.membershipId,
      details: { changed, ...(shared ? { accountShared: true } : {}) },
    });
  }
}

/** Locks the organization's admins and the target (the order every admin change uses), then reads it. */
async function lockUser(tx: Db, organizationId: string, id: string): Promise<UserRow> {
  if (!isUuid(id)) throw scimNotFound('User', id);
  try {
    await lockAdminsAndTarget(tx, organizationId, id);
  } catch {
    throw scimNotFound('User', id);
  }
  return loadUser(tx, organizationId, id);
}

async function update(context: ScimRequestContext, id: string, next: (row: UserRow) => UserState): Promise<ScimUser> {
  const organizationId = context.credential.organizationId;
  try {
    await context.db.transaction(async (tx) => {
      const row = await lockUser(tx, organizationId, id);
      await writeState(tx, context, row, next(row));
    });
  } catch (error) {
    throw conflictFrom(error) ?? error;
  }
  return getUser(context, id);
}

/** PUT /Users/{id} (Okta's update): the attributes sent replace the stored ones; `active` left out stays as it is. */
export function replaceUser(context: ScimRequestContext, id: string, input: UserResourceInput): Promise<ScimUser> {
  return update(context, id, (row) => stateFromInput(input, row.status === 'active'));
}

/** PATCH /Users/{id} (Entra's update, everyone's deactivation). */
export function patchUser(context: ScimRequestContext, id: string, operations: PatchOperation[]): Promise<ScimUser> {
  return update(context, id, (row) => applyUserPatch(stateOf(row), operations));
}

/**
 * DELETE /Users/{id}: the person is deactivated (sessions end) and is no
 * longer a SCIM resource, so a later GET is a 404 as RFC 7644 §3.6 asks. The
 * membership and its ratings stay for the organization's records until an admin
 * erases them (lib/portability/erase-member.ts); a later POST with the same email
 * brings the same membership back.
 */
export async function deleteUser(context: ScimRequestContext, id: string): Promise<void> {
  const organizationId = context.credential.organizationId;
  await context.db.transaction(async (tx) => {
    const row = await lockUser(tx, organizationId, id);
    const result = await deactivateMembership(tx, organizationId, row.membershipId);
    if (!result.ok) throw new ScimError(400, result.error, 'mutability');
    await tx
      .update(memberships)
      .set({ deprovisionedAt: new Date(), externalId: null, scimUserName: null })
      .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, row.membershipId)));
    if (result.changed) {
      await emitMemberDeactivated(tx, organizationId, row.membershipId, 'scim');
      await auditScim(tx, context, {
        action: 'member.deactivated',
        targetType: 'membership',
        targetId: row.membershipId,
        details: { role: row.role },
      });
    }
    await auditScim(tx, context, {
      action: 'member.deprovisioned',
      targetType: 'membership',
      targetId: row.membershipId,
      details: { externalId: row.externalId },
    });
  });
}
