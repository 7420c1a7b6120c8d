import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db';
import { invitationMailPayload, runInvitationMail } from '@/lib/invitations/mail-job';

/** Builds FormData the way a browser form would send it. */
export function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
}

/** The token inside an invitation link such as http://host/invite/<token>. */
export function tokenOf(link: string): string {
  const token = link.split('/invite/')[1];
  if (!token) throw new Error(`Not an invitation link: ${link}`);
  return token;
}

/**
 * Runs every queued invitation mail job's handler once, as the worker would
 * (for files that start no worker). Sending is once per token, so a job the
 * handler already ran is harmless: it answers `already-sent`.
 */
export async function sendQueuedInvitationMails(db: Db): Promise<void> {
  const rows = rowsOf<{ data: unknown }>(
    await db.execute(sql`select data from pgboss.job where name = 'invitation.send' order by created_on`),
  );
  for (const row of rows) {
    const payload = invitationMailPayload.parse(typeof row.data === 'string' ? JSON.parse(row.data) : row.data);
    await runInvitationMail(async () => db, payload);
  }
}
