'use server';

import { and, eq } from 'drizzle-orm';
import { memberships, teamManagers } from '@/db/schema';
import { defineAuditedAction } from '@/lib/actions/define-action';
import { endAllSessions } from '@/lib/auth/revoke-sessions';
import { isLastActiveAdmin, lockAdminsAndTarget } from './admin-guard';
import { deactivateMembership, reactivateMembership } from './membership-status';
import { changeRoleSchema, membershipTargetSchema } from './schemas';
import { emitMemberDeactivated } from '@/lib/webhooks/domain-events';

const LAST_ADMIN_ROLE = 'This is the last active admin. Make someone else an admin first.';

/** Member changes show on the admin pages (lists, counts, team pages). */
const ADMIN_PAGES = ['/admin'];

export const changeMemberRoleAction = defineAuditedAction({
  input: changeRoleSchema,
  role: 'admin',
  audit: { events: ['member.role_changed'], target: 'membership' },
  revalidate: ADMIN_PAGES,
  write: async ({ input, tx, context }) => {
    const organizationId = context.organization.id;
    const { activeAdminIds, target } = await lockAdminsAndTarget(tx, organizationId, input.membershipId);
    if (target.role === input.role) return { ok: true, message: `Already ${input.role}.`, audit: null };
    if (input.role !== 'admin' && isLastActiveAdmin(target, activeAdminIds)) {
      return { ok: false, error: LAST_ADMIN_ROLE };
    }
    await tx
      .update(memberships)
      .set({ role: input.role })
      .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, target.id)));
    // Only managers and admins lead teams: a member keeps their teams but no longer manages any.
    const removed =
      input.role === 'member'
        ? await tx
            .delete(teamManagers)
            .where(and(eq(teamManagers.organizationId, organizationId), eq(teamManagers.membershipId, target.id)))
            .returning({ teamId: teamManagers.teamId })
        : [];
    // Whatever they had open was opened under the old role: it ends now, everywhere.
    await endAllSessions(tx, target.userId);
    const suffix = removed.length
      ? ` They no longer manage ${removed.length} team${removed.length === 1 ? '' : 's'}.`
      : '';
    return {
      ok: true,
      message: `Role changed to ${input.role}.${suffix}`,
      audit: {
        targetId: target.id,
        details: { from: target.role, to: input.role, removedFromManagingTeamIds: removed.map((row) => row.teamId) },
      },
    };
  },
});

export const deactivateMemberAction = defineAuditedAction({
  input: membershipTargetSchema,
  role: 'admin',
  audit: { events: ['member.deactivated'], target: 'membership' },
  revalidate: ADMIN_PAGES,
  write: async ({ input, tx, context }) => {
    const result = await deactivateMembership(tx, context.organization.id, input.membershipId);
    if (!result.ok) return result;
    if (!result.changed) return { ok: true, message: 'Already deactivated.', audit: null };
    await emitMemberDeactivated(tx, context.organization.id, result.target.id, 'admin');
    return {
      ok: true,
      message: 'Member deactivated. They can no longer sign in; their ratings are kept.',
      audit: { targetId: result.target.id, details: { role: result.target.role } },
    };
  },
});

export const reactivateMemberAction = defineAuditedAction({
  input: membershipTargetSchema,
  role: 'admin',
  audit: { events: ['member.reactivated'], target: 'membership' },
  revalidate: ADMIN_PAGES,
  write: async ({ input, tx, context }) => {
    const result = await reactivateMembership(tx, context.organization.id, input.membershipId);
    if (!result.ok) return result;
    if (!result.changed) return { ok: true, message: 'Already active.', audit: null };
    return {
      ok: true,
      message: 'Member reactivated.',
      audit: { targetId: result.target.id, details: { role: result.target.role } },
    };
  },
});
