import 'server-only';
import type { Db } from '@/db';
import { sendMail, type MailOutcome } from './send-mail';
import { invitationMail } from './templates';

/**
 * Mails an invitation link. Never throws: the invitation is already committed
 * and the admin still has the link to copy.
 */
export async function mailInvitation(
  db: Db,
  message: {
    to: string;
    link: string;
    organizationId: string;
    organizationName: string;
    role: string;
    invitedBy: string;
    expiresAt: string;
  },
): Promise<MailOutcome> {
  const content = invitationMail({
    link: message.link,
    organizationName: message.organizationName,
    role: message.role,
    invitedBy: message.invitedBy,
    expiresAt: new Date(message.expiresAt),
  });
  try {
    return await sendMail(db, {
      to: message.to,
      ...content,
      organizationId: message.organizationId,
      kind: 'invitation',
    });
  } catch (error) {
    console.error('Keeping the invitation email failed', error);
    return 'failed';
  }
}
