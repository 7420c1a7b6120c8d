import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { resolveAuthSecret } from '@/lib/auth/secret';

/**
 * The invitation token on its way to the mail worker. Only the token's hash is
 * stored with the invitation (lib/invitations/token.ts), yet the worker that
 * sends the mail later needs the usable link: the job's payload carries the
 * token sealed with AES-256-GCM under a key derived (HKDF-SHA256) from the
 * server's secret for this one purpose, and bound to its invitation (the id is
 * the additional authenticated data, so a sealed token moved to another
 * invitation's job does not open). The queue's rows hold ciphertext only; the
 * payload goes when pg-boss deletes the job, and a resend makes it useless
 * (the invitation's hash changes). Format: `v1.` + base64url(iv ‖ ciphertext ‖ tag).
 */
const PURPOSE = 'invitation-mail';
const IV_BYTES = 12;
const TAG_BYTES = 16;

function key(): Buffer {
  return Buffer.from(hkdfSync('sha256', resolveAuthSecret(), 'skillgrid', PURPOSE, 32));
}

export function sealInvitationToken(token: string, invitationId: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key(), iv);
  cipher.setAAD(Buffer.from(invitationId, 'utf8'));
  const sealed = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return `v1.${Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url')}`;
}

/** The token, or a thrown error when the seal was made under another secret, for another invitation, or altered. */
export function openInvitationToken(sealed: string, invitationId: string): string {
  if (!sealed.startsWith('v1.')) throw new Error('Unknown sealed invitation token version.');
  const bytes = Buffer.from(sealed.slice(3), 'base64url');
  if (bytes.length <= IV_BYTES + TAG_BYTES) throw new Error('Sealed invitation token too short.');
  const decipher = createDecipheriv('aes-256-gcm', key(), bytes.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(invitationId, 'utf8'));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  return Buffer.concat([
    decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
    decipher.final(),
  ]).toString('utf8');
}
