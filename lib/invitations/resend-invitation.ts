import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { invitations, type MembershipRole } from '@/db/schema';
import type { WriteOutcome } from '@/lib/actions/define-action';
import { requireRole, type Actor } from '@/lib/auth/authorize';
import { notFoundError } from '@/lib/auth/errors';
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
 * Runs in the caller's transaction; `defineAuditedAction` records the entry.
 */
export async function resendInvitation(
  tx: Db,
  actor: Actor,
  invitationId: string,
  options: { now?: Date; validForDays?: number } = {},
): Promise<WriteOutcome<ResentInvitation>> {
  requireRole(actor, 'admin');
  const organizationId = actor.membership.organizationId;
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + (options.validForDays ?? DEFAULT_INVITATION_DAYS) * DAY_MS);
  const token = generateInvitationToken();
  const [resent] = await tx
    .update(invitations)
    // A new token is a new mail to send: its record starts empty (lib/invitations/mail-job.ts).
    .set({ tokenHash: hashInvitationToken(token), expiresAt, mailedAt: null })
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
  return {
    ok: true,
    data: {
      invitationId: resent.id,
      token,
      email: resent.email,
      role: resent.role,
      expiresAt: expiresAt.toISOString(),
    },
    audit: { targetId: resent.id, details: { email: resent.email, expiresAt: expiresAt.toISOString() } },
  };
}
