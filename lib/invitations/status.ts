export type InvitationStatus = 'pending' | 'accepted' | 'expired' | 'revoked';

export const INVITATION_STATUSES: readonly InvitationStatus[] = ['pending', 'accepted', 'expired', 'revoked'];

export const DEFAULT_INVITATION_DAYS = 7;

/** Revoked and accepted are final; expiry only matters while still pending. */
export function invitationStatus(
  invitation: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
  now = new Date(),
): InvitationStatus {
  if (invitation.revokedAt) return 'revoked';
  if (invitation.acceptedAt) return 'accepted';
  if (invitation.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'pending';
}
