import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { invitations } from '@/db/schema';
import type { ActionResult } from '@/lib/actions/result';
import { writeAudit } from '@/lib/audit/write-audit';
import { requireRole, type Actor } from '@/lib/auth/authorize';
import { notFoundError } from '@/lib/auth/errors';

export const revokeInvitationSchema = z.object({
  invitationId: z.string().trim().uuid('That invitation was not found.'),
});

/** Withdraws an unused invitation of the actor's organization; another organization's id is "not found". */
export async function revokeInvitation(
  db: Db,
  actor: Actor,
  invitationId: string,
  options: { ip?: string | null } = {},
): Promise<ActionResult> {
  requireRole(actor, 'admin');
  const organizationId = actor.membership.organizationId;
  return db.transaction(async (tx) => {
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
      await writeAudit(tx, {
        organizationId,
        actorUserId: actor.user.id,
        action: 'invitation.revoked',
        targetType: 'invitation',
        targetId: revoked.id,
        details: { email: revoked.email, reason: 'revoked' },
        ip: options.ip,
      });
      return { ok: true, message: `The invitation for ${revoked.email} was revoked.` };
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
  });
}
