'use server';

import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { memberships, roleProfileTargets, roleProfiles, teamTargets } from '@/db/schema';
import { defineAction } from '@/lib/actions/define-action';
import { duplicateNameResult, nameTakenInOrganization } from '@/lib/actions/unique-name';
import type { ActionResult } from '@/lib/actions/result';
import { writeAudit } from '@/lib/audit/write-audit';
import { findTeamInOrganization, managesTeam } from '@/lib/auth/authorize';
import { notFound } from '@/lib/auth/errors';
import { requestIp } from '@/lib/http/request-meta';
import { refreshAdminPages } from '@/lib/members/revalidate';
import { isUniqueViolation } from '@/lib/teams/unique-violation';
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

async function requireProfile(db: Db, organizationId: string, profileId: string) {
  const profile = await findRoleProfile(db, organizationId, profileId);
  if (!profile) throw notFound('Role profile');
  return profile;
}

async function requireNode(db: Db, organizationId: string, nodeId: string) {
  const node = await findLiveNode(db, organizationId, nodeId);
  if (!node) throw notFound('Skill node');
  return node;
}

function refreshTargetPages(): void {
  refreshAdminPages('/admin/roles');
  refreshAdminPages('/teams');
}

export const createRoleProfileAction = defineAction({
  input: createProfileSchema,
  role: 'admin',
  run: async ({ input, db, context }) => {
    const organizationId = context.organization.id;
    if (await nameTaken(db, organizationId, input.name)) return duplicateName();
    const ip = await requestIp();
    try {
      const result = await db.transaction(async (tx): Promise<ActionResult<{ profileId: string }>> => {
        const [profile] = await tx
          .insert(roleProfiles)
          .values({ organizationId, name: input.name, description: input.description })
          .returning();
        if (!profile) throw new Error('Role profile insert returned no row');
        await writeAudit(tx, {
          organizationId,
          actorUserId: context.user.id,
          action: 'role_profile.created',
          targetType: 'role_profile',
          targetId: profile.id,
          details: { name: profile.name },
          ip,
        });
        return { ok: true, data: { profileId: profile.id }, message: `Role profile “${profile.name}” created.` };
      });
      refreshTargetPages();
      return result;
    } catch (error) {
      if (isUniqueViolation(error, UNIQUE_NAME)) return duplicateName();
      throw error;
    }
  },
});

export const renameRoleProfileAction = defineAction({
  input: renameProfileSchema,
  role: 'admin',
  run: async ({ input, db, context }) => {
    const organizationId = context.organization.id;
    const profile = await requireProfile(db, organizationId, input.profileId);
    if (await nameTaken(db, organizationId, input.name, profile.id)) return duplicateName();
    const ip = await requestIp();
    try {
      await db.transaction(async (tx) => {
        await tx
          .update(roleProfiles)
          .set({ name: input.name, description: input.description })
          .where(and(eq(roleProfiles.organizationId, organizationId), eq(roleProfiles.id, profile.id)));
        await writeAudit(tx, {
          organizationId,
          actorUserId: context.user.id,
          action: 'role_profile.renamed',
          targetType: 'role_profile',
          targetId: profile.id,
          details: { from: profile.name, to: input.name },
          ip,
        });
      });
    } catch (error) {
      if (isUniqueViolation(error, UNIQUE_NAME)) return duplicateName();
      throw error;
    }
    refreshTargetPages();
    return { ok: true, message: `Saved “${input.name}”.` };
  },
});

export const deleteRoleProfileAction = defineAction({
  input: deleteProfileSchema,
  role: 'admin',
  run: async ({ input, db, context }) => {
    const organizationId = context.organization.id;
    const ip = await requestIp();
    const result = await db.transaction(async (tx): Promise<ActionResult<{ unassigned: number }>> => {
      const [profile] = await tx
        .select()
        .from(roleProfiles)
        .where(and(eq(roleProfiles.organizationId, organizationId), eq(roleProfiles.id, input.profileId)))
        .for('update');
      if (!profile) throw notFound('Role profile');
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
      await writeAudit(tx, {
        organizationId,
        actorUserId: context.user.id,
        action: 'role_profile.deleted',
        targetType: 'role_profile',
        targetId: profile.id,
        details: { name: profile.name, unassignedMembers: cleared.length },
        ip,
      });
      const unassigned =
        cleared.length === 0
          ? 'No member was assigned to it.'
          : `${cleared.length} member${cleared.length === 1 ? ' was' : 's were'} unassigned.`;
      return {
        ok: true,
        data: { unassigned: cleared.length },
        message: `Role profile “${profile.name}” deleted. ${unassigned}`,
      };
    });
    refreshTargetPages();
    return result;
  },
});

