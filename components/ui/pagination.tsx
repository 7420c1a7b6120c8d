import Link from 'next/link';

interface PaginationProps {
  /** The list's path, e.g. `/admin/members`. */
  basePath: string;
  /** The other query parameters to keep (filters, search); empty values are dropped. */
  params?: Record<string, string | undefined>;
  page: number;
  pageSize: number;
  total: number;
  /** What is counted, e.g. "members". */
  noun: string;
}

function hrefFor(basePath: string, params: Record<string, string | undefined>, page: number): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  if (page > 1) search.set('page', String(page));
  const query = search.toString();
  return query ? `${basePath}?${query}` : basePath;
}

/** Previous/next links with "x–y of total"; plain links so that every page has a URL and works without JavaScript. */
export function Pagination({ basePath, params = {}, page, pageSize, total, noun }: PaginationProps) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : Math.min((page - 1) * pageSize + 1, total);
  const last = Math.min(page * pageSize, total);
  const linkClass = 'rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100';
  const disabledClass = 'rounded-md border border-slate-200 px-3 py-1.5 text-sm text-slate-400';
  return (
    <nav aria-label={`${noun} pages`} className="flex flex-wrap items-center justify-between gap-3 text-sm">
      <p className="text-slate-600" aria-live="polite">
        {total === 0 ? `No ${noun}` : `${first}–${last} of ${total} ${noun}`}
        {pages > 1 ? ` · page ${Math.min(page, pages)} of ${pages}` : null}
      </p>
      {pages > 1 ? (
        <div className="flex gap-2">
          {page > 1 ? (
            <Link href={hrefFor(basePath, params, Math.min(page - 1, pages))} className={linkClass} rel="prev">
              Previous
            </Link>
          ) : (
            <span className={disabledClass} aria-disabled="true">
              Previous
            </span>
          )}
          {page < pages ? (
            <Link href={hrefFor(basePath, params, page + 1)} className={linkClass} rel="next">
              Next
            </Link>
          ) : (
            <span className={disabledClass} aria-disabled="true">
              Next
            </span>
          )}
        </div>
      ) : null}
    </nav>
  );
}
