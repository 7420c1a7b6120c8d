import type { Metadata } from 'next';
import { loadTeamCompletion, notDone, reminderList, summarizeCompletion } from '@/lib/insight/completion';
import { completionBreakdown } from '@/lib/assessments/completion-rule';
import { requireTeamPage } from '@/lib/teams/team-page';
import { CompletionCopyButton } from '@/components/team/completion-copy-button';
import { DataTable } from '@/components/ui/table';
import { WhoOpensCycles } from '@/components/home/who-opens-cycles';
import { ProgressBar } from '@/components/ui/progress-bar';
import { formatDate } from '@/lib/format/date';
import { dueStatus } from '@/lib/cycles/due';
import { requestLocale } from '@/lib/format/request-locale';

export const metadata: Metadata = { title: 'Team completion' };

export default async function TeamCompletionPage({ params }: { params: Promise<{ teamId: string }> }) {
  const { teamId } = await params;
  const { db, context, scope } = await requireTeamPage(teamId, 'individuals');
  const locale = await requestLocale();
  if (!scope || !context.cycle) {
    return (
      <div className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center">
        <h2 className="text-lg font-semibold">No assessment cycle yet</h2>
        <p className="mt-2 text-slate-600">
          Completion appears once a cycle is open. <WhoOpensCycles />
        </p>
      </div>
    );
  }
  const rows = await loadTeamCompletion(db, scope);
  const reminder = reminderList(rows);
  const behind = notDone(rows).length;
  // The figures the /teams list and the manager's home show for this team, from the same rows.
  const summary = summarizeCompletion(rows);
  const due = dueStatus(context.cycle.dueOn);

  return (
    <section aria-labelledby="completion-heading" className="space-y-4">
      <div>
        <h2 id="completion-heading" className="text-lg font-semibold">
          Completion of {context.cycle.name}
        </h2>
        <p className="text-sm text-slate-600">
          Self ratings per member, least complete first. Done counts the skills rated in this cycle and those carried
          over from the last cycle that the member confirmed; the ones still to confirm are not done. {behind} of{' '}
          {rows.length} members not finished. Stale counts ratings, done or not, nobody changed or confirmed for longer
          than the organization’s stale period.
        </p>
        {due && context.cycle.status === 'open' ? (
          <p className={`text-sm ${due.overdue ? 'font-semibold text-red-800' : 'text-slate-700'}`}>
            Due {formatDate(context.cycle.dueOn ?? '', locale)} — {due.label}
            {due.overdue && behind > 0
              ? `: ${behind} ${behind === 1 ? 'member is' : 'members are'} overdue and get a notice by mail.`
              : behind > 0
                ? '. Members not done get mail reminders before the date.'
                : '.'}
          </p>
        ) : null}
      </div>
      {rows.length > 0 ? (
        <p className="text-sm tabular-nums" data-testid="team-completion-summary">
          <span className="font-semibold">
            Members finished: {summary.membersDone} of {summary.members} members
          </span>
          <span className="block text-slate-700 sm:inline">
            <span className="hidden sm:inline"> · </span>
            {`Ratings: ${summary.ratingsPercent}% done (${completionBreakdown(summary.ratings)})`}
          </span>
        </p>
      ) : null}
      <CompletionCopyButton text={reminder} count={behind} />
      {rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
          This team has no active members yet.
        </p>
      ) : (
        <DataTable label="Completion per member" className="min-w-[44rem]">
          <thead>
            <tr>
              <th scope="col" className="px-3 py-2">
                Member
              </th>
              <th scope="col" className="px-3 py-2">
                Done this cycle
              </th>
              <th scope="col" className="px-3 py-2 text-right">
                Rated
              </th>
              <th scope="col" className="px-3 py-2 text-right">
                Confirmed
              </th>
              <th scope="col" className="px-3 py-2 text-right">
                To confirm
              </th>
              <th scope="col" className="px-3 py-2 text-right">
                Stale
              </th>
              <th scope="col" className="px-3 py-2">
                Last activity
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const percent = row.percent;
              return (
                <tr key={row.membershipId}>
                  <th scope="row" className="px-3 py-2 text-left font-medium">
                    {row.name}
                    <span className="block text-xs font-normal text-slate-600">{row.email}</span>
                  </th>
                  <td className="px-3 py-2">
                    <div className="flex items-center gap-2">
                      <ProgressBar
                        value={row.done}
                        max={row.total}
                        className="w-40"
                        label={`${row.name}: ${percent} % done`}
                        valueText={`${row.done} of ${row.total} skills done`}
                      />
                      <span className="tabular-nums" data-testid="member-done">
                        {row.done} / {row.total}
                      </span>
                    </div>
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{row.rated}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{row.confirmed}</td>
                  <td className="px-3 py-2 text-right tabular-nums" data-testid="member-to-confirm">
                    {row.toConfirm}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums" data-testid="member-stale">
                    {row.stale}
                  </td>
                  <td className="px-3 py-2">{row.lastActivity ? formatDate(row.lastActivity, locale) : 'Never'}</td>
                </tr>
              );
            })}
          </tbody>
        </DataTable>
      )}
      {reminder ? (
        <details className="text-sm">
          <summary className="cursor-pointer text-slate-700">Show the reminder list</summary>
          <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-3">{reminder}</pre>
        </details>
      ) : null}
    </section>
  );
}
