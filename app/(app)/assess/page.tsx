import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { AssessmentView } from '@/components/assess/assessment-view';
import { forTheBrowser } from '@/components/assess/page-data';
import { getDb } from '@/db';
import { requireRole } from '@/lib/auth/authorize';
import { requireSession } from '@/lib/auth/session';
import { listMemberCycles, loadAssessment, resolveAssessmentCycle } from '@/lib/assessments/queries';
import { CYCLE_STATE_LABELS, cycleState, todayIso } from '@/lib/cycles/state';
import { dueStatus } from '@/lib/cycles/due';
import { WhoOpensCycles } from '@/components/home/who-opens-cycles';
import { formatDate, formatDateRange } from '@/lib/format/date';
import { requestLocale } from '@/lib/format/request-locale';

export const metadata: Metadata = { title: 'Assess' };

const searchSchema = z.object({
  section: z.string().trim().max(200).optional().catch(undefined),
  cycle: z.uuid().optional().catch(undefined),
});

export default async function AssessPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const context = await requireSession();
  requireRole(context, 'member');
  const raw = await searchParams;
  const search = searchSchema.parse({
    section: typeof raw.section === 'string' ? raw.section : undefined,
    cycle: typeof raw.cycle === 'string' ? raw.cycle : undefined,
  });
  const db = await getDb();
  const organizationId = context.organization.id;
  const cycle = await resolveAssessmentCycle(db, organizationId, context.membership.id, search.cycle ?? null);
  if (search.cycle && !cycle) notFound();

  if (!cycle) {
    return (
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold">Self-assessment</h1>
        <p className="text-slate-600">
          No assessment cycle is open for you right now. <WhoOpensCycles />
        </p>
        <Link href="/" className="text-brand-700 underline">
          Back home
        </Link>
      </div>
    );
  }

  const [data, cycles] = await Promise.all([
    loadAssessment(db, organizationId, context.membership.id, cycle),
    listMemberCycles(db, organizationId, context.membership.id),
  ]);
  const today = todayIso();
  const state = cycleState(cycle, today);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Self-assessment: {cycle.name}</h1>
          <p className="text-sm text-slate-600">
            {data.frameworkName} · {formatDateRange(cycle.opensOn, cycle.closesOn, await requestLocale())}
            {state === 'closed'
              ? ' · closed — read-only'
              : state === 'scheduled'
                ? ` · scheduled — opens on ${formatDate(cycle.opensOn, await requestLocale())}`
                : ' · every change is saved as you go'}
          </p>
          {state === 'open' && cycle.dueOn ? (
            <p
              className={`text-sm ${dueStatus(cycle.dueOn, today)?.overdue ? 'font-semibold text-red-800' : 'text-slate-700'}`}
            >
              Due {formatDate(cycle.dueOn, await requestLocale())} — {dueStatus(cycle.dueOn, today)?.label}
            </p>
          ) : null}
        </div>
        {cycles.length > 1 ? (
          <nav aria-label="Your cycles" className="text-sm">
            <span className="text-slate-600">Your cycles: </span>
            {cycles.map((candidate, index) => {
              const candidateState = cycleState(candidate, today);
              const current = candidate.id === cycle.id;
              return (
                <span key={candidate.id}>
                  {index > 0 ? ', ' : null}
                  {current ? (
                    <span aria-current="page" className="font-medium">
                      {candidate.name}
                    </span>
                  ) : (
                    <Link
                      href={`/assess?cycle=${candidate.id}`}
                      className="text-brand-700 underline underline-offset-2"
                    >
                      {candidate.name}
                    </Link>
                  )}
                  <span className={candidateState === 'open' ? 'text-green-800' : 'text-slate-600'}>
                    {' '}
                    ({CYCLE_STATE_LABELS[candidateState]}
                    {current ? ', shown' : ''})
                  </span>
                </span>
              );
            })}
          </nav>
        ) : null}
      </div>
      <AssessmentView key={cycle.id} {...forTheBrowser(data)} initialSectionKey={search.section ?? null} />
    </div>
  );
}
