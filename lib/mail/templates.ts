/**
 * Every message the product sends, as subject + HTML + plain text. Values are
 * neutralised here, once: names go through `inlineText` (one line) and, in the
 * HTML, `escapeHtml`; the subject through `headerText`.
 */
import { formatDate } from '@/lib/format/date';
import type { TeamDigest } from '@/lib/notifications/digest';
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

/**
 * To a person an organization added without an invitation (the API, SCIM provisioning): they have an
 * account now. With no password yet, the button chooses one (the reset link, valid for days, which also
 * proves the address); with one, it signs in.
 */
export function memberWelcomeMail(input: {
  name: string;
  organizationName: string;
  role: string;
  signInUrl: string;
  /** The set-password link, for an account without a password; null when it has one. */
  setPassword: { link: string; expiresAt: Date } | null;
}) {
  const organization = inlineText(input.organizationName);
  return render({
    subject: `You have been added to ${organization} on Skillgrid`,
    paragraphs: [
      `Hello ${inlineText(input.name)},`,
      `${organization} added you to its Skillgrid as ${inlineText(input.role)}: you assess your skills there, and your team sees where it stands.`,
      input.setPassword
        ? 'Your account has no password yet. Choose one with the button below; from then on you sign in with your email and that password.'
        : 'Sign in with the account you already have (same email and password).',
    ],
    action: input.setPassword
      ? { label: 'Choose your password', url: input.setPassword.link }
      : { label: 'Sign in', url: input.signInUrl },
    notes: [
      ...(input.setPassword
        ? [
            `The link works once and expires on ${when(input.setPassword.expiresAt)}; after that, use “Forgot password?” on ${input.signInUrl}.`,
            `If ${organization} uses single sign-on, you can sign in with it instead.`,
          ]
        : []),
      `If you do not expect to be part of ${organization}, tell its admins; you can ignore this email.`,
    ],
  });
}

// ---------------------------------------------------------------- notifications (lib/notifications)

/** What every notification carries below its button: why the person got it and how to stop it. */
export interface NotificationFooter {
  organizationName: string;
  reason: string;
  unsubscribeUrl: string;
  preferencesUrl: string;
}

function footerNotes(footer: NotificationFooter): string[] {
  return [
    `${footer.reason} (${inlineText(footer.organizationName)} on Skillgrid)`,
    `Stop this kind of message with one click: ${footer.unsubscribeUrl}`,
    `Choose which messages you get: ${footer.preferencesUrl}`,
  ];
}

const dayWord = (days: number) => (days === 1 ? '1 day' : `${days} days`);

/** "due on Mon, 14 Dec 2026" for a YYYY-MM-DD date. */
const dueText = (dueOn: string) =>
  new Date(`${dueOn}T00:00:00Z`).toLocaleDateString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });

export function cycleOpenedMail(
  input: NotificationFooter & {
    name: string;
    cycleName: string;
    dueOn: string | null;
    closesOn: string;
    assessUrl: string;
  },
) {
  const organization = inlineText(input.organizationName);
  return render({
    subject: `${organization}: the “${inlineText(input.cycleName)}” assessment is open`,
    paragraphs: [
      `Hello ${inlineText(input.name)},`,
      `${organization} opened the skills assessment “${inlineText(input.cycleName)}”. Rate your skills so that your team’s picture is complete.`,
      input.dueOn ? `Please be done by ${dueText(input.dueOn)}.` : `It stays open until ${dueText(input.closesOn)}.`,
    ],
    action: { label: 'Start my assessment', url: input.assessUrl },
    notes: footerNotes(input),
  });
}

export function reminderMail(
  input: NotificationFooter & {
    name: string;
    cycleName: string;
    dueOn: string;
    daysLeft: number;
    done: number;
    total: number;
    assessUrl: string;
  },
) {
  const organization = inlineText(input.organizationName);
  const when = input.daysLeft <= 0 ? 'today' : `in ${dayWord(input.daysLeft)}`;
  return render({
    subject: `${organization}: your assessment is due ${when}`,
    paragraphs: [
      `Hello ${inlineText(input.name)},`,
      `“${inlineText(input.cycleName)}” is due ${when} (${dueText(input.dueOn)}). You have done ${input.done} of ${input.total} skills.`,
      'Carried-over ratings count once you confirm or change them.',
    ],
    action: { label: 'Continue my assessment', url: input.assessUrl },
    notes: footerNotes(input),
  });
}

export function overdueMail(
  input: NotificationFooter & {
    name: string;
    cycleName: string;
    dueOn: string;
    done: number;
    total: number;
    assessUrl: string;
  },
) {
  const organization = inlineText(input.organizationName);
  return render({
    subject: `${organization}: your assessment is overdue`,
    paragraphs: [
      `Hello ${inlineText(input.name)},`,
      `“${inlineText(input.cycleName)}” was due on ${dueText(input.dueOn)} and your assessment is not done yet: ${input.done} of ${input.total} skills.`,
      'It is still open: finishing it now still counts.',
    ],
    action: { label: 'Finish my assessment', url: input.assessUrl },
    notes: footerNotes(input),
  });
}

