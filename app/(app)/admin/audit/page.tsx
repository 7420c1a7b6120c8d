import type { Metadata } from 'next';
import { requestLocale } from '@/lib/format/request-locale';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import { AuditFiltersForm } from '@/components/audit/audit-filters-form';
import { AuditTable } from '@/components/audit/audit-table';
import { AuditPager } from '@/components/audit/audit-pager';
import { hasRole } from '@/lib/auth/authorize';
import { requireSession } from '@/lib/auth/session';
import Link from 'next/link';
import { AUDIT_KINDS, AUDIT_KIND_LABELS, filterParams, parseAuditFilters } from '@/lib/audit/audit-filters';
import { resolveAuditNames } from '@/lib/audit/audit-names';
import { listAuditActions, listAuditEntries } from '@/lib/audit/list-audit';

export const metadata: Metadata = { title: 'Audit log' };

export default async function AuditLogPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const context = await requireSession();
  // Admins only; everyone else gets the same 404 as for a page that does not exist.
  if (!hasRole(context, 'admin')) notFound();
  const organizationId = context.organization.id;
  const { filters, ignored } = parseAuditFilters(await searchParams);
  const db = await getDb();
  const [page, actions] = await Promise.all([
    listAuditEntries(db, context, organizationId, filters),
    listAuditActions(db, context, organizationId),
  ]);
  const names = await resolveAuditNames(db, organizationId, page.rows);
  const filtered = Boolean(filters.action || filters.actor || filters.from || filters.to);
  const kind = filters.action ? null : (filters.kind ?? 'changes');
  const kindHref = (value: (typeof AUDIT_KINDS)[number]) => {
    const params = filterParams({ ...filters, action: undefined, kind: value });
    const query = params.toString();
    return query ? `/admin/audit?${query}` : '/admin/audit';
  };
  const csvQuery = filterParams(filters);
  if (filters.kind) csvQuery.set('kind', filters.kind);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Audit log</h1>
        <p className="text-slate-600">Who did what in {context.organization.name}, newest first. Times are UTC.</p>
      </div>

      <nav aria-label="Kinds of entries" className="flex flex-wrap items-center justify-between gap-3">
        <ul className="flex gap-1 text-sm">
          {AUDIT_KINDS.map((value) => (
            <li key={value}>
              <Link
                href={kindHref(value)}
                aria-current={kind === value ? 'page' : undefined}
                className="inline-block rounded-full border border-slate-300 px-3 py-1 hover:bg-slate-100 aria-[current=page]:border-brand-600 aria-[current=page]:bg-brand-50 aria-[current=page]:font-semibold"
              >
                {AUDIT_KIND_LABELS[value]}
              </Link>
            </li>
          ))}
        </ul>
        <a
          href={`/api/admin/audit.csv?${csvQuery.toString()}`}
          className="text-sm font-medium text-brand-700 underline underline-offset-2"
          download
        >
          Download CSV (these filters, every page)
        </a>
      </nav>

      <AuditFiltersForm actions={actions} filters={filters} />

      {ignored.length > 0 ? (
        <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Ignored an invalid {ignored.join(', ')} in the address; showing the log without{' '}
          {ignored.length > 1 ? 'them' : 'it'}.
        </p>
      ) : null}

      {page.rows.length === 0 ? (
        <p className="rounded-xl border border-slate-200 bg-white p-6 text-slate-600">
          {filtered ? 'No entries match these filters.' : 'Nothing has been recorded yet.'}
        </p>
      ) : (
        <>
          <AuditTable rows={page.rows} now={new Date()} names={names} locale={await requestLocale()} />
          <AuditPager filters={filters} olderCursor={page.olderCursor} newerCursor={page.newerCursor} />
        </>
      )}
    </div>
  );
}
