import type { Metadata } from 'next';
import Link from 'next/link';
import { ActionButtonForm } from '@/components/admin/action-button-form';
import { ChatWebhookForm } from '@/components/team/chat-webhook-form';
import { formatDateTime } from '@/lib/format/date';
import { requestLocale } from '@/lib/format/request-locale';
import { removeTeamChatWebhookAction } from '@/lib/notifications/chat-actions';
import { CHAT_PROVIDER_LABELS, loadTeamChatWebhook } from '@/lib/notifications/chat-webhook';
import { requireTeamPage } from '@/lib/teams/team-page';

export const metadata: Metadata = { title: 'Team settings' };

const POST_STATES: Record<string, string> = {
  posted: 'Posted',
  skipped: 'Not posted: nothing to say that week',
  failed: 'Failed — retried automatically',
};

/**
 * The team's settings for its managers and admins (the layout and requireTeamPage say so): the Slack or
 * Teams channel where the weekly digest is also posted (issue 20). The saved URL is a secret: only its host
 * and last characters are shown, and replacing it means pasting a new one.
 */
export default async function TeamSettingsPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const { db, context } = await requireTeamPage(teamId, 'individuals');
  const [webhook, locale] = await Promise.all([
    loadTeamChatWebhook(db, context.team.organizationId, context.team.id),
    requestLocale(),
  ]);
  const post = webhook?.lastPost ?? null;
  return (
    <section aria-labelledby="chat-heading" className="max-w-3xl space-y-6">
      <div className="space-y-1">
        <h2 id="chat-heading" className="text-lg font-semibold">
          Weekly digest in a chat channel
        </h2>
        <p className="text-sm text-slate-600">
          Each week the team’s managers get a digest by mail (completion, ratings to review, new gaps) — only when there
          is something to say. Add a Slack or Microsoft Teams channel and the same digest is posted there too, once a
          week. Managers choose their own mail on{' '}
          <Link href="/me/notifications" className="text-brand-700 underline underline-offset-2">
            their notification settings
          </Link>
          .
        </p>
      </div>

      {webhook ? (
        <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
          <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
            <dt className="font-medium text-slate-700">Channel</dt>
            <dd>{CHAT_PROVIDER_LABELS[webhook.provider]}</dd>
            <dt className="font-medium text-slate-700">Webhook URL</dt>
            <dd className="font-mono break-all">{webhook.maskedUrl}</dd>
            <dt className="font-medium text-slate-700">Set</dt>
            <dd>
              {formatDateTime(webhook.updatedAt, locale)}
              {webhook.updatedBy ? ` by ${webhook.updatedBy}` : ''}
            </dd>
            <dt className="font-medium text-slate-700">Last digest</dt>
            <dd>
              {post ? (
                <>
                  {POST_STATES[post.state ?? ''] ?? 'Being posted'}
                  {post.postedAt ? `, ${formatDateTime(post.postedAt, locale)}` : ''}
                  {` (week ${post.periodKey.split(':')[1] ?? ''}, ${post.attempts} ${post.attempts === 1 ? 'try' : 'tries'})`}
                  {post.detail && post.state !== 'posted' ? (
                    <span className="block text-slate-600">{post.detail}</span>
                  ) : null}
                </>
              ) : (
                'None yet — the first one goes out with the next weekly digest.'
              )}
            </dd>
          </dl>
          <ActionButtonForm
            action={removeTeamChatWebhookAction}
            fields={{ teamId: context.team.id }}
            label="Remove the channel"
            pendingLabel="Removing…"
            variant="danger"
            confirm={{
              question: `Stop posting the digest to this ${CHAT_PROVIDER_LABELS[webhook.provider]} channel?`,
              confirmLabel: 'Yes, remove',
            }}
          />
        </div>
      ) : (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600">
          No chat channel yet: the digest goes to the managers’ mail only.
        </p>
      )}

      <div className="space-y-2">
        <h3 className="font-semibold">{webhook ? 'Replace the channel' : 'Add a channel'}</h3>
        <p className="text-sm text-slate-600">
          Paste the channel’s incoming webhook URL (https). It is checked before it is saved, stored encrypted, and
          never shown again in full.
        </p>
        <ChatWebhookForm teamId={context.team.id} provider={webhook?.provider ?? null} />
      </div>
    </section>
  );
}
