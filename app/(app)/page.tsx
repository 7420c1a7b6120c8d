import type { Metadata } from 'next';
import Link from 'next/link';
import { FirstRunChecklist } from '@/components/home/first-run-checklist';
import { ManagedTeams } from '@/components/home/managed-teams';
import { ProgressBar } from '@/components/ui/progress-bar';
import { formatDateRange } from '@/lib/format/date';
import { requestLocale } from '@/lib/format/request-locale';
import { getDb } from '@/db';
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
  const { framework, cycle } = summary;
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
        {cycle ? (
          <div className="mt-2 space-y-3">
            <p>
              <span className="font-medium">{cycle.name}</span>{' '}
              <span className="text-slate-600">({formatDateRange(cycle.opensOn, cycle.closesOn, locale)})</span>
            </p>
            {framework ? (
              <div>
                <p className="text-sm text-slate-700">
                  You have rated {cycle.rated} of {framework.skills} skills
                  {cycle.carriedOver > 0
                    ? `; ${cycle.carriedOver} carried over from last cycle wait for your review`
                    : ''}
                  .{' '}
                  <Link href="/assess" className="font-medium text-brand-700 underline">
                    Continue your assessment
                  </Link>
                </p>
                <ProgressBar
                  className="mt-1"
                  max={framework.skills}
                  value={cycle.rated}
                  label="Your assessment progress"
                  valueText={`${cycle.rated} of ${framework.skills} skills rated`}
                />
              </div>
            ) : null}
          </div>
        ) : (
          <p className="mt-2 text-slate-600">No assessment cycle is open right now.</p>
        )}
      </section>
    </div>
  );
}
