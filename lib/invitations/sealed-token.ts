import { seal, unseal } from '@/lib/security/seal';

/**
 * The invitation token on its way to the mail worker. Only the token's hash is
 * stored with the invitation (lib/invitations/token.ts), yet the worker that
 * sends the mail later needs the usable link: the job's payload carries the
 * token sealed (lib/security/seal.ts) for this one purpose and bound to its
 * invitation (a sealed token moved to another invitation's job does not open).
 * The queue's rows hold ciphertext only; the payload goes when pg-boss deletes
 * the job, and a resend makes it useless (the invitation's hash changes).
 */
const PURPOSE = 'invitation-mail';

export function sealInvitationToken(token: string, invitationId: string): string {
  return seal(PURPOSE, token, invitationId);
}

/** The token, or a thrown error when the seal was made under another secret, for another invitation, or altered. */
export function openInvitationToken(sealed: string, invitationId: string): string {
  return unseal(PURPOSE, sealed, invitationId);
}
