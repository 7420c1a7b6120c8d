import 'server-only';
import { desc } from 'drizzle-orm';
import type { Db } from '@/db';
import { mailOutbox } from '@/db/schema';
import { env } from '@/lib/env';

/**
 * /dev/mail: the mail kept in the database when no SMTP server is configured.
 * It shows live links (verification, reset, invitations) for every address, so
 * it exists only in development, or where MAIL_DEV_PAGE says so (the e2e
 * server). A server that sends real mail (SMTP_URL) never shows it, even with
 * MAIL_DEV_PAGE left on by mistake: there it would hand anyone the links
 * meant for other people's mailboxes.
 */
export function devMailPageEnabled(): boolean {
  if (env.SMTP_URL) return false;
  return env.NODE_ENV !== 'production' || env.MAIL_DEV_PAGE;
}

/** Whether mail stays in the outbox on this server (no SMTP) and the page shows it: sign-up then points there. */
export function mailKeptForDevPage(): boolean {
  return devMailPageEnabled();
}

export const OUTBOX_PAGE_SIZE = 50;

export async function listOutbox(db: Db, limit = OUTBOX_PAGE_SIZE) {
  return db.select().from(mailOutbox).orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id)).limit(limit);
}

/** The http(s) links of a plain-text body, in order, without duplicates. */
export function linksIn(text: string): string[] {
  return [...new Set(text.match(/https?:\/\/[^\s<>"]+/g) ?? [])];
}
