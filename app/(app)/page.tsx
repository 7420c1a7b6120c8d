import type { Metadata } from 'next';
import Link from 'next/link';
import { FirstRunChecklist } from '@/components/home/first-run-checklist';
import { ManagedTeams } from '@/components/home/managed-teams';
import { ProgressBar } from '@/components/ui/progress-bar';
import { formatDate, formatDateRange } from '@/lib/format/date';
import { requestLocale } from '@/lib/format/request-locale';
import { getDb } from '@/db';
import { completionBreakdown, percentDone } from '@/lib/assessments/completion-rule';
import { hasRole } from '@/lib/auth/authorize';
import { requireSession } from '@/lib/auth/session';
import { loadManagedTeams } from '@/lib/dashboard/managed-teams';
import { loadHomeSummary } from '@/lib/dashboard/home-summary';

export const metadata: Metadata = { title: 'Home' };

export default async function HomePage() {
  const context = await requireSession();
  const db = await getDb();
  const summary = await loadHomeSummary(db, context.organization.id, context.membership.id);
  // Managers (and admins listed as a team's manager) see their teams first: what waits for them.
  const managedTeams = hasRole(context, 'manager') ? await loadManagedTeams(db, context) : [];
  const locale = await requestLocale();
  const { framework, openCycles, scheduled } = summary;
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Welcome, {context.user.name}</h1>
        <p className="text-slate-600">{context.organization.name}</p>
      </div>

      <FirstRunChecklist context={context} />

      <ManagedTeams teams={managedTeams} />

      <section aria-labelledby="framework-heading" className="rounded-xl border border-slate-200 bg-white p-6">
        <h2 id="framework-heading" className="text-lg font-semibold">
          Skills framework
        </h2>
        {framework ? (
          <>
            <p className="mt-1 text-slate-600">
              {framework.name} <span className="text-slate-500">· version {framework.version}</span>
            </p>
            <dl className="mt-4 grid grid-cols-3 gap-4">
              {[
                ['Areas', framework.areas],
                ['Sections', framework.sections],
                ['Skills', framework.skills],
              ].map(([label, value]) => (
                <div key={label} className="rounded-lg bg-slate-50 p-4">
                  <dt className="text-sm text-slate-600">{label}</dt>
                  <dd className="text-3xl font-semibold tabular-nums">{value}</dd>
                </div>
              ))}
            </dl>
          </>
        ) : (
          <p className="mt-2 text-slate-600">No framework has been imported into this organization yet.</p>
        )}
      </section>

      <section aria-labelledby="cycle-heading" className="rounded-xl border border-slate-200 bg-white p-6">
        <h2 id="cycle-heading" className="text-lg font-semibold">
          Current assessment cycle
        </h2>
        {openCycles.length === 0 ? (
          <p className="mt-2 text-slate-600">No assessment cycle is open right now.</p>
        ) : (
          <>
            {openCycles.length > 1 ? (
              <p className="mt-1 text-sm text-slate-700">
                {openCycles.length} cycles are open for you: rate each one. Your assessment opens on the first.
              </p>
            ) : null}
            <ul className="mt-3 space-y-4">
              {openCycles.map((cycle, index) => {
                const percent = percentDone(cycle.completion);
                const href = index === 0 ? '/assess' : `/assess?cycle=${cycle.id}`;
                return (
                  <li key={cycle.id} className="space-y-1" data-testid="open-cycle">
                    <p>
                      <span className="font-medium">{cycle.name}</span>{' '}
                      <span className="text-slate-600">
                        · {cycle.teamName ? `team ${cycle.teamName}` : 'whole organization'} · open (
                        {formatDateRange(cycle.opensOn, cycle.closesOn, locale)})
                      </span>
                      {index === 0 && openCycles.length > 1 ? (
                        <span className="ml-2 rounded bg-brand-100 px-1.5 py-0.5 text-xs font-medium text-brand-900">
                          You are rating this one
                        </span>
                      ) : null}
                    </p>
                    <p className="text-sm text-slate-700">
                      You have done {cycle.completion.done} of {cycle.completion.total} skills ({percent}%:{' '}
                      <span data-testid="home-completion-breakdown">{completionBreakdown(cycle.completion)}</span>)
                      {cycle.completion.toConfirm > 0
                        ? `; the ${cycle.completion.toConfirm} carried over from last cycle count once you confirm or change them`
                        : ''}
                      .{' '}
                      <Link href={href} className="font-medium text-brand-700 underline">
                        {index === 0 ? 'Continue your assessment' : `Rate ${cycle.name}`}
                      </Link>
                    </p>
                    <ProgressBar
                      max={cycle.completion.total}
                      value={cycle.completion.done}
                      label={`Your progress in ${cycle.name}`}
                      valueText={`${cycle.completion.done} of ${cycle.completion.total} skills done`}
                    />
                  </li>
                );
              })}
            </ul>
          </>
        )}
        {scheduled.length > 0 ? (
          <p className="mt-4 text-sm text-slate-600">
            Scheduled:{' '}
            {scheduled
              .map(
                (cycle) =>
                  `${cycle.name}${cycle.teamName ? ` (team ${cycle.teamName})` : ''} opens on ${formatDate(cycle.opensOn, locale)}`,
              )
              .join('; ')}
            .
          </p>
        ) : null}
      </section>
    </div>
  );
}
