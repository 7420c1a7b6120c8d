/**
 * The weekly digest (lib/notifications/digest.ts) as a chat message: the same
 * facts and gap lines as the managers' mail (lib/mail/templates.ts
 * `digestGapLines`), in each provider's incoming-webhook format.
 *
 * - Slack: Block Kit `blocks` plus `text`, the fallback that notifications
 *   and old clients show. Names are escaped (`&`, `<`, `>`) as Slack asks, so
 *   a member called `<!channel>` mentions nobody and `<http://x|y>` is no link.
 * - Microsoft Teams: an Adaptive Card (1.4) in a `message` attachment — the
 *   format both the Workflows (Power Automate) webhooks and the older Office
 *   365 connectors accept. Text that carries names is a RichTextBlock of
 *   TextRuns, which Teams never reads as markdown, so a name cannot make a link.
 *
 * No `server-only` marker: the job worker imports this outside Next.js.
 */
import { digestGapLines } from '@/lib/mail/templates';
import { inlineText } from '@/lib/mail/neutralise';
import type { TeamDigest } from './digest';

export interface ChatDigest {
  organizationName: string;
  digest: TeamDigest;
  teamUrl: string;
}

/** The digest's lines in plain text: the title, the facts, the gap heading and its lines. */
export function chatDigestText(input: ChatDigest): {
  title: string;
  facts: string[];
  gapHeading: string | null;
  gapLines: string[];
} {
  const { digest } = input;
  const facts = [
    `Completion: ${digest.membersDone} of ${digest.members} members done, ${digest.ratedPercent} % of the ratings.`,
  ];
  if (digest.notDone > 0)
    facts.push(`${digest.notDone} ${digest.notDone === 1 ? 'member is' : 'members are'} not done.`);
  if (digest.toReview > 0)
    facts.push(
      `${digest.toReview} self ${digest.toReview === 1 ? 'rating waits' : 'ratings wait'} for a manager’s review.`,
    );
  const gaps = digestGapLines(digest);
  return {
    title: `Weekly digest for ${inlineText(digest.teamName)} (“${inlineText(digest.cycleName)}”)`,
    facts,
    gapHeading: gaps.heading,
    gapLines: gaps.lines,
  };
}

/** Slack's mrkdwn control characters (https://api.slack.com/reference/surfaces/formatting#escaping). */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function slackPayload(input: ChatDigest): Record<string, unknown> {
  const text = chatDigestText(input);
  const organization = inlineText(input.organizationName);
  const gapText = [text.gapHeading, ...text.gapLines].filter((line): line is string => line !== null);
  return {
    // The fallback: notifications, screen readers' summaries, clients without blocks.
    text: slackEscape(`${organization}: ${text.title} — ${text.facts.join(' ')}`),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: text.title.slice(0, 150), emoji: false } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: text.facts.map((fact) => `• ${slackEscape(fact)}`).join('\n') },
      },
      ...(gapText.length > 0
        ? [{ type: 'section', text: { type: 'mrkdwn', text: slackEscape(gapText.join('\n')).slice(0, 3000) } }]
        : []),
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Open the team page' },
            url: input.teamUrl,
            action_id: 'open-team',
          },
        ],
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: slackEscape(
              `Skillgrid, for ${organization}. A team manager set this channel on the team’s settings page.`,
            ),
          },
        ],
      },
    ],
  };
}

/** Plain text, never markdown (TextRun): what a name says is shown as it is. */
const plainBlock = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'RichTextBlock',
  inlines: [{ type: 'TextRun', text, ...extra }],
});

export function teamsPayload(input: ChatDigest): Record<string, unknown> {
  const text = chatDigestText(input);
  const organization = inlineText(input.organizationName);
  return {
    type: 'message',
    // The fallback Teams shows in notifications and the activity feed.
    summary: `${organization}: ${text.title}`,
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            plainBlock(text.title, { size: 'Large', weight: 'Bolder' }),
            plainBlock(organization, { isSubtle: true }),
            ...text.facts.map((fact) => plainBlock(`• ${fact}`)),
            ...(text.gapHeading ? [plainBlock(text.gapHeading, { weight: 'Bolder' })] : []),
            ...text.gapLines.map((line) => plainBlock(line)),
          ],
          actions: [{ type: 'Action.OpenUrl', title: 'Open the team page', url: input.teamUrl }],
        },
      },
    ],
  };
}
