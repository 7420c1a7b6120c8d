import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: 43 characters, safe in a URL path. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function generateInvitationToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this is stored, so a leaked database holds no usable invitation links. */
export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function invitationPath(token: string): string {
  return `/invite/${token}`;
}
