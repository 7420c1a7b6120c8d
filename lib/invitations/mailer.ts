import 'server-only';
import { env } from '@/lib/env';

export type MailOutcome = 'sent' | 'failed' | 'disabled';

/**
 * Mails the invitation link when SMTP_URL is configured. Never throws: the
 * invitation is already committed and the admin still has the link to copy.
 */
export async function mailInvitation(message: {
  to: string;
  link: string;
  organizationName: string;
  role: string;
  invitedBy: string;
  expiresAt: string;
}): Promise<MailOutcome> {
  if (!env.SMTP_URL) return 'disabled';
  try {
    const { createTransport } = await import('nodemailer');
    // Short timeouts: the admin is waiting on this, and nodemailer's default connection timeout is two minutes.
    const transport = createTransport({
      url: env.SMTP_URL,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    const expires = new Date(message.expiresAt).toUTCString();
    await transport.sendMail({
      from: env.MAIL_FROM,
      to: message.to,
      subject: `You are invited to join ${message.organizationName} on Skillgrid`,
      text: [
        `${message.invitedBy} invited you to join ${message.organizationName} on Skillgrid as ${message.role}.`,
        '',
        `Accept the invitation: ${message.link}`,
        '',
        `The link works once and expires on ${expires}.`,
        'If you did not expect this email, you can ignore it.',
      ].join('\n'),
    });
    return 'sent';
  } catch (error) {
    console.error('Sending the invitation email failed', error);
    return 'failed';
  }
}
