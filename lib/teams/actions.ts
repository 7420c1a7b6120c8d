'use server';

import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { teamManagers, teams } from '@/db/schema';
import { isUniqueViolation } from '@/db/unique-violation';
import { defineAuditedAction } from '@/lib/actions/define-action';
import { duplicateNameResult, nameTakenInOrganization } from '@/lib/actions/unique-name';
import { findTeamInOrganization } from '@/lib/auth/authorize';
import { notFoundError } from '@/lib/auth/errors';
import { deleteTeam } from './delete-team';
import { addMemberToTeam, findMembershipForShare, removeMemberFromTeam } from './team-membership';
import { createTeamSchema, renameTeamSchema, teamMembershipSchema, teamTargetSchema } from './schemas';

const DUPLICATE_NAME = 'A team with this name already exists.';

const duplicateName = () => duplicateNameResult(DUPLICATE_NAME);

const nameTaken = (db: Db, organizationId: string, name: string, exceptId?: string) =>
  nameTakenInOrganization(db, teams, organizationId, name, exceptId);

/** Two admins naming two teams alike at once: the constraint decides, the loser is told as if it had been checked. */
const refuseDuplicateName = (error: unknown) =>
  isUniqueViolation(error, 'teams_org_name_uq') ? duplicateName() : undefined;

/** Team changes show on the admin pages (lists, counts, the team's page). */
const ADMIN_PAGES = ['/admin'];

export const createTeamAction = defineAuditedAction<typeof createTeamSchema, { teamId: string }>({
  input: createTeamSchema,
  role: 'admin',
  audit: { events: ['team.created'], target: 'team' },
  revalidate: ADMIN_PAGES,
  refuse: refuseDuplicateName,
  write: async ({ input, tx, context }) => {
    const organizationId = context.organization.id;
    if (await nameTaken(tx, organizationId, input.name)) return duplicateName();
    const [team] = await tx.insert(teams).values({ organizationId, name: input.name }).returning();
    if (!team) throw new Error('Team insert returned no row');
    return {
      ok: true,
      data: { teamId: team.id },
      message: `Team “${team.name}” created.`,
      audit: { targetId: team.id, details: { name: team.name } },
    };
  },
});

export const renameTeamAction = defineAuditedAction({
  input: renameTeamSchema,
  role: 'admin',
  audit: { events: ['team.renamed'], target: 'team' },
  revalidate: ADMIN_PAGES,
  refuse: refuseDuplicateName,
  write: async ({ input, tx, context }) => {
    const organizationId = context.organization.id;
    const team = await findTeamInOrganization(tx, context, input.teamId);
    if (team.name === input.name) return { ok: true, message: 'The name is unchanged.', audit: null };
    if (await nameTaken(tx, organizationId, input.name, team.id)) return duplicateName();
    await tx
      .update(teams)
      .set({ name: input.name })
      .where(and(eq(teams.organizationId, organizationId), eq(teams.id, team.id)));
    return {
      ok: true,
      message: `Team renamed to “${input.name}”.`,
      audit: { targetId: team.id, details: { from: team.name, to: input.name } },
    };
  },
});

export const deleteTeamAction = defineAuditedAction({
  input: teamTargetSchema,
  role: 'admin',
  audit: { events: ['team.deleted'], target: 'team' },
  // No refresh of the current page here: it is the deleted team's page, and the form navigates to the list.
  write: async ({ input, tx, context }) => {
    const deleted = await deleteTeam(tx, context.organization.id, input.teamId);
    if (!deleted.ok) return deleted;
    return {
      ok: true,
      message: `Team “${deleted.team.name}” deleted.`,
      audit: { targetId: deleted.team.id, details: { name: deleted.team.name } },
    };
  },
});

export const addTeamMemberAction = defineAuditedAction({
  input: teamMembershipSchema,
  role: 'admin',
  audit: { events: ['team.member_added'], target: 'team' },
  revalidate: ADMIN_PAGES,
  write: async ({ input, tx, context }) => {
    const team = await findTeamInOrganization(tx, context, input.teamId);
    const added = await addMemberToTeam(tx, context.organization.id, team.id, input.membershipId);
    if (!added.ok) return added;
    if (!added.changed) return { ok: true, message: 'Already on this team.', audit: null };
    return {
      ok: true,
      message: 'Added to the team.',
      audit: { targetId: team.id, details: { membershipId: input.membershipId } },
    };
  },
});

export const removeTeamMemberAction = defineAuditedAction({
  input: teamMembershipSchema,
  role: 'admin',
  audit: { events: ['team.member_removed'], target: 'team' },
  revalidate: ADMIN_PAGES,
  write: async ({ input, tx, context }) => {
    const team = await findTeamInOrganization(tx, context, input.teamId);
    if (!(await removeMemberFromTeam(tx, context.organization.id, team.id, input.membershipId))) {
      throw notFoundError('Member');
    }
    return {
      ok: true,
      message: 'Removed from the team. Their ratings are kept.',
      audit: { targetId: team.id, details: { membershipId: input.membershipId } },
    };
  },
});

export const assignTeamManagerAction = defineAuditedAction({
  input: teamMembershipSchema,
  role: 'admin',
  audit: { events: ['team.manager_assigned'], target: 'team' },
  revalidate: ADMIN_PAGES,
  write: async ({ input, tx, context }) => {
    const organizationId = context.organization.id;
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
    if (inserted.length === 0) return { ok: true, message: 'Already manages this team.', audit: null };
    return {
      ok: true,
      message: 'Manager assigned.',
      audit: { targetId: team.id, details: { membershipId: member.id } },
    };
  },
});

export const unassignTeamManagerAction = defineAuditedAction({
  input: teamMembershipSchema,
  role: 'admin',
  audit: { events: ['team.manager_removed'], target: 'team' },
  revalidate: ADMIN_PAGES,
  write: async ({ input, tx, context }) => {
    const organizationId = context.organization.id;
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
    if (removed.length === 0) throw notFoundError('Manager');
    return {
      ok: true,
      message: 'Manager removed.',
      audit: { targetId: team.id, details: { membershipId: input.membershipId } },
    };
  },
});
