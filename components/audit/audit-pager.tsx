import Link from 'next/link';
import { filterParams, type AuditFilters } from '@/lib/audit/audit-filters';

function href(filters: AuditFilters, cursor: Record<string, string>): string {
  const params = filterParams(filters);
  for (const [key, value] of Object.entries(cursor)) params.set(key, value);
  const query = params.toString();
  return query ? `/admin/audit?${query}` : '/admin/audit';
}

const linkClass = 'rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100';

export function AuditPager({
  filters,
  olderCursor,
  newerCursor,
}: {
  filters: AuditFilters;
  olderCursor: string | null;
  newerCursor: string | null;
}) {
  if (!olderCursor && !newerCursor) return null;
  return (
    <nav aria-label="Audit log pages" className="flex flex-wrap items-center justify-between gap-2">
      <div className="flex gap-2">
        {newerCursor ? (
          <>
            <Link href={href(filters, {})} className={linkClass}>
              Newest
            </Link>
            <Link href={href(filters, { after: newerCursor })} className={linkClass} rel="prev">
              ← Newer
            </Link>
          </>
        ) : null}
      </div>
      {olderCursor ? (
        <Link href={href(filters, { before: olderCursor })} className={linkClass} rel="next">
          Older →
        </Link>
      ) : null}
    </nav>
  );
}
