'use server';

import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { invitations, memberships, teamManagers, teamMembers, teams, type Membership } from '@/db/schema';
import { isUniqueViolation } from '@/db/unique-violation';
import { defineAuditedAction } from '@/lib/actions/define-action';
import { duplicateNameResult, nameTakenInOrganization } from '@/lib/actions/unique-name';
import { findTeamInOrganization } from '@/lib/auth/authorize';
import { notFoundError } from '@/lib/auth/errors';
import { countTeamCycles } from './queries';
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
  if (!row) throw notFoundError('Member');
  return row;
}

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
    const organizationId = context.organization.id;
    const [team] = await tx
      .select()
      .from(teams)
      .where(and(eq(teams.organizationId, organizationId), eq(teams.id, input.teamId)))
      .for('update');
    if (!team) throw notFoundError('Team');
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
    return {
      ok: true,
      message: `Team “${team.name}” deleted.`,
      audit: { targetId: team.id, details: { name: team.name } },
    };
  },
});

export const addTeamMemberAction = defineAuditedAction({
  input: teamMembershipSchema,
  role: 'admin',
  audit: { events: ['team.member_added'], target: 'team' },
  revalidate: ADMIN_PAGES,
  write: async ({ input, tx, context }) => {
    const organizationId = context.organization.id;
    const team = await findTeamInOrganization(tx, context, input.teamId);
    const member = await findMembershipForShare(tx, organizationId, input.membershipId);
    if (member.status !== 'active') return { ok: false, error: 'Only active members can join a team.' };
    const inserted = await tx
      .insert(teamMembers)
      .values({ organizationId, teamId: team.id, membershipId: member.id })
      .onConflictDoNothing()
      .returning({ membershipId: teamMembers.membershipId });
    if (inserted.length === 0) return { ok: true, message: 'Already on this team.', audit: null };
    return {
      ok: true,
      message: 'Added to the team.',
      audit: { targetId: team.id, details: { membershipId: member.id } },
    };
  },
});

export const removeTeamMemberAction = defineAuditedAction({
  input: teamMembershipSchema,
  role: 'admin',
  audit: { events: ['team.member_removed'], target: 'team' },
  revalidate: ADMIN_PAGES,
  write: async ({ input, tx, context }) => {
    const organizationId = context.organization.id;
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
    if (removed.length === 0) throw notFoundError('Member');
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
