import 'server-only';
import { z } from 'zod';
import type { Db } from '@/db';
import { mailOutbox } from '@/db/schema';
import { env } from '@/lib/env';
import { headerText } from './neutralise';
import { sendWithCommitPoint } from './smtp-commit';
export { SmtpCommitError } from './smtp-commit';

/** What a message is for: shown on /dev/mail and kept with it. */
export type MailKind = 'verify-email' | 'sign-up-attempt' | 'password-reset' | 'invitation' | (string & {});

export interface MailMessage {
  to: string;
  subject: string;
  /** Both bodies are required: some readers only show text, and the text is what tests and screen readers read. */
  html: string;
  text: string;
  /** Extra headers (e.g. `List-Unsubscribe`); names and values are flattened to one line. */
  headers?: Record<string, string>;
  /** The organization the mail is about, if any (kept with the stored copy). */
  organizationId?: string | null;
  kind: MailKind;
  /**
   * A Message-ID of our own (`<…@skillgrid>`), stable across retries of one
   * send: should a crash make us hand a message to SMTP twice, both copies
   * carry the same id, which mail systems and clients use to drop repeats.
   */
  messageId?: string;
}

/** `sent`: handed to SMTP; `stored`: no SMTP configured, kept in the outbox (/dev/mail); `failed`: SMTP refused it. */
export type MailOutcome = 'sent' | 'stored' | 'failed';

const recipientSchema = z.string().trim().toLowerCase().max(254).email();
const HEADER_NAME = /^[A-Za-z0-9-]{1,64}$/;
/** Headers the mailer sets itself: a caller may not replace the envelope. */
const RESERVED_HEADERS = new Set([
  'to',
  'from',
  'cc',
  'bcc',
  'subject',
  'reply-to',
  'sender',
  'content-type',
  'message-id',
]);

function safeHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const safe: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!HEADER_NAME.test(name) || RESERVED_HEADERS.has(name.toLowerCase())) continue;
    safe[name] = headerText(String(value), 998);
  }
  return safe;
}

/**
 * The one way the product sends mail. With `SMTP_URL` the message goes out
 * through nodemailer; without it (the development default) it is kept in the
 * `mail_outbox` table and listed at /dev/mail, so every flow works on a fresh
 * machine. Never throws for a mail server problem: callers decide what a
 * failed mail means (an invitation link can still be copied).
 */
export async function sendMail(db: Db, message: MailMessage): Promise<MailOutcome> {
  try {
    return await deliverMail(db, message);
  } catch (error) {
    if (error instanceof InvalidRecipientError) {
      console.error('sendMail: refused an invalid recipient');
    } else {
      console.error(`Sending a ${headerText(message.kind, 40)} mail failed`, error);
    }
    return 'failed';
  }
}

/**
 * One pooled SMTP transport per server URL and process: a worker sending a
 * thousand reminders reuses a few connections instead of opening one per
 * mail. A connection pool like the database's, not application state.
 */
const transports = new Map<string, Promise<import('nodemailer').Transporter>>();
function smtpTransport(url: string): Promise<import('nodemailer').Transporter> {
  let transport = transports.get(url);
  if (!transport) {
    transport = import('nodemailer').then(({ createTransport }) =>
      // Short timeouts: someone may be waiting on this, and nodemailer's default connection timeout is two minutes.
      createTransport({
        url,
        pool: true,
        maxConnections: 4,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
      }),
    );
    transports.set(url, transport);
  }
  return transport;
}

export class InvalidRecipientError extends Error {
  constructor() {
    super('The recipient is not a valid email address.');
  }
}

/**
 * Like `sendMail`, but a message that could not be handed over throws: for
 * background jobs, whose queue retries a failure with backoff and keeps it
 * for the admins' failed-jobs view. `stored` (no SMTP) writes the outbox row
 * with `db`: pass a transaction to commit the message with the caller's own
 * bookkeeping.
 */
export async function deliverMail(db: Db, message: MailMessage): Promise<'sent' | 'stored'> {
  const { to, subject, headers, kind, messageId } = prepare(message);
  if (!env.SMTP_URL) {
    await db.insert(mailOutbox).values({
      kind,
      organizationId: message.organizationId ?? null,
      to,
      subject,
      html: message.html,
      text: message.text,
      headers: messageId ? { ...headers, 'Message-ID': messageId } : headers,
    });
    return 'stored';
  }
  const transport = await smtpTransport(env.SMTP_URL);
  await transport.sendMail({
    from: env.MAIL_FROM,
    to,
    subject,
    html: message.html,
    text: message.text,
    headers: { ...headers, 'X-Skillgrid-Kind': kind },
    ...(messageId ? { messageId } : {}),
  });
  return 'sent';
}

/**
 * Through SMTP with a commit point (lib/mail/smtp-commit.ts): `commit` records
 * the send and runs after the server took the envelope and the message's bytes,
 * before the terminator that makes it accept them. Throws `SmtpCommitError`;
 * its `afterCommit` says whether the caller's record must be undone. Only with
 * SMTP_URL set: without it, `deliverMail` with a transaction is exactly once already.
 */
export async function deliverMailWithCommitPoint(message: MailMessage, commit: () => Promise<void>): Promise<void> {
  if (!env.SMTP_URL)
    throw new Error('deliverMailWithCommitPoint needs SMTP_URL; without it use deliverMail in a transaction.');
  const { to, subject, headers, kind, messageId } = prepare(message);
  await sendWithCommitPoint(
    env.SMTP_URL,
    {
      from: env.MAIL_FROM,
      to,
      subject,
      html: message.html,
      text: message.text,
      headers: { ...headers, 'X-Skillgrid-Kind': kind },
      ...(messageId ? { messageId } : {}),
    },
    commit,
  );
}

/** The checks every message passes, whichever way it goes out. */
function prepare(message: MailMessage) {
  const to = recipientSchema.safeParse(message.to);
  // Callers pass addresses they have validated; anything else (CR/LF included) never reaches a header.
  if (!to.success) throw new InvalidRecipientError();
  return {
    to: to.data,
    subject: headerText(message.subject, 300),
    headers: safeHeaders(message.headers),
    kind: headerText(message.kind, 40),
    messageId:
      message.messageId && /^<[A-Za-z0-9._@-]{3,200}>$/.test(message.messageId) ? message.messageId : undefined,
  };
}
