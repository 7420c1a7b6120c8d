import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { AssessmentView } from '@/components/assess/assessment-view';
import { getDb } from '@/db';
import { requireRole } from '@/lib/auth/authorize';
import { requireSession } from '@/lib/auth/session';
import { listMemberCycles, loadAssessment, resolveAssessmentCycle } from '@/lib/assessments/queries';
import { WhoOpensCycles } from '@/components/home/who-opens-cycles';
import { formatDateRange } from '@/lib/format/date';
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
  const others = cycles.filter((candidate) => candidate.id !== cycle.id);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Self-assessment: {cycle.name}</h1>
          <p className="text-sm text-slate-600">
            {data.frameworkName} · {formatDateRange(cycle.opensOn, cycle.closesOn, await requestLocale())}
            {cycle.status === 'closed' ? ' · closed — read-only' : ' · every change is saved as you go'}
          </p>
        </div>
        {others.length > 0 ? (
          <nav aria-label="Other cycles" className="text-sm">
            <span className="text-slate-600">Other cycles: </span>
            {others.map((other, index) => (
              <span key={other.id}>
                {index > 0 ? ', ' : null}
                <Link href={`/assess?cycle=${other.id}`} className="text-brand-700 underline underline-offset-2">
                  {other.name}
                </Link>
                {other.status === 'closed' ? <span className="text-slate-500"> (closed)</span> : null}
              </span>
            ))}
          </nav>
        ) : null}
      </div>
      <AssessmentView key={cycle.id} data={data} initialSectionKey={search.section ?? null} />
    </div>
  );
}
