import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { invitations } from '@/db/schema';
import type { WriteOutcome } from '@/lib/actions/define-action';
import { requireRole, type Actor } from '@/lib/auth/authorize';
import { notFoundError } from '@/lib/auth/errors';

export const revokeInvitationSchema = z.object({
  invitationId: z.string().trim().uuid('That invitation was not found.'),
});

/**
 * Withdraws an unused invitation of the actor's organization, inside the
 * caller's transaction (`defineAuditedAction` records the entry); another
 * organization's id is "not found".
 */
export async function revokeInvitation(tx: Db, actor: Actor, invitationId: string): Promise<WriteOutcome<undefined>> {
  requireRole(actor, 'admin');
  const organizationId = actor.membership.organizationId;
  const [revoked] = await tx
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(invitations.organizationId, organizationId),
        eq(invitations.id, invitationId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .returning({ id: invitations.id, email: invitations.email });
  if (revoked) {
    return {
      ok: true,
      message: `The invitation for ${revoked.email} was revoked.`,
      audit: { targetId: revoked.id, details: { email: revoked.email, reason: 'revoked' } },
    };
  }
  const [current] = await tx
    .select({ acceptedAt: invitations.acceptedAt })
    .from(invitations)
    .where(and(eq(invitations.organizationId, organizationId), eq(invitations.id, invitationId)))
    .limit(1);
  if (!current) throw notFoundError('Invitation');
  return {
    ok: false,
    error: current.acceptedAt ? 'That invitation was already accepted.' : 'That invitation was already revoked.',
  };
}
