import type { Metadata } from 'next';
import Link from 'next/link';
import { ActionButtonForm } from '@/components/admin/action-button-form';
import { ReminderDaysForm } from '@/components/notifications/reminder-days-form';
import { DataTable } from '@/components/ui/table';
import { getDb } from '@/db';
import { formatDateTime } from '@/lib/format/date';
import { requestLocale } from '@/lib/format/request-locale';
import { FAILED_JOBS_SHOWN, listJobProblems } from '@/lib/jobs/failed';
import { requireAdminPage } from '@/lib/members/admin-page';
import { retryJobAction, updateReminderDaysAction } from '@/lib/notifications/actions';
import { notificationCounts, reminderDaysOf } from '@/lib/notifications/admin-summary';
import { isNotificationKind, NOTIFICATION_LABELS } from '@/lib/notifications/kinds';

export const metadata: Metadata = { title: 'Notifications' };

const STATES = ['sent', 'skipped', 'failed', 'sending', 'pending'] as const;

function describeJob(name: string, data: Record<string, unknown>): string {
  const kind =
    typeof data.kind === 'string' && isNotificationKind(data.kind) ? NOTIFICATION_LABELS[data.kind].label : null;
  if (name === 'notify.send') return kind ? `Mail: ${kind}` : 'Mail';
  if (name === 'notify.scan') return 'Finding who is due a message';
  if (name === 'invitation.send') return 'Mail: invitation';
  if (name === 'member.welcome') return 'Mail: welcome to a member added by the API or SCIM';
  // The team is named on its settings page, where the channel's last failure shows too.
  if (name === 'notify.chat') return 'Weekly digest to a team’s Slack or Teams channel';
  return name;
}

export default async function NotificationsAdminPage() {
  const context = await requireAdminPage();
  const db = await getDb();
  const locale = await requestLocale();
  const [days, counts, problems] = await Promise.all([
    reminderDaysOf(db, context.organization.id),
    notificationCounts(db, context.organization.id),
    listJobProblems(db, context.organization.id),
  ]);
  const kinds = [...new Set(counts.map((row) => row.kind))];
  const count = (kind: string, state: string) => counts.find((row) => row.kind === kind && row.state === state)?.n ?? 0;
  return (
    <div className="space-y-8">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold">Notifications</h1>
        <p className="text-slate-600">What Skillgrid mails your members and managers, when, and whether it arrived.</p>
      </div>
      <section aria-labelledby="reminders-heading" className="max-w-xl space-y-3">
        <h2 id="reminders-heading" className="text-lg font-semibold">
          Reminders
        </h2>
        <p className="text-sm text-slate-600">
          Members who are not done get a reminder this many days before a cycle’s due date (set the due date when you
          open a cycle), and one overdue notice after it. Each person can turn any of these off.
        </p>
        <ReminderDaysForm action={updateReminderDaysAction} current={days} />
      </section>

      <section aria-labelledby="problems-heading" className="space-y-3">
        <h2 id="problems-heading" className="text-lg font-semibold">
          Failed and retrying deliveries
        </h2>
        {problems.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
            Nothing failed: every message went out or is on its way.
          </p>
        ) : (
          <>
            <p className="text-sm text-slate-600">
              A delivery that fails is retried with growing pauses (up to an hour apart, 8 times); one that still fails
              stays here until you retry it. The latest {FAILED_JOBS_SHOWN} are shown.
            </p>
            <DataTable label="Failed and retrying deliveries" className="min-w-[40rem]">
              <thead>
                <tr>
                  <th scope="col" className="px-3 py-2">
                    What
                  </th>
                  <th scope="col" className="px-3 py-2">
                    State
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Last error
                  </th>
                  <th scope="col" className="px-3 py-2">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {problems.map((job) => (
                  <tr key={job.id}>
                    <th scope="row" className="px-3 py-2 font-medium">
                      {describeJob(job.name, job.data)}
                      {job.name === 'notify.chat' && typeof job.data.teamId === 'string' ? (
                        <>
                          {' '}
                          <Link
                            href={`/teams/${job.data.teamId}/settings`}
                            className="text-brand-700 text-sm font-normal underline underline-offset-2"
                          >
                            (the team’s settings)
                          </Link>
                        </>
                      ) : null}
                    </th>
                    <td className="px-3 py-2 text-sm">
                      {job.state === 'failed'
                        ? `Failed after ${job.retryCount + 1} attempts, ${formatDateTime(job.at, locale)}`
                        : `Retrying (attempt ${job.retryCount + 1} of ${job.retryLimit + 1}) at ${formatDateTime(job.at, locale)}`}
                    </td>
                    <td className="max-w-xs break-words px-3 py-2 text-sm text-slate-700">{job.error ?? '—'}</td>
                    <td className="px-3 py-2">
                      {job.state === 'failed' ? (
                        <ActionButtonForm
                          action={retryJobAction}
                          fields={{ jobId: job.id }}
                          label="Retry"
                          pendingLabel="Queuing…"
                          ariaLabel={`Retry: ${describeJob(job.name, job.data)}`}
                        />
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </DataTable>
          </>
        )}
      </section>

      <section aria-labelledby="sent-heading" className="space-y-3">
        <h2 id="sent-heading" className="text-lg font-semibold">
          Messages in the last 30 days
        </h2>
        {kinds.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
            No messages yet. They start when a cycle opens.
          </p>
        ) : (
          <DataTable label="Messages in the last 30 days" className="min-w-[36rem]">
            <thead>
              <tr>
                <th scope="col" className="px-3 py-2">
                  Message
                </th>
                {STATES.map((state) => (
                  <th key={state} scope="col" className="px-3 py-2 text-right">
                    {state}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {kinds.map((kind) => (
                <tr key={kind}>
                  <th scope="row" className="px-3 py-2 font-medium">
                    {isNotificationKind(kind) ? NOTIFICATION_LABELS[kind].label : kind}
                  </th>
                  {STATES.map((state) => (
                    <td key={state} className="px-3 py-2 text-right tabular-nums">
                      {count(kind, state)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}
      </section>
    </div>
  );
}
