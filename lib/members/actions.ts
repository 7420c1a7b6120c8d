'use server';

import { and, eq } from 'drizzle-orm';
import { memberships, teamManagers } from '@/db/schema';
import { defineAction } from '@/lib/actions/define-action';
import type { ActionResult } from '@/lib/actions/result';
import { writeAudit } from '@/lib/audit/write-audit';
import { endAllSessions } from '@/lib/auth/revoke-sessions';
import { isLastActiveAdmin, lockAdminsAndTarget } from './admin-guard';
import { requestIp } from '@/lib/http/request-meta';
import { refreshAdminPages } from './revalidate';
import { changeRoleSchema, membershipTargetSchema } from './schemas';

const LAST_ADMIN_ROLE = 'This is the last active admin. Make someone else an admin first.';
const LAST_ADMIN_DEACTIVATE = 'The last active admin cannot be deactivated. Make someone else an admin first.';

export const changeMemberRoleAction = defineAction({
  input: changeRoleSchema,
  role: 'admin',
  run: async ({ input, db, context }) => {
    const organizationId = context.organization.id;
    const ip = await requestIp();
    const result = await db.transaction(async (tx): Promise<ActionResult> => {
      const { activeAdminIds, target } = await lockAdminsAndTarget(tx, organizationId, input.membershipId);
      if (target.role === input.role) return { ok: true, message: `Already ${input.role}.` };
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
      await writeAudit(tx, {
        organizationId,
        actorUserId: context.user.id,
        action: 'member.role_changed',
        targetType: 'membership',
        targetId: target.id,
        details: { from: target.role, to: input.role, removedFromManagingTeamIds: removed.map((row) => row.teamId) },
        ip,
      });
      const suffix = removed.length
        ? ` They no longer manage ${removed.length} team${removed.length === 1 ? '' : 's'}.`
        : '';
      return { ok: true, message: `Role changed to ${input.role}.${suffix}` };
    });
    if (result.ok) refreshAdminPages();
    return result;
  },
});

export const deactivateMemberAction = defineAction({
  input: membershipTargetSchema,
  role: 'admin',
  run: async ({ input, db, context }) => {
    const organizationId = context.organization.id;
    const ip = await requestIp();
    const result = await db.transaction(async (tx): Promise<ActionResult> => {
      const { activeAdminIds, target } = await lockAdminsAndTarget(tx, organizationId, input.membershipId);
      if (target.status === 'deactivated') return { ok: true, message: 'Already deactivated.' };
      if (isLastActiveAdmin(target, activeAdminIds)) return { ok: false, error: LAST_ADMIN_DEACTIVATE };
      // Ratings, teams and history stay: deactivation only ends access (sign-in and every request re-check status).
      await tx
        .update(memberships)
        .set({ status: 'deactivated', deactivatedAt: new Date() })
        .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, target.id)));
      // Their sessions end now (in every organization: a session spans them), and stay
      // ended: a cookie from before cannot come back if they are reactivated later.
      await endAllSessions(tx, target.userId);
      await writeAudit(tx, {
        organizationId,
        actorUserId: context.user.id,
        action: 'member.deactivated',
        targetType: 'membership',
        targetId: target.id,
        details: { role: target.role },
        ip,
      });
      return { ok: true, message: 'Member deactivated. They can no longer sign in; their ratings are kept.' };
    });
    if (result.ok) refreshAdminPages();
    return result;
  },
});

export const reactivateMemberAction = defineAction({
  input: membershipTargetSchema,
  role: 'admin',
  run: async ({ input, db, context }) => {
    const organizationId = context.organization.id;
    const ip = await requestIp();
    const result = await db.transaction(async (tx): Promise<ActionResult> => {
      const { target } = await lockAdminsAndTarget(tx, organizationId, input.membershipId);
      if (target.status === 'active') return { ok: true, message: 'Already active.' };
      await tx
        .update(memberships)
        .set({ status: 'active', deactivatedAt: null })
        .where(and(eq(memberships.organizationId, organizationId), eq(memberships.id, target.id)));
      // Deactivation already ended their sessions; ending them again here also covers a
      // cookie that was issued while they were deactivated here but active elsewhere.
      await endAllSessions(tx, target.userId);
      await writeAudit(tx, {
        organizationId,
        actorUserId: context.user.id,
        action: 'member.reactivated',
        targetType: 'membership',
        targetId: target.id,
        details: { role: target.role },
        ip,
      });
      return { ok: true, message: 'Member reactivated.' };
    });
    if (result.ok) refreshAdminPages();
    return result;
  },
});
