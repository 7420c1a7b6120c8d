import { createHash, randomBytes } from 'node:crypto';
import { TOKEN_PREFIX } from './scopes';

/** `sg_` + 32 random bytes in base64url (43 characters). */
export const SECRET_PATTERN = /^sg_[A-Za-z0-9_-]{43}$/;
/** How much of the secret lists show: enough to match a leaked secret to its row, far too little to use. */
const DISPLAYED_LENGTH = TOKEN_PREFIX.length + 6;

export function generateTokenSecret(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/**
 * Only this is stored. A plain, fast SHA-256 is the right hash here, unlike for passwords
 * (argon2id): the secret is 256 random bits, so there is nothing to guess and no dictionary to
 * slow down — a slow hash would protect nothing and cost every API request. A fast hash also
 * lets the token be found by an index lookup on the hash. No server-side key (pepper) is mixed
 * in: rotating AUTH_SECRET or restoring a backup elsewhere would then silently break every token.
 */
export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function displayedPrefix(secret: string): string {
  return secret.slice(0, DISPLAYED_LENGTH);
}