export function reviewWaitingMail(
  input: NotificationFooter & {
    name: string;
    teamName: string;
    cycleName: string;
    toReview: number;
    reviewUrl: string;
  },
) {
  const organization = inlineText(input.organizationName);
  const count = input.toReview === 1 ? '1 self rating waits' : `${input.toReview} self ratings wait`;
  return render({
    subject: `${organization}: ${count} for your review`,
    paragraphs: [
      `Hello ${inlineText(input.name)},`,
      `In ${inlineText(input.teamName)}, ${count} for your review in “${inlineText(input.cycleName)}”.`,
    ],
    action: { label: 'Review the ratings', url: input.reviewUrl },
    notes: footerNotes(input),
  });
}

/** The digest's gap lines, one per skill: "• Kubernetes — 2 below target: Max Member (2 levels), Sam Subject (1 level)". */
export function digestGapLines(digest: Pick<TeamDigest, 'gaps'>): { heading: string | null; lines: string[] } {
  const { first, since, skills } = digest.gaps;
  const lines = skills.map((skill) => {
    const more = skill.membersBelow - skill.members.length;
    const who = skill.members
      .map((member) => `${inlineText(member.name)} (${member.gap === 1 ? '1 level' : `${member.gap} levels`})`)
      .join(', ');
    return `• ${inlineText(skill.skillName)} — ${skill.membersBelow} below target: ${who}${more > 0 ? ` and ${more} more` : ''}`;
  });
  const sinceText = since ? formatDate(since, 'en-GB') : '';
  if (first) {
    return {
      heading:
        skills.length > 0
          ? 'Largest gaps — this is the team’s first digest of this cycle, so these are its current gaps; later digests list only the gaps that are new since the digest before:'
          : null,
      lines,
    };
  }
  return {
    heading:
      skills.length > 0
        ? `Largest new gaps since the digest of ${sinceText} (a lower rating, a higher target or a new member):`
        : `No new gaps since the digest of ${sinceText}.`,
    lines,
  };
}

export function teamDigestMail(input: NotificationFooter & { name: string; digest: TeamDigest; teamUrl: string }) {
  const organization = inlineText(input.organizationName);
  const { digest } = input;
  const team = inlineText(digest.teamName);
  const lines = [
    `Hello ${inlineText(input.name)},`,
    `Your week in ${team} (“${inlineText(digest.cycleName)}”):`,
    `• Completion: ${digest.membersDone} of ${digest.members} members done, ${digest.ratedPercent} % of the ratings.`,
  ];
  if (digest.notDone > 0)
    lines.push(`• ${digest.notDone} ${digest.notDone === 1 ? 'member is' : 'members are'} not done.`);
  if (digest.toReview > 0) lines.push(`• ${digest.toReview} self ratings wait for your review.`);
  const gaps = digestGapLines(digest);
  if (gaps.heading) lines.push(gaps.heading, ...gaps.lines);
  return render({
    subject: `${organization}: your weekly digest for ${team}`,
    paragraphs: lines,
    action: { label: 'Open the team page', url: input.teamUrl },
    notes: footerNotes(input),
  });
}

export function certificationExpiringMail(
  input: NotificationFooter & {
    name: string;
    /** Whose certification: null when it is the reader's own. */
    holderName: string | null;
    certificationName: string;
    issuer: string;
    expiresOn: string;
    daysLeft: number;
    url: string;
  },
) {
  const organization = inlineText(input.organizationName);
  const certification = `“${inlineText(input.certificationName)}” (${inlineText(input.issuer)})`;
  const when = input.daysLeft <= 0 ? 'today' : `in ${dayWord(input.daysLeft)}`;
  const own = input.holderName === null;
  return render({
    subject: own
      ? `${organization}: your certification expires ${when}`
      : `${organization}: ${inlineText(input.holderName ?? '')}’s certification expires ${when}`,
    paragraphs: [
      `Hello ${inlineText(input.name)},`,
      own
        ? `Your certification ${certification} expires ${when} (${dueText(input.expiresOn)}). Once it has expired, skills that require a valid certification no longer count it.`
        : `${inlineText(input.holderName ?? '')}’s certification ${certification} expires ${when} (${dueText(input.expiresOn)}). Skills that require a valid certification will no longer count it for your team.`,
      own
        ? 'Renewed it already? Record the new expiry date and the reminders stop.'
        : 'Once they record the renewal, it shows on their profile and these reminders stop.',
    ],
    action: own
      ? { label: 'Update my certifications', url: input.url }
      : { label: 'See the team’s certifications', url: input.url },
    notes: footerNotes(input),
  });
}
