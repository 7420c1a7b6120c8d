'use server';

import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { invitations, memberships, teamManagers, teamMembers, teams, type Membership } from '@/db/schema';
import { defineAction } from '@/lib/actions/define-action';
import { duplicateNameResult, nameTakenInOrganization } from '@/lib/actions/unique-name';
import type { ActionResult } from '@/lib/actions/result';
import { writeAudit } from '@/lib/audit/write-audit';
import { findTeamInOrganization } from '@/lib/auth/authorize';
import { notFound } from '@/lib/auth/errors';
import { requestIp } from '@/lib/http/request-meta';
import { refreshAdminPages } from '@/lib/members/revalidate';
import { countTeamCycles } from './queries';
import { createTeamSchema, renameTeamSchema, teamMembershipSchema, teamTargetSchema } from './schemas';
import { isUniqueViolation } from './unique-violation';

const DUPLICATE_NAME = 'A team with this name already exists.';

const duplicateName = () => duplicateNameResult(DUPLICATE_NAME);

const nameTaken = (db: Db, organizationId: string, name: string, exceptId?: string) =>
  nameTakenInOrganization(db, teams, organizationId, name, exceptId);

/**
 * A membership of the organization, locked `for share` so that a concurrent
 * role change or deactivation waits for this transaction (and vice versa).
 */
async function findMembershipForShare(tx: Db, organizationId: string, membershipId: string): Promise<Membership> {
  const [row] = await tx
    .select()
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, membershipId)))
    .for('share');
  if (!row) throw notFound('Member');
  return row;
}

export const createTeamAction = defineAction({
  input: createTeamSchema,
  role: 'admin',
  run: async ({ input, db, context }) => {
    const organizationId = context.organization.id;
    if (await nameTaken(db, organizationId, input.name)) return duplicateName();
    const ip = await requestIp();
    try {
      const result = await db.transaction(async (tx): Promise<ActionResult<{ teamId: string }>> => {
        const [team] = await tx.insert(teams).values({ organizationId, name: input.name }).returning();
        if (!team) throw new Error('Team insert returned no row');
        await writeAudit(tx, {
          organizationId,
          actorUserId: context.user.id,
          action: 'team.created',
          targetType: 'team',
          targetId: team.id,
          details: { name: team.name },
          ip,
        });
        return { ok: true, data: { teamId: team.id }, message: `Team “${team.name}” created.` };
      });
      refreshAdminPages();
      return result;
    } catch (error) {
      // Two admins creating the same name at once: the constraint decides.
      if (isUniqueViolation(error, 'teams_org_name_uq')) return duplicateName();
      throw error;
    }
  },
});

export const renameTeamAction = defineAction({
  input: renameTeamSchema,
  role: 'admin',
  run: async ({ input, db, context }) => {
    const organizationId = context.organization.id;
    const team = await findTeamInOrganization(db, context, input.teamId);
    if (team.name === input.name) return { ok: true, message: 'The name is unchanged.' };
    if (await nameTaken(db, organizationId, input.name, team.id)) return duplicateName();
    const ip = await requestIp();
    try {
      await db.transaction(async (tx) => {
        await tx
          .update(teams)
          .set({ name: input.name })
          .where(and(eq(teams.organizationId, organizationId), eq(teams.id, team.id)));
        await writeAudit(tx, {
          organizationId,
          actorUserId: context.user.id,
          action: 'team.renamed',
          targetType: 'team',
          targetId: team.id,
          details: { from: team.name, to: input.name },
          ip,
        });
      });
    } catch (error) {
      if (isUniqueViolation(error, 'teams_org_name_uq')) return duplicateName();
      throw error;
    }
    refreshAdminPages();
    return { ok: true, message: `Team renamed to “${input.name}”.` };
  },
});

export const deleteTeamAction = defineAction({
  input: teamTargetSchema,
  role: 'admin',
  run: async ({ input, db, context }) => {
    const organizationId = context.organization.id;
    const ip = await requestIp();
    const result = await db.transaction(async (tx): Promise<ActionResult> => {
      const [team] = await tx
        .select()
        .from(teams)
        .where(and(eq(teams.organizationId, organizationId), eq(teams.id, input.teamId)))
        .for('update');
      if (!team) throw notFound('Team');
      // assessment_cycles.team_id deliberately has no cascade: a team's cycles hold ratings.
      const cycles = await countTeamCycles(tx, organizationId, team.id);
      if (cycles > 0) {
        return {
          ok: false,
          error: `“${team.name}” has ${cycles} assessment cycle${cycles === 1 ? '' : 's'} with ratings, so it cannot be deleted. Rename it instead, or remove the team from those cycles first.`,
        };
      }
      // invitations_team_fk has no `set null` (it would null organization_id too): clear it by hand.
      await tx
        .update(invitations)
        .set({ teamId: null })
        .where(and(eq(invitations.organizationId, organizationId), eq(invitations.teamId, team.id)));
      // team_members, team_managers and team_targets go with the team (cascade); people and ratings stay.
      await tx.delete(teams).where(and(eq(teams.organizationId, organizationId), eq(teams.id, team.id)));
      await writeAudit(tx, {
        organizationId,
        actorUserId: context.user.id,
        action: 'team.deleted',
        targetType: 'team',
        targetId: team.id,
        details: { name: team.name },
        ip,
      });
      return { ok: true, message: `Team “${team.name}” deleted.` };
    });
    // No refresh of the current page here: it is the deleted team's page, and the form navigates to the list.
    return result;
  },
});

