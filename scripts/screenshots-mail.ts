/**
 * `npx tsx scripts/screenshots-mail.ts`: each notification's HTML body, as the
 * templates render it (lib/mail/templates.ts), opened in Chromium and saved
 * to docs/screenshots/mail-<kind>.png — what a mail client shows. No server or
 * database: the templates are pure functions of their input.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import {
  cycleOpenedMail,
  invitationMail,
  overdueMail,
  reminderMail,
  reviewWaitingMail,
  teamDigestMail,
  certificationExpiringMail,
  type MailContent,
} from '../lib/mail/templates';

const origin = 'https://skills.example.com';
const footer = {
  organizationName: 'Acme Robotics',
  unsubscribeUrl: `${origin}/unsubscribe?token=…`,
  preferencesUrl: `${origin}/me/notifications`,
};
const assessUrl = `${origin}/assess?cycle=7c1e…`;

const messages: Record<string, MailContent> = {
  invitation: invitationMail({
    link: `${origin}/invite/…`,
    organizationName: 'Acme Robotics',
    role: 'member',
    invitedBy: 'Ada Admin',
    expiresAt: new Date('2026-12-21T10:00:00Z'),
  }),
  'cycle-opened': cycleOpenedMail({
    ...footer,
    reason: 'You get this because you take part in this assessment cycle',
    name: 'Max Member',
    cycleName: 'Winter review 2026',
    dueOn: '2026-12-18',
    closesOn: '2026-12-31',
    assessUrl,
  }),
  reminder: reminderMail({
    ...footer,
    reason: 'You get this because your assessment in this cycle is not done yet',
    name: 'Max Member',
    cycleName: 'Winter review 2026',
    dueOn: '2026-12-18',
    daysLeft: 7,
    done: 12,
    total: 40,
    assessUrl,
  }),
  overdue: overdueMail({
    ...footer,
    reason: 'You get this because your assessment in this cycle is not done and its due date has passed',
    name: 'Max Member',
    cycleName: 'Winter review 2026',
    dueOn: '2026-12-18',
    done: 31,
    total: 40,
    assessUrl,
  }),
  'review-waiting': reviewWaitingMail({
    ...footer,
    reason: 'You get this because you manage this team',
    name: 'Mona Manager',
    teamName: 'Platform',
    cycleName: 'Winter review 2026',
    toReview: 23,
    reviewUrl: `${origin}/teams/…/calibration`,
  }),
  'team-digest': teamDigestMail({
    ...footer,
    reason: 'You get this weekly because you manage this team',
    name: 'Mona Manager',
    teamName: 'Platform',
    cycleName: 'Winter review 2026',
    members: 9,
    membersDone: 5,
    ratedPercent: 71,
    toReview: 23,
    notDone: 4,
    topGaps: [
      { skillName: 'Kubernetes', membersBelow: 6 },
      { skillName: 'Threat modelling', membersBelow: 5 },
      { skillName: 'SQL tuning', membersBelow: 4 },
    ],
    teamUrl: `${origin}/teams/…`,
  }),
  'certification-expiring': certificationExpiringMail({
    ...footer,
    reason: 'You get this because a certification you hold, or one in a team you manage, expires soon',
    name: 'Max Member',
    holderName: null,
    certificationName: 'Certified Kubernetes Administrator',
    issuer: 'CNCF',
    expiresOn: '2026-12-14',
    daysLeft: 7,
    url: `${origin}/me/certifications`,
  }),
  'certification-expiring-manager': certificationExpiringMail({
    ...footer,
    reason: 'You get this because a certification you hold, or one in a team you manage, expires soon',
    name: 'Mona Manager',
    holderName: 'Max Member',
    certificationName: 'Certified Kubernetes Administrator',
    issuer: 'CNCF',
    expiresOn: '2027-01-06',
    daysLeft: 30,
    url: `${origin}/teams/…`,
  }),
};

async function main(): Promise<void> {
  const out = path.resolve('docs/screenshots');
  mkdirSync(out, { recursive: true });
  const executablePath = process.env.PLAYWRIGHT_CHROMIUM_PATH || '/usr/bin/chromium';
  const browser = await chromium.launch({ executablePath: existsSync(executablePath) ? executablePath : undefined });
  try {
    const page = await browser.newPage({ viewport: { width: 640, height: 720 } });
    for (const [kind, content] of Object.entries(messages)) {
      await page.setContent(content.html, { waitUntil: 'load' });
      const file = path.join(out, `mail-${kind}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(`${file}  (${content.subject})`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
