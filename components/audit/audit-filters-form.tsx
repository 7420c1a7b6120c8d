import Link from 'next/link';
import type { AuditFilters } from '@/lib/audit/audit-filters';
import { AutoApplyForm } from '@/components/ui/auto-apply-form';

const inputClass = 'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm';

/** Filters live in the URL (shared links, back/forward) and apply as they change; a plain GET form without JavaScript. */
export function AuditFiltersForm({ actions, filters }: { actions: string[]; filters: AuditFilters }) {
  return (
    <AutoApplyForm
      values={{ kind: filters.kind, action: filters.action, actor: filters.actor, from: filters.from, to: filters.to }}
      defaults={{ kind: 'changes' }}
      // The keyset cursors point into the old result.
      resetKeys={['before', 'after']}
      submitLabel="Filter"
      role="search"
      aria-label="Filter the audit log"
      className="grid gap-4 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-5 lg:items-end"
    >
      {/* The kind (changes, sign-ins, everything) is chosen above the form; filtering keeps it. */}
      {filters.kind && filters.kind !== 'changes' ? <input type="hidden" name="kind" value={filters.kind} /> : null}
      <div className="space-y-1">
        <label htmlFor="audit-action" className="block text-sm font-medium text-slate-800">
          Action
        </label>
        <select id="audit-action" name="action" defaultValue={filters.action ?? ''} className={inputClass}>
          <option value="">All actions</option>
          {actions.map((action) => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1">
        <label htmlFor="audit-actor" className="block text-sm font-medium text-slate-800">
          Actor email or name
        </label>
        <input
          id="audit-actor"
          name="actor"
          type="search"
          maxLength={254}
          defaultValue={filters.actor ?? ''}
          className={inputClass}
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="audit-from" className="block text-sm font-medium text-slate-800">
          From (UTC)
        </label>
        <input id="audit-from" name="from" type="date" defaultValue={filters.from ?? ''} className={inputClass} />
      </div>
      <div className="space-y-1">
        <label htmlFor="audit-to" className="block text-sm font-medium text-slate-800">
          To (UTC, inclusive)
        </label>
        <input id="audit-to" name="to" type="date" defaultValue={filters.to ?? ''} className={inputClass} />
      </div>
      <div className="flex gap-2">
        <Link
          href="/admin/audit"
          className="inline-flex items-center justify-center rounded-md border border-slate-300 px-4 py-2 text-sm text-slate-900 hover:bg-slate-100"
        >
          Reset
        </Link>
      </div>
    </AutoApplyForm>
  );
}