export const setRoleProfileTargetAction = defineAction({
  input: setProfileTargetSchema,
  role: 'admin',
  run: async ({ input, db, context }) => {
    const organizationId = context.organization.id;
    const profile = await requireProfile(db, organizationId, input.profileId);
    const node = await requireNode(db, organizationId, input.nodeId);
    const ip = await requestIp();
    const level = input.level === '' ? null : input.level;
    await db.transaction(async (tx) => {
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
      await writeAudit(tx, {
        organizationId,
        actorUserId: context.user.id,
        action: level === null ? 'role_profile.target_cleared' : 'role_profile.target_set',
        targetType: 'role_profile',
        targetId: profile.id,
        details: { nodeId: node.id, node: node.name, level },
        ip,
      });
    });
    refreshTargetPages();
    return {
      ok: true,
      message: level === null ? `Target on “${node.name}” cleared.` : `Target on “${node.name}” set to ${level}.`,
    };
  },
});

export const assignRoleProfileAction = defineAction({
  input: assignProfileSchema,
  role: 'admin',
  run: async ({ input, db, context }) => {
    const organizationId = context.organization.id;
    const ip = await requestIp();
    const result = await db.transaction(async (tx): Promise<ActionResult> => {
      const profile = await requireProfile(tx, organizationId, input.profileId);
      const [member] = await tx
        .select({ id: memberships.id, roleProfileId: memberships.roleProfileId, status: memberships.status })
        .from(memberships)
        .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, input.membershipId)))
        .for('update');
      if (!member) throw notFound('Member');
      if (member.status !== 'active') return { ok: false, error: 'Only active members can be assigned a profile.' };
      if (member.roleProfileId === profile.id) return { ok: true, message: 'Already assigned to this profile.' };
      await tx
        .update(memberships)
        .set({ roleProfileId: profile.id })
        .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, member.id)));
      await writeAudit(tx, {
        organizationId,
        actorUserId: context.user.id,
        action: 'role_profile.assigned',
        targetType: 'membership',
        targetId: member.id,
        details: { from: member.roleProfileId, to: profile.id, profile: profile.name },
        ip,
      });
      return { ok: true, message: `Assigned to “${profile.name}”.` };
    });
    refreshTargetPages();
    return result;
  },
});

export const unassignRoleProfileAction = defineAction({
  input: unassignProfileSchema,
  role: 'admin',
  run: async ({ input, db, context }) => {
    const organizationId = context.organization.id;
    const ip = await requestIp();
    const result = await db.transaction(async (tx): Promise<ActionResult> => {
      const [member] = await tx
        .select({ id: memberships.id, roleProfileId: memberships.roleProfileId })
        .from(memberships)
        .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, input.membershipId)))
        .for('update');
      if (!member) throw notFound('Member');
      if (member.roleProfileId === null) return { ok: true, message: 'This member has no role profile.' };
      await tx
        .update(memberships)
        .set({ roleProfileId: null })
        .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, member.id)));
      await writeAudit(tx, {
        organizationId,
        actorUserId: context.user.id,
        action: 'role_profile.unassigned',
        targetType: 'membership',
        targetId: member.id,
        details: { from: member.roleProfileId },
        ip,
      });
      return { ok: true, message: 'Role profile removed from the member.' };
    });
    refreshTargetPages();
    return result;
  },
});

export const setTeamTargetAction = defineAction({
  input: setTeamTargetSchema,
  role: 'manager',
  run: async ({ input, db, context }) => {
    const organizationId = context.organization.id;
    const team = await findTeamInOrganization(db, context, input.teamId);
    // Another team's manager learns nothing more than "not found" either.
    if (!(await managesTeam(db, context, team.id))) throw notFound('Team');
    const node = await requireNode(db, organizationId, input.nodeId);
    const ip = await requestIp();
    const level = input.level === '' ? null : input.level;
    await db.transaction(async (tx) => {
      const key = and(
        eq(teamTargets.organizationId, organizationId),
        eq(teamTargets.teamId, team.id),
        eq(teamTargets.nodeId, node.id),
      );
      if (level === null) {
        await tx.delete(teamTargets).where(key);
      } else {
        await tx
          .insert(teamTargets)
          .values({ organizationId, teamId: team.id, nodeId: node.id, level })
          .onConflictDoUpdate({
            target: [teamTargets.organizationId, teamTargets.teamId, teamTargets.nodeId],
            set: { level },
          });
      }
      await writeAudit(tx, {
        organizationId,
        actorUserId: context.user.id,
        action: level === null ? 'team.target_cleared' : 'team.target_set',
        targetType: 'team',
        targetId: team.id,
        details: { nodeId: node.id, node: node.name, level },
        ip,
      });
    });
    refreshTargetPages();
    return {
      ok: true,
      message:
        level === null ? `Team target on “${node.name}” cleared.` : `Team target on “${node.name}” set to ${level}.`,
    };
  },
});
