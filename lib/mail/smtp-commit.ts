import 'server-only';
/**
 * SMTP with a commit point: the caller records the send in its database
 * *before* the one byte sequence that makes the server accept the message
 * (the DATA terminator `<CRLF>.<CRLF>`), and the terminator is written only if
 * that record committed. Used by notification sends (lib/notifications/send-job.ts)
 * to make "sent twice" impossible when a worker is killed or the database
 * restarts (docs/decisions/0011-exactly-once-sends.md):
 *
 *   MAIL FROM, RCPT TO, DATA → 354 → the message's bytes → commit() → `.` → 250
 *
 * - commit() refuses or fails (another attempt took the message over, the
 *   database is down): the connection is dropped before the terminator, and a
 *   server discards a message whose DATA never ended (RFC 5321 §4.1.1.4). Nothing is sent.
 * - The process dies before commit() committed: same — nothing sent, the record says not sent.
 * - The process dies after the commit and before the terminator reached the
 *   socket (a few microseconds: one synchronous write): the record says sent,
 *   the server never got it. The remaining window, on the side of "lost".
 * - The server answers anything but 250 after the terminator, or the
 *   connection breaks before its answer: the caller hears an error and undoes
 *   its record (the message is retried). A server that accepted and then lost
 *   the connection before answering gets the message twice: the server side's
 *   own window, which no client can close.
 *
 * Connections are pooled per process and server URL (like the database's
 * pool: not application state) and reused with RSET between messages.
 */
import { Readable } from 'node:stream';
import MailComposer from 'nodemailer/lib/mail-composer';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import SMTPConnection from 'nodemailer/lib/smtp-connection';

const POOL_SIZE = 20;
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

export interface ComposedMail {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  messageId?: string;
}

/** What went wrong, for the caller: before the commit point nothing was sent; after it, the caller undoes its record. */
export class SmtpCommitError extends Error {
  constructor(
    message: string,
    readonly afterCommit: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

interface Pool {
  idle: SMTPConnection[];
  options: SMTPConnection.Options;
}
const pools = new Map<string, Pool>();

function poolFor(url: string): Pool {
  let pool = pools.get(url);
  if (!pool) {
    pool = { idle: [], options: { ...parseConnectionUrl(url), ...TIMEOUTS } };
    pools.set(url, pool);
  }
  return pool;
}

/**
 * One operation on a connection: SMTPConnection reports a socket's failure (refused, reset, timed out)
 * as an 'error' or 'end' event, not to the operation's callback, so both end the wait.
 */
function operation<T>(connection: SMTPConnection, start: (done: (error: Error | null, value?: T) => void) => void) {
  return new Promise<T>((resolve, reject) => {
    const onError = (error: Error) => finish(error);
    const onEnd = () => finish(new Error('The mail server closed the connection.'));
    const finish = (error: Error | null, value?: T) => {
      connection.removeListener('error', onError);
      connection.removeListener('end', onEnd);
      if (error) reject(error);
      else resolve(value as T);
    };
    connection.once('error', onError);
    connection.once('end', onEnd);
    start(finish);
  });
}

async function connect(pool: Pool): Promise<SMTPConnection> {
  for (let reused = pool.idle.pop(); reused; reused = pool.idle.pop()) {
    if (!reused.destroyed) return reused;
  }
  const connection = new SMTPConnection(pool.options);
  // Late errors of an idle connection (the server closing it) arrive as events: never an unhandled one.
  connection.on('error', () => {});
  connection.on('end', () => {
    const at = pool.idle.indexOf(connection);
    if (at >= 0) pool.idle.splice(at, 1);
  });
  try {
    await operation<void>(connection, (done) => connection.connect((error) => done(error ?? null)));
    const auth = pool.options.auth as { user?: string; pass?: string } | undefined;
    if (auth?.user) {
      await operation<void>(connection, (done) =>
        connection.login({ user: auth.user!, pass: auth.pass ?? '' }, (error) => done(error ?? null)),
      );
    }
  } catch (error) {
    connection.close();
    throw error;
  }
  return connection;
}

function release(pool: Pool, connection: SMTPConnection): void {
  connection.reset((error) => {
    if (error || pool.idle.length >= POOL_SIZE) connection.close();
    else pool.idle.push(connection);
  });
}

/**
 * Sends `mail` through the SMTP server at `url`, calling `commit()` between
 * the message's bytes and its terminator. Resolves once the server accepted
 * the message; rejects with `SmtpCommitError` (`afterCommit` says whether
 * commit() had succeeded).
 */
export async function sendWithCommitPoint(url: string, mail: ComposedMail, commit: () => Promise<void>): Promise<void> {
  const node = new MailComposer({
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
    headers: mail.headers,
    ...(mail.messageId ? { messageId: mail.messageId } : {}),
  }).compile();
  const bytes = await node.build();
  const envelope = node.getEnvelope();
  const pool = poolFor(url);
  let connection: SMTPConnection;
  try {
    connection = await connect(pool);
  } catch (error) {
    throw new SmtpCommitError(`The mail server could not be reached: ${String(error)}`, false, { cause: error });
  }

  let committed = false;
  let commitFailure: unknown;
  let commitDone: Promise<void> | undefined;
  // The message as a stream SMTPConnection reads only after the server's 354 (it pipes it then): its first
  // read is the moment the envelope was accepted. The bytes go out at once; the end of the stream — which
  // SMTPConnection turns into the terminator — waits for the commit.
  let started = false;
  const message = new Readable({
    read() {
      if (started) return;
      started = true;
      this.push(bytes);
      commitDone = commit().then(
        () => {
          committed = true;
          if (!this.destroyed) this.push(null);
        },
        (error: unknown) => {
          commitFailure = error;
          // Dropping the connection mid-DATA: the server discards the unfinished message.
          connection.close();
          this.destroy(error instanceof Error ? error : new Error(String(error)));
        },
      );
    },
  });

  const failure = await operation<void>(connection, (done) =>
    connection.send(envelope, message, (error) => done(error)),
  ).then(
    () => null,
    (error: Error) => error,
  );
  if (!failure) {
    release(pool, connection);
    return;
  }
  connection.close();
  // The connection failed while the commit was still under way: wait for it, so that the caller learns
  // whether its record says "sent" (and must be undone) rather than racing a late commit.
  await commitDone;
  if (commitFailure !== undefined) {
    throw new SmtpCommitError('The send could not be recorded, so the message was not sent.', false, {
      cause: commitFailure,
    });
  }
  throw new SmtpCommitError(`The mail server did not take the message: ${failure.message}`, committed, {
    cause: failure,
  });
}
