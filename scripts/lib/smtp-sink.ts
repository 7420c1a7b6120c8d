/**
 * An SMTP server in the script's process that counts what the app's workers
 * deliver (the cluster's reminders, the faults' notify scenario): plain SMTP
 * on loopback, no TLS, no login, and only each message's headers read — a
 * thousand reminders are counted, not parsed. The tests' inbox, which parses
 * whole messages, is tests/fixtures/smtp-inbox.ts.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SinkDelivery {
  /** A header's value as sent (unfolded, trimmed), '' when absent. */
  header(name: string): string;
  /** The envelope's recipients. */
  recipients: string[];
  /** The name the client gave in its greeting (EHLO): who delivered (`SMTP_URL=…?name=app1`). */
  client: string;
}

export interface SmtpSink {
  url: string;
  /** The SMTP URL under which an instance names itself in its greeting. */
  urlFor(instance: string): string;
  close(): Promise<void>;
}

export async function startSmtpSink(onDelivery: (delivery: SinkDelivery) => void): Promise<SmtpSink> {
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        // Headers only: the first blank line ends them; continuation lines are unfolded.
        const text = Buffer.concat(chunks).toString('utf8');
        const head = text.slice(0, text.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, ' ');
        onDelivery({
          header: (name) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '',
          recipients: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          client: session.hostNameAppearsAs || '?',
        });
        callback();
      });
    },
  });
  // A killed worker's pooled connections reset: an error per connection, not the end of the sink.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    urlFor: (instance) => `smtp://127.0.0.1:${port}?name=${encodeURIComponent(instance)}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
