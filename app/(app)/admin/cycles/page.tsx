import type { Metadata } from 'next';
import { AutoApplyForm } from '@/components/ui/auto-apply-form';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { CloseCycleButton } from '@/components/cycles/close-cycle-button';
import { ReopenCycleButton } from '@/components/cycles/reopen-cycle-button';
import { OpenCycleForm } from '@/components/cycles/open-cycle-form';
import { getDb } from '@/db';
import { hasRole } from '@/lib/auth/authorize';
import { CYCLE_STATE_LABELS, cycleState, todayIso } from '@/lib/cycles/state';
import { requireSession } from '@/lib/auth/session';
import { CYCLES_PAGE_SIZE, listCycles, loadCycleFormOptions } from '@/lib/cycles/queries';
import { DataTable } from '@/components/ui/table';
import { formatDate, formatDateRange } from '@/lib/format/date';
import { dueStatus } from '@/lib/cycles/due';
import { requestLocale } from '@/lib/format/request-locale';

export const metadata: Metadata = { title: 'Assessment cycles' };

const searchSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});

export default async function CyclesAdminPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const locale = await requestLocale();
  const context = await requireSession();
  // Not even the page's existence is shown to non-admins.
  if (!hasRole(context, 'admin')) notFound();
  const raw = await searchParams;
  const search = searchSchema.parse({
    q: typeof raw.q === 'string' ? raw.q : undefined,
    page: typeof raw.page === 'string' ? raw.page : undefined,
  });
  const page = search.page ?? 1;
  const db = await getDb();
  const organizationId = context.organization.id;
  const [{ items, total }, options] = await Promise.all([
    listCycles(db, organizationId, { search: search.q, page }),
    loadCycleFormOptions(db, organizationId),
  ]);
  const today = todayIso();
  const pages = Math.max(1, Math.ceil(total / CYCLES_PAGE_SIZE));
  const pageHref = (target: number) => {
    const params = new URLSearchParams();
    if (search.q) params.set('q', search.q);
    params.set('page', String(target));
    return `?${params.toString()}`;
  };

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Assessment cycles</h1>
        <p className="text-slate-600">
          Open a cycle to start a round of self-assessments; close it to freeze it as a snapshot.
        </p>
      </div>

      <section aria-labelledby="open-heading" className="rounded-xl border border-slate-200 bg-white p-6">
        <h2 id="open-heading" className="mb-4 text-lg font-semibold">
          Open a new cycle
        </h2>
        <OpenCycleForm frameworks={options.frameworks} teams={options.teams} openCycles={options.openCycles} />
      </section>

      <section aria-labelledby="list-heading" className="space-y-3">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h2 id="list-heading" className="text-lg font-semibold">
            All cycles <span className="text-sm font-normal text-slate-500">({total})</span>
          </h2>
          <AutoApplyForm
            values={{ q: search.q }}
            submitLabel="Search"
            role="search"
            className="flex items-center gap-2"
          >
            <label htmlFor="cycle-search" className="sr-only">
              Search cycles
            </label>
            <input
              id="cycle-search"
              name="q"
              type="search"
              defaultValue={search.q}
              maxLength={100}
              placeholder="Search by name"
              className="rounded-md border border-slate-300 px-3 py-1.5 text-sm"
            />
          </AutoApplyForm>
        </div>
        {items.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-slate-600">
            {search.q ? 'No cycle matches that name.' : 'No cycles yet: open the first one above.'}
          </p>
        ) : (
          <DataTable label="Assessment cycles" className="min-w-[44rem]">
            <thead>
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  Name
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  For
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Framework
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Dates
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Status
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((cycle) => (
                <tr key={cycle.id}>
                  <th scope="row" className="px-4 py-2 font-medium">
                    {cycle.name}
                  </th>
                  <td className="px-4 py-2">{cycle.teamName ? `Team ${cycle.teamName}` : 'Organization'}</td>
                  <td className="px-4 py-2">{cycle.frameworkName}</td>
                  <td className="px-4 py-2 tabular-nums">
                    {formatDateRange(cycle.opensOn, cycle.closesOn, locale)}
                    {cycle.dueOn && cycle.status === 'open' ? (
                      <span
                        className={`block text-xs ${dueStatus(cycle.dueOn, today)?.overdue ? 'font-semibold text-red-800' : 'text-slate-600'}`}
                      >
                        Due {formatDate(cycle.dueOn, locale)} · {dueStatus(cycle.dueOn, today)?.label}
                      </span>
                    ) : null}
                  </td>
                  <td className="px-4 py-2">
                    <span
                      className={
                        cycleState(cycle, today) === 'open'
                          ? 'rounded bg-green-100 px-2 py-0.5 text-green-900'
                          : cycleState(cycle, today) === 'scheduled'
                            ? 'rounded bg-amber-100 px-2 py-0.5 text-amber-900'
                            : 'rounded bg-slate-100 px-2 py-0.5 text-slate-700'
                      }
                    >
                      {CYCLE_STATE_LABELS[cycleState(cycle, today)]}
                    </span>
                  </td>
                  <td className="px-4 py-2">
                    {cycle.status === 'open' ? (
                      <CloseCycleButton cycleId={cycle.id} name={cycle.name} />
                    ) : (
                      <ReopenCycleButton cycleId={cycle.id} name={cycle.name} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}
        {pages > 1 ? (
          <nav aria-label="Pages" className="flex items-center gap-3 text-sm">
            {page > 1 ? <Link href={pageHref(page - 1)}>← Previous</Link> : null}
            <span>
              Page {page} of {pages}
            </span>
            {page < pages ? <Link href={pageHref(page + 1)}>Next →</Link> : null}
          </nav>
        ) : null}
      </section>
    </div>
  );
}
