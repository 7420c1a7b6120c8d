'use server';

import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { memberships, roleProfileTargets, roleProfiles, teamTargets } from '@/db/schema';
import { isUniqueViolation } from '@/db/unique-violation';
import { defineAuditedAction } from '@/lib/actions/define-action';
import { duplicateNameResult, nameTakenInOrganization } from '@/lib/actions/unique-name';
import { findTeamInOrganization, managesTeam } from '@/lib/auth/authorize';
import { notFoundError } from '@/lib/auth/errors';
import { findLiveNode, findRoleProfile } from './queries';
import {
  assignProfileSchema,
  createProfileSchema,
  deleteProfileSchema,
  renameProfileSchema,
  setProfileTargetSchema,
  setTeamTargetSchema,
  unassignProfileSchema,
} from './schemas';

const DUPLICATE_NAME = 'A role profile with this name already exists.';
const UNIQUE_NAME = 'role_profiles_org_name_uq';

const duplicateName = () => duplicateNameResult(DUPLICATE_NAME);

const nameTaken = (db: Db, organizationId: string, name: string, exceptId?: string) =>
  nameTakenInOrganization(db, roleProfiles, organizationId, name, exceptId);

/** Two admins naming two profiles alike at once: the constraint decides. */
const refuseDuplicateName = (error: unknown) => (isUniqueViolation(error, UNIQUE_NAME) ? duplicateName() : undefined);

async function requireProfile(db: Db, organizationId: string, profileId: string) {
  const profile = await findRoleProfile(db, organizationId, profileId);
  if (!profile) throw notFoundError('Role profile');
  return profile;
}

async function requireNode(db: Db, organizationId: string, nodeId: string) {
  const node = await findLiveNode(db, organizationId, nodeId);
  if (!node) throw notFoundError('Skill node');
  return node;
}

/** Profiles and targets show on the roles admin page and in every team's gaps. */
const TARGET_PAGES = ['/admin/roles', '/teams'];

const PROFILE = { target: 'role_profile' } as const;

export const createRoleProfileAction = defineAuditedAction<typeof createProfileSchema, { profileId: string }>({
  input: createProfileSchema,
  role: 'admin',
  audit: { events: ['role_profile.created'], ...PROFILE },
  revalidate: TARGET_PAGES,
  refuse: refuseDuplicateName,
  write: async ({ input, tx, context }) => {
    const organizationId = context.organization.id;
    if (await nameTaken(tx, organizationId, input.name)) return duplicateName();
    const [profile] = await tx
      .insert(roleProfiles)
      .values({ organizationId, name: input.name, description: input.description })
      .returning();
    if (!profile) throw new Error('Role profile insert returned no row');
    return {
      ok: true,
      data: { profileId: profile.id },
      message: `Role profile “${profile.name}” created.`,
      audit: { targetId: profile.id, details: { name: profile.name } },
    };
  },
});

export const renameRoleProfileAction = defineAuditedAction({
  input: renameProfileSchema,
  role: 'admin',
  audit: { events: ['role_profile.renamed'], ...PROFILE },
  revalidate: TARGET_PAGES,
  refuse: refuseDuplicateName,
  write: async ({ input, tx, context }) => {
    const organizationId = context.organization.id;
    const profile = await requireProfile(tx, organizationId, input.profileId);
    if (await nameTaken(tx, organizationId, input.name, profile.id)) return duplicateName();
    await tx
      .update(roleProfiles)
      .set({ name: input.name, description: input.description })
      .where(and(eq(roleProfiles.organizationId, organizationId), eq(roleProfiles.id, profile.id)));
    return {
      ok: true,
      message: `Saved “${input.name}”.`,
      audit: { targetId: profile.id, details: { from: profile.name, to: input.name } },
    };
  },
});

export const deleteRoleProfileAction = defineAuditedAction<typeof deleteProfileSchema, { unassigned: number }>({
  input: deleteProfileSchema,
  role: 'admin',
  audit: { events: ['role_profile.deleted'], ...PROFILE },
  revalidate: TARGET_PAGES,
  write: async ({ input, tx, context }) => {
    const organizationId = context.organization.id;
    const [profile] = await tx
      .select()
      .from(roleProfiles)
      .where(and(eq(roleProfiles.organizationId, organizationId), eq(roleProfiles.id, input.profileId)))
      .for('update');
    if (!profile) throw notFoundError('Role profile');
    // memberships_role_profile_fk is composite: `set null` would null organization_id too, so clear it by hand.
    const cleared = await tx
      .update(memberships)
      .set({ roleProfileId: null })
      .where(and(eq(memberships.organizationId, organizationId), eq(memberships.roleProfileId, profile.id)))
      .returning({ id: memberships.id });
    // role_profile_targets go with the profile (cascade).
    await tx
      .delete(roleProfiles)
      .where(and(eq(roleProfiles.organizationId, organizationId), eq(roleProfiles.id, profile.id)));
    const unassigned =
      cleared.length === 0
        ? 'No member was assigned to it.'
        : `${cleared.length} member${cleared.length === 1 ? ' was' : 's were'} unassigned.`;
    return {
      ok: true,
      data: { unassigned: cleared.length },
      message: `Role profile “${profile.name}” deleted. ${unassigned}`,
      audit: { targetId: profile.id, details: { name: profile.name, unassignedMembers: cleared.length } },
    };
  },
});

