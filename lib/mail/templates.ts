/**
 * Every message the product sends, as subject + HTML + plain text. Values are
 * neutralised here, once: names go through `inlineText` (one line) and, in the
 * HTML, `escapeHtml`; the subject through `headerText`.
 */
import { escapeHtml, headerText, inlineText } from './neutralise';

export interface MailContent {
  subject: string;
  html: string;
  text: string;
}

interface Layout {
  subject: string;
  /** Paragraphs of plain text (already single-line values); escaped for the HTML. */
  paragraphs: string[];
  action: { label: string; url: string };
  /** Small print under the button. */
  notes: string[];
}

function render(layout: Layout): MailContent {
  const subject = headerText(layout.subject);
  const url = layout.action.url;
  const text = [
    ...layout.paragraphs,
    '',
    `${layout.action.label}: ${url}`,
    '',
    ...layout.notes,
    '',
    '— Skillgrid',
  ].join('\n');
  const paragraph = (value: string) => `<p style="margin:0 0 16px">${escapeHtml(value)}</p>`;
  const html = [
    '<!doctype html>',
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#0f172a;line-height:1.5;max-width:560px;margin:0 auto;padding:24px">',
    '<p style="font-weight:600;color:#1d4ed8;margin:0 0 24px">Skillgrid</p>',
    ...layout.paragraphs.map(paragraph),
    `<p style="margin:24px 0"><a href="${escapeHtml(url)}" style="background:#1d4ed8;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(layout.action.label)}</a></p>`,
    `<p style="margin:0 0 16px;font-size:14px">Or copy this link: <br><span style="word-break:break-all">${escapeHtml(url)}</span></p>`,
    ...layout.notes.map((note) => `<p style="margin:0 0 8px;font-size:13px;color:#475569">${escapeHtml(note)}</p>`),
    '</body></html>',
  ].join('\n');
  return { subject, html, text };
}

const when = (date: Date) => date.toUTCString();

export function verificationMail(input: { name: string; link: string; expiresAt: Date; organizationName?: string }) {
  const organization = input.organizationName ? inlineText(input.organizationName) : null;
  return render({
    subject: 'Confirm your email address for Skillgrid',
    paragraphs: [
      `Hello ${inlineText(input.name)},`,
      organization
        ? `Confirm that this is your email address to finish creating ${organization} on Skillgrid.`
        : 'Confirm that this is your email address to finish setting up your Skillgrid account.',
    ],
    action: { label: 'Confirm my email address', url: input.link },
    notes: [
      `The link works once and expires on ${when(input.expiresAt)}.`,
      'If you did not sign up for Skillgrid, ignore this email: nothing is created without this confirmation.',
    ],
  });
}

/** Sent instead of a verification mail when someone signs up with an address that already has an account. */
export function signUpAttemptMail(input: { signInUrl: string; resetUrl: string }) {
  const content = render({
    subject: 'Someone tried to sign up to Skillgrid with your email address',
    paragraphs: [
      'Someone (perhaps you) tried to create a new Skillgrid account with this email address, which already has one. No new account was created.',
      'If it was you, sign in with your existing account. Forgot your password? Reset it here:',
    ],
    action: { label: 'Reset my password', url: input.resetUrl },
    notes: [`Sign in: ${input.signInUrl}`, 'If it was not you, you can ignore this email: your account is unchanged.'],
  });
  return content;
}

export function passwordResetMail(input: { name: string; link: string; expiresAt: Date }) {
  return render({
    subject: 'Reset your Skillgrid password',
    paragraphs: [
      `Hello ${inlineText(input.name)},`,
      'Someone (hopefully you) asked to reset the password of your Skillgrid account. Choose a new password with the link below; it also signs you out everywhere.',
    ],
    action: { label: 'Choose a new password', url: input.link },
    notes: [
      `The link works once and expires on ${when(input.expiresAt)}.`,
      'If you did not ask for this, ignore this email: your password stays as it is.',
    ],
  });
}

export function invitationMail(input: {
  link: string;
  organizationName: string;
  role: string;
  invitedBy: string;
  expiresAt: Date;
}) {
  const organization = inlineText(input.organizationName);
  return render({
    subject: `You are invited to join ${organization} on Skillgrid`,
    paragraphs: [
      `${inlineText(input.invitedBy)} invited you to join ${organization} on Skillgrid as ${inlineText(input.role)}.`,
    ],
    action: { label: 'Accept the invitation', url: input.link },
    notes: [
      `The link works once and expires on ${when(input.expiresAt)}.`,
      'If you did not expect this email, you can ignore it.',
    ],
  });
}
