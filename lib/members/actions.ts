'use server';

import { defineAuditedAction } from '@/lib/actions/define-action';
import { changeMembershipRole } from './membership-role';
import { deactivateMembership, reactivateMembership } from './membership-status';
import { changeRoleSchema, membershipTargetSchema } from './schemas';
import { emitMemberDeactivated } from '@/lib/webhooks/domain-events';

/** Member changes show on the admin pages (lists, counts, team pages). */
const ADMIN_PAGES = ['/admin'];

export const changeMemberRoleAction = defineAuditedAction({
  input: changeRoleSchema,
  role: 'admin',
  audit: { events: ['member.role_changed'], target: 'membership' },
  revalidate: ADMIN_PAGES,
  write: async ({ input, tx, context }) => {
    const result = await changeMembershipRole(tx, context.organization.id, input.membershipId, input.role);
    if (!result.ok) return result;
    if (!result.changed) return { ok: true, message: `Already ${input.role}.`, audit: null };
    const removed = result.removedFromManagingTeamIds;
    const suffix = removed.length
      ? ` They no longer manage ${removed.length} team${removed.length === 1 ? '' : 's'}.`
      : '';
    return {
      ok: true,
      message: `Role changed to ${input.role}.${suffix}`,
      audit: {
        targetId: result.target.id,
        details: { from: result.previousRole, to: input.role, removedFromManagingTeamIds: removed },
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
