/**
 * The token of a one-click unsubscribe link (RFC 8058): an HMAC over exactly
 * one organization, one person and one kind of message, keyed by the
 * server's secret. It works without signing in and cannot be turned into
 * anyone else's: changing any part invalidates the signature.
 *
 * Format: base64url("v1.<org>.<user>.<kind>") + "." + base64url(hmac).
 * No expiry: an old mail's link must keep working (a person may unsubscribe
 * from a reminder months later); what it can do is only ever "stop this kind".
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { resolveAuthSecret } from '@/lib/auth/secret';
import { isNotificationKind, type NotificationKind } from './kinds';

export interface UnsubscribeSubject {
  organizationId: string;
  userId: string;
  kind: NotificationKind;
}

function mac(payload: string): Buffer {
  return createHmac('sha256', `unsubscribe:${resolveAuthSecret()}`).update(payload).digest();
}

export function unsubscribeToken(subject: UnsubscribeSubject): string {
  const payload = `v1.${subject.organizationId}.${subject.userId}.${subject.kind}`;
  return `${Buffer.from(payload).toString('base64url')}.${mac(payload).toString('base64url')}`;
}

const uuid = z.uuid();

/** The subject of a genuine token; null for anything else (altered, truncated, another format). */
export function readUnsubscribeToken(token: string): UnsubscribeSubject | null {
  const [encoded, signature, extra] = token.split('.');
  if (!encoded || !signature || extra !== undefined || token.length > 400) return null;
  const payload = Buffer.from(encoded, 'base64url').toString('utf8');
  const expected = mac(payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const [version, organizationId, userId, kind, more] = payload.split('.');
  if (version !== 'v1' || more !== undefined || !kind || !isNotificationKind(kind)) return null;
  if (!uuid.safeParse(organizationId).success || !uuid.safeParse(userId).success) return null;
  return { organizationId: organizationId!, userId: userId!, kind };
}
