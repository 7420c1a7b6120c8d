import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { resolveAuthSecret } from '@/lib/auth/secret';

/**
 * Secrets the server must read back later (an invitation token on its way to
 * the mail worker, a team's chat webhook URL) sealed with AES-256-GCM under a
 * key derived (HKDF-SHA256) from the server's secret for one `purpose`, and
 * bound to what they belong to (`boundTo` is the additional authenticated
 * data: a sealed value copied to another row does not open). A database dump
 * or a queue row then holds ciphertext only.
 * Format: `v1.` + base64url(iv ‖ ciphertext ‖ tag).
 *
 * No `server-only` marker: the job worker imports this outside Next.js.
 */
const IV_BYTES = 12;
const TAG_BYTES = 16;

function key(purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', resolveAuthSecret(), 'skillgrid', purpose, 32));
}

export function seal(purpose: string, text: string, boundTo: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key(purpose), iv);
  cipher.setAAD(Buffer.from(boundTo, 'utf8'));
  const sealed = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return `v1.${Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url')}`;
}

/** The text, or a thrown error when the seal was made under another secret or purpose, for another row, or altered. */
export function unseal(purpose: string, sealed: string, boundTo: string): string {
  if (!sealed.startsWith('v1.')) throw new Error('Unknown sealed value version.');
  const bytes = Buffer.from(sealed.slice(3), 'base64url');
  if (bytes.length <= IV_BYTES + TAG_BYTES) throw new Error('Sealed value too short.');
  const decipher = createDecipheriv('aes-256-gcm', key(purpose), bytes.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(boundTo, 'utf8'));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  return Buffer.concat([
    decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
    decipher.final(),
  ]).toString('utf8');
}
