/**
 * `npx tsx scripts/screenshots-mail.ts`: each notification's HTML body, as the
 * templates render it (lib/mail/templates.ts), opened in Chromium and saved
 * to docs/screenshots/mail-<kind>.png — what a mail client shows. No server or
 * database: the templates are pure functions of their input. Names after the
 * command render only those messages (`… member-welcome`).
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import {
  cycleOpenedMail,
  invitationMail,
  memberWelcomeMail,
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
const digestBase = {
  teamId: '00000000-0000-4000-8000-000000000000',
  teamName: 'Platform',
  cycleName: 'Winter review 2026',
  members: 9,
  membersDone: 5,
  ratedPercent: 71,
  toReview: 23,
  notDone: 4,
};

const messages: Record<string, MailContent> = {
  invitation: invitationMail({
    link: `${origin}/invite/…`,
    organizationName: 'Acme Robotics',
    role: 'member',
    invitedBy: 'Ada Admin',
    expiresAt: new Date('2026-12-21T10:00:00Z'),
  }),
  // To a person an HR system (POST /api/v1/members) or SCIM added: no password yet (lib/members/welcome-mail-job.ts).
  'member-welcome': memberWelcomeMail({
    name: 'Nina New',
    organizationName: 'Acme Robotics',
    role: 'member',
    signInUrl: `${origin}/sign-in`,
    setPassword: { link: `${origin}/reset-password/…`, expiresAt: new Date('2026-12-14T10:00:00Z') },
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
  // The digest of a later week: only the gaps that are new since the previous digest (lib/notifications/digest.ts).
  'team-digest': teamDigestMail({
    ...footer,
    reason: 'You get this weekly because you manage this team',
    name: 'Mona Manager',
    teamUrl: `${origin}/teams/…`,
    digest: {
      ...digestBase,
      gaps: {
        first: false,
        since: new Date('2026-11-30T06:00:00Z'),
        skills: [
          {
            skillName: 'Kubernetes',
            members: [
              { name: 'Max Member', gap: 2 },
              { name: 'Sam Subject', gap: 1 },
            ],
            membersBelow: 2,
            totalGap: 3,
          },
          { skillName: 'Threat modelling', members: [{ name: 'Nia Newcomer', gap: 2 }], membersBelow: 1, totalGap: 2 },
        ],
      },
    },
  }),
  // A cycle's first digest: nothing to compare with, so the largest current gaps, said as such.
  'team-digest-first': teamDigestMail({
    ...footer,
    reason: 'You get this weekly because you manage this team',
    name: 'Mona Manager',
    teamUrl: `${origin}/teams/…`,
    digest: {
      ...digestBase,
      gaps: {
        first: true,
        since: null,
        skills: [
          {
            skillName: 'Kubernetes',
            members: [
              { name: 'Ana Lopez', gap: 3 },
              { name: 'Max Member', gap: 2 },
              { name: 'Sam Subject', gap: 2 },
              { name: 'Bo Chen', gap: 1 },
              { name: 'Ivo Petrov', gap: 1 },
            ],
            membersBelow: 6,
            totalGap: 10,
          },
          { skillName: 'SQL tuning', members: [{ name: 'Bo Chen', gap: 2 }], membersBelow: 1, totalGap: 2 },
        ],
      },
    },
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
    const only = process.argv.slice(2);
    for (const [kind, content] of Object.entries(messages)) {
      if (only.length > 0 && !only.includes(kind)) continue;
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
