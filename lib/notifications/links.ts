/**
 * Links in mail sent by background jobs. There is no request to take a host
 * from, so AUTH_URL (the configured public address) is the only source in
 * production; development falls back to the dev server's address.
 */
import { env } from '@/lib/env';
import type { NotificationKind } from './kinds';
import { unsubscribeToken } from './unsubscribe-token';

export class NoPublicAddressError extends Error {
  constructor() {
    super('AUTH_URL is not configured: notification mails need the public address for their links.');
  }
}

export function notificationOrigin(): string {
  if (env.AUTH_URL) return new URL(env.AUTH_URL).origin;
  if (env.NODE_ENV === 'production') throw new NoPublicAddressError();
  return `http://localhost:${process.env.PORT ?? '3000'}`;
}

export interface UnsubscribeLinks {
  /** The page a person opens from the mail's text (asks before changing anything). */
  pageUrl: string;
  /** RFC 8058 one-click target: POST `List-Unsubscribe=One-Click` here (the List-Unsubscribe header). */
  oneClickUrl: string;
  preferencesUrl: string;
}

export function unsubscribeLinks(subject: {
  organizationId: string;
  userId: string;
  kind: NotificationKind;
}): UnsubscribeLinks {
  const origin = notificationOrigin();
  const token = encodeURIComponent(unsubscribeToken(subject));
  return {
    pageUrl: `${origin}/unsubscribe?token=${token}`,
    oneClickUrl: `${origin}/api/unsubscribe?token=${token}`,
    preferencesUrl: `${origin}/me/notifications`,
  };
}

/** The headers that let a mail client offer "Unsubscribe" and do it in one POST (RFC 2369, RFC 8058). */
export function unsubscribeHeaders(links: UnsubscribeLinks): Record<string, string> {
  return {
    'List-Unsubscribe': `<${links.oneClickUrl}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}