export const addTeamMemberAction = defineAction({
  input: teamMembershipSchema,
  role: 'admin',
  run: async ({ input, db, context }) => {
    const organizationId = context.organization.id;
    const ip = await requestIp();
    const result = await db.transaction(async (tx): Promise<ActionResult> => {
      const team = await findTeamInOrganization(tx, context, input.teamId);
      const member = await findMembershipForShare(tx, organizationId, input.membershipId);
      if (member.status !== 'active') return { ok: false, error: 'Only active members can join a team.' };
      const inserted = await tx
        .insert(teamMembers)
        .values({ organizationId, teamId: team.id, membershipId: member.id })
        .onConflictDoNothing()
        .returning({ membershipId: teamMembers.membershipId });
      if (inserted.length === 0) return { ok: true, message: 'Already on this team.' };
      await writeAudit(tx, {
        organizationId,
        actorUserId: context.user.id,
        action: 'team.member_added',
        targetType: 'team',
        targetId: team.id,
        details: { membershipId: member.id },
        ip,
      });
      return { ok: true, message: 'Added to the team.' };
    });
    if (result.ok) refreshAdminPages();
    return result;
  },
});

export const removeTeamMemberAction = defineAction({
  input: teamMembershipSchema,
  role: 'admin',
  run: async ({ input, db, context }) => {
    const organizationId = context.organization.id;
    const ip = await requestIp();
    const result = await db.transaction(async (tx): Promise<ActionResult> => {
      const team = await findTeamInOrganization(tx, context, input.teamId);
      const removed = await tx
        .delete(teamMembers)
        .where(
          and(
            eq(teamMembers.organizationId, organizationId),
            eq(teamMembers.teamId, team.id),
            eq(teamMembers.membershipId, input.membershipId),
          ),
        )
        .returning({ membershipId: teamMembers.membershipId });
      if (removed.length === 0) throw notFound('Member');
      await writeAudit(tx, {
        organizationId,
        actorUserId: context.user.id,
        action: 'team.member_removed',
        targetType: 'team',
        targetId: team.id,
        details: { membershipId: input.membershipId },
        ip,
      });
      return { ok: true, message: 'Removed from the team. Their ratings are kept.' };
    });
    if (result.ok) refreshAdminPages();
    return result;
  },
});

export const assignTeamManagerAction = defineAction({
  input: teamMembershipSchema,
  role: 'admin',
  run: async ({ input, db, context }) => {
    const organizationId = context.organization.id;
    const ip = await requestIp();
    const result = await db.transaction(async (tx): Promise<ActionResult> => {
      const team = await findTeamInOrganization(tx, context, input.teamId);
      const member = await findMembershipForShare(tx, organizationId, input.membershipId);
      if (member.status !== 'active') return { ok: false, error: 'Only active members can manage a team.' };
      if (member.role === 'member') {
        return {
          ok: false,
          error: 'Only managers and admins can manage a team. Change their role to manager first.',
        };
      }
      const inserted = await tx
        .insert(teamManagers)
        .values({ organizationId, teamId: team.id, membershipId: member.id })
        .onConflictDoNothing()
        .returning({ membershipId: teamManagers.membershipId });
      if (inserted.length === 0) return { ok: true, message: 'Already manages this team.' };
      await writeAudit(tx, {
        organizationId,
        actorUserId: context.user.id,
        action: 'team.manager_assigned',
        targetType: 'team',
        targetId: team.id,
        details: { membershipId: member.id },
        ip,
      });
      return { ok: true, message: 'Manager assigned.' };
    });
    if (result.ok) refreshAdminPages();
    return result;
  },
});

export const unassignTeamManagerAction = defineAction({
  input: teamMembershipSchema,
  role: 'admin',
  run: async ({ input, db, context }) => {
    const organizationId = context.organization.id;
    const ip = await requestIp();
    const result = await db.transaction(async (tx): Promise<ActionResult> => {
      const team = await findTeamInOrganization(tx, context, input.teamId);
      const removed = await tx
        .delete(teamManagers)
        .where(
          and(
            eq(teamManagers.organizationId, organizationId),
            eq(teamManagers.teamId, team.id),
            eq(teamManagers.membershipId, input.membershipId),
          ),
        )
        .returning({ membershipId: teamManagers.membershipId });
      if (removed.length === 0) throw notFound('Manager');
      await writeAudit(tx, {
        organizationId,
        actorUserId: context.user.id,
        action: 'team.manager_removed',
        targetType: 'team',
        targetId: team.id,
        details: { membershipId: input.membershipId },
        ip,
      });
      return { ok: true, message: 'Manager removed.' };
    });
    if (result.ok) refreshAdminPages();
    return result;
  },
});