export const setRoleProfileTargetAction = defineAuditedAction({
  input: setProfileTargetSchema,
  role: 'admin',
  audit: { events: ['role_profile.target_set', 'role_profile.target_cleared'], ...PROFILE },
  revalidate: TARGET_PAGES,
  write: async ({ input, tx, context }) => {
    const organizationId = context.organization.id;
    const profile = await requireProfile(tx, organizationId, input.profileId);
    const node = await requireNode(tx, organizationId, input.nodeId);
    const level = input.level === '' ? null : input.level;
    const key = and(
      eq(roleProfileTargets.organizationId, organizationId),
      eq(roleProfileTargets.roleProfileId, profile.id),
      eq(roleProfileTargets.nodeId, node.id),
    );
    if (level === null) {
      await tx.delete(roleProfileTargets).where(key);
    } else {
      await tx
        .insert(roleProfileTargets)
        .values({ organizationId, roleProfileId: profile.id, nodeId: node.id, level })
        .onConflictDoUpdate({
          target: [roleProfileTargets.organizationId, roleProfileTargets.roleProfileId, roleProfileTargets.nodeId],
          set: { level },
        });
    }
    return {
      ok: true,
      message: level === null ? `Target on “${node.name}” cleared.` : `Target on “${node.name}” set to ${level}.`,
      audit: {
        event: level === null ? 'role_profile.target_cleared' : 'role_profile.target_set',
        targetId: profile.id,
        details: { nodeId: node.id, node: node.name, level },
      },
    };
  },
});

export const assignRoleProfileAction = defineAuditedAction({
  input: assignProfileSchema,
  role: 'admin',
  audit: { events: ['role_profile.assigned'], target: 'membership' },
  revalidate: TARGET_PAGES,
  write: async ({ input, tx, context }) => {
    const organizationId = context.organization.id;
    const profile = await requireProfile(tx, organizationId, input.profileId);
    const [member] = await tx
      .select({ id: memberships.id, roleProfileId: memberships.roleProfileId, status: memberships.status })
      .from(memberships)
      .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, input.membershipId)))
      .for('update');
    if (!member) throw notFoundError('Member');
    if (member.status !== 'active') return { ok: false, error: 'Only active members can be assigned a profile.' };
    if (member.roleProfileId === profile.id) {
      return { ok: true, message: 'Already assigned to this profile.', audit: null };
    }
    await tx
      .update(memberships)
      .set({ roleProfileId: profile.id })
      .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, member.id)));
    return {
      ok: true,
      message: `Assigned to “${profile.name}”.`,
      audit: { targetId: member.id, details: { from: member.roleProfileId, to: profile.id, profile: profile.name } },
    };
  },
});

export const unassignRoleProfileAction = defineAuditedAction({
  input: unassignProfileSchema,
  role: 'admin',
  audit: { events: ['role_profile.unassigned'], target: 'membership' },
  revalidate: TARGET_PAGES,
  write: async ({ input, tx, context }) => {
    const organizationId = context.organization.id;
    const [member] = await tx
      .select({ id: memberships.id, roleProfileId: memberships.roleProfileId })
      .from(memberships)
      .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, input.membershipId)))
      .for('update');
    if (!member) throw notFoundError('Member');
    if (member.roleProfileId === null) return { ok: true, message: 'This member has no role profile.', audit: null };
    await tx
      .update(memberships)
      .set({ roleProfileId: null })
      .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, member.id)));
    return {
      ok: true,
      message: 'Role profile removed from the member.',
      audit: { targetId: member.id, details: { from: member.roleProfileId } },
    };
  },
});

export const setTeamTargetAction = defineAuditedAction({
  input: setTeamTargetSchema,
  role: 'manager',
  authorize: {
    rule: 'manages the team (admins manage every team)',
    check: async ({ input, db, context }) => {
      const team = await findTeamInOrganization(db, context, input.teamId);
      // Another team's manager learns nothing more than "not found" either.
      if (!(await managesTeam(db, context, team.id))) throw notFoundError('Team');
    },
  },
  audit: { events: ['team.target_set', 'team.target_cleared'], target: 'team' },
  revalidate: TARGET_PAGES,
  write: async ({ input, tx, context }) => {
    const organizationId = context.organization.id;
    const node = await requireNode(tx, organizationId, input.nodeId);
    const level = input.level === '' ? null : input.level;
    const key = and(
      eq(teamTargets.organizationId, organizationId),
      eq(teamTargets.teamId, input.teamId),
      eq(teamTargets.nodeId, node.id),
    );
    if (level === null) {
      await tx.delete(teamTargets).where(key);
    } else {
      await tx
        .insert(teamTargets)
        .values({ organizationId, teamId: input.teamId, nodeId: node.id, level })
        .onConflictDoUpdate({
          target: [teamTargets.organizationId, teamTargets.teamId, teamTargets.nodeId],
          set: { level },
        });
    }
    return {
      ok: true,
      message:
        level === null ? `Team target on “${node.name}” cleared.` : `Team target on “${node.name}” set to ${level}.`,
      audit: {
        event: level === null ? 'team.target_cleared' : 'team.target_set',
        targetId: input.teamId,
        details: { nodeId: node.id, node: node.name, level },
      },
    };
  },
});
