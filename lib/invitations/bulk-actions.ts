'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/define-action';
import { publicOrigin, requestIp } from '@/lib/http/request-meta';
import { bulkInviteSchema, planBulkInvitations, type BulkLine, type BulkPlan } from './bulk';
import { createInvitation } from './create-invitation';
import { enqueueInvitationMail } from './mail-job';
import { invitationPath } from './token';

/** Checks every line and says what sending would do; writes nothing. */
export const previewBulkInvitationsAction = defineAction<typeof bulkInviteSchema, BulkPlan>({
  input: bulkInviteSchema,
  role: 'admin',
  run: async ({ input, db, context }) => {
    const plan = await planBulkInvitations(db, context.organization.id, input);
    if ('error' in plan) return { ok: false, error: plan.error, fieldErrors: { text: [plan.error] } };
    return { ok: true, data: plan };
  },
});

export interface BulkSent {
  line: number;
  email: string;
  link: string;
  expiresAt: string;
  /** Queued with the invitation, sent by the job worker (lib/invitations/mail-job.ts). */
  mail: 'queued';
}

export interface BulkResult {
  sent: BulkSent[];
  /** The lines not sent (errors, members, pending invitations), as the preview showed them. */
  skipped: BulkLine[];
}

/**
 * Invites every line the plan marks "invite" — the plan is made again here
 * from the text, never taken from the browser. Lines with errors are not sent,
 * and the rest go out anyway: each invitation is independent, and a re-run of
 * the same file skips those already pending, so fixing a bad line and sending
 * again invites only that line.
 */
export const sendBulkInvitationsAction = defineAction<typeof bulkInviteSchema, BulkResult>({
  input: bulkInviteSchema,
  role: 'admin',
  run: async ({ input, db, context }) => {
    const plan = await planBulkInvitations(db, context.organization.id, input);
    if ('error' in plan) return { ok: false, error: plan.error, fieldErrors: { text: [plan.error] } };
    const ip = await requestIp();
    const origin = await publicOrigin();
    const sent: BulkSent[] = [];
    for (const line of plan.lines) {
      if (line.status !== 'invite' || !line.role) continue;
      // One transaction per line, its mail's job inside it: a line that fails leaves neither behind.
      const created = await createInvitation(
        db,
        context,
        { email: line.email, role: line.role, teamId: line.teamId ?? undefined },
        {
          ip,
          inTransaction: (tx, invitation) =>
            enqueueInvitationMail(tx, { organizationId: context.organization.id, ...invitation }, origin),
        },
      );
      if (!created.ok) {
        plan.lines[plan.lines.indexOf(line)] = { ...line, status: 'error', message: created.error };
        continue;
      }
      const link = `${origin}${invitationPath(created.data.token)}`;
      sent.push({ line: line.line, email: line.email, link, expiresAt: created.data.expiresAt, mail: 'queued' });
    }
    if (sent.length > 0) revalidatePath('/admin/invitations');
    const skipped = plan.lines.filter((line) => line.status !== 'invite');
    const message =
      sent.length === 0
        ? 'Nobody new to invite: every line is already a member, already invited, or has an error.'
        : `${sent.length} ${sent.length === 1 ? 'invitation' : 'invitations'} created${skipped.length > 0 ? `; ${skipped.length} ${skipped.length === 1 ? 'line' : 'lines'} skipped` : ''}.`;
    return { ok: true, message, data: { sent, skipped } };
  },
});
