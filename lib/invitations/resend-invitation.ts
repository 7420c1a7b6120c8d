import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { invitations, type MembershipRole } from '@/db/schema';
import { writeAudit } from '@/lib/audit/write-audit';
import { requireRole, type Actor } from '@/lib/auth/authorize';
import { notFoundError } from '@/lib/auth/errors';
import type { Outcome } from '@/lib/organizations/outcome';
import { DEFAULT_INVITATION_DAYS } from './status';
import { generateInvitationToken, hashInvitationToken } from './token';

const DAY_MS = 24 * 60 * 60 * 1000;

export const resendInvitationSchema = z.object({
  invitationId: z.string().trim().uuid('That invitation was not found.'),
});

export interface ResentInvitation {
  invitationId: string;
  token: string;
  email: string;
  role: MembershipRole;
  expiresAt: string;
}

/**
 * "Resend": the same invitation (role, team) with a fresh link and a fresh
 * expiry, for a pending or expired invitation. Only the token's hash is
 * stored, so the old link cannot be shown again; it stops working here, since
 * the row now holds the new hash. Accepted and revoked invitations are final.
 */
export async function resendInvitation(
  db: Db,
  actor: Actor,
  invitationId: string,
  options: { ip?: string | null; now?: Date; validForDays?: number } = {},
): Promise<Outcome<ResentInvitation>> {
  requireRole(actor, 'admin');
  const organizationId = actor.membership.organizationId;
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + (options.validForDays ?? DEFAULT_INVITATION_DAYS) * DAY_MS);
  const token = generateInvitationToken();
  return db.transaction(async (tx) => {
    const [resent] = await tx
      .update(invitations)
      .set({ tokenHash: hashInvitationToken(token), expiresAt })
      .where(
        and(
          eq(invitations.organizationId, organizationId),
          eq(invitations.id, invitationId),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      )
      .returning({ id: invitations.id, email: invitations.email, role: invitations.role });
    if (!resent) {
      const [current] = await tx
        .select({ acceptedAt: invitations.acceptedAt })
        .from(invitations)
        .where(and(eq(invitations.organizationId, organizationId), eq(invitations.id, invitationId)))
        .limit(1);
      if (!current) throw notFoundError('Invitation');
      return {
        ok: false,
        error: current.acceptedAt
          ? 'That invitation was already accepted.'
          : 'That invitation was revoked; invite the person again instead.',
      };
    }
    await writeAudit(tx, {
      organizationId,
      actorUserId: actor.user.id,
      action: 'invitation.resent',
      targetType: 'invitation',
      targetId: resent.id,
      details: { email: resent.email, expiresAt: expiresAt.toISOString() },
      ip: options.ip,
    });
    return {
      ok: true,
      data: {
        invitationId: resent.id,
        token,
        email: resent.email,
        role: resent.role,
        expiresAt: expiresAt.toISOString(),
      },
    };
  });
}
