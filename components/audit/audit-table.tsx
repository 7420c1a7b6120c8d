import type { AuditRow } from '@/lib/audit/list-audit';
import { describeTarget, namedDetails } from '@/lib/audit/audit-names';
import { describeRelative, summariseDetails } from '@/lib/audit/format-audit';
import { DataTable } from '@/components/ui/table';
import { formatDateTime } from '@/lib/format/date';

/** `names` turns the ids of targets and details into people's, teams' and other things' names. */
export function AuditTable({
  rows,
  now,
  names,
  locale,
}: {
  rows: AuditRow[];
  now: Date;
  names: ReadonlyMap<string, string>;
  /** The reader's locale (lib/format/request-locale.ts): dates as on every other page. */
  locale?: string;
}) {
  return (
    <DataTable label="Audit log entries, newest first" className="min-w-[40rem]">
      <thead>
        <tr>
          <th scope="col" className="px-4 py-2 font-medium">
            When
          </th>
          <th scope="col" className="px-4 py-2 font-medium">
            Who
          </th>
          <th scope="col" className="px-4 py-2 font-medium">
            What
          </th>
          <th scope="col" className="px-4 py-2 font-medium">
            IP
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const iso = row.createdAt.toISOString();
          const details = summariseDetails(namedDetails(row.details, names));
          const target = describeTarget(row, names);
          return (
            <tr key={row.id}>
              <td className="whitespace-nowrap px-4 py-2">
                <time dateTime={iso} title={iso}>
                  {describeRelative(row.createdAt, now, locale)}
                </time>
                <div className="text-xs text-slate-500 tabular-nums">{formatDateTime(row.createdAt, locale)}</div>
              </td>
              <td className="px-4 py-2">
                {row.actorUserId ? (
                  <>
                    <div>{row.actorName ?? 'Unknown user'}</div>
                    <div className="text-xs text-slate-500 break-all">{row.actorEmail}</div>
                  </>
                ) : (
                  <span className="text-slate-500">System or anonymous</span>
                )}
              </td>
              <td className="px-4 py-2">
                <div className="font-mono text-xs font-medium text-slate-900">{row.action}</div>
                {target ? <div className="text-xs text-slate-700 break-words">{target}</div> : null}
                {details ? <div className="mt-1 text-xs text-slate-600 break-words">{details}</div> : null}
              </td>
              <td className="whitespace-nowrap px-4 py-2 font-mono text-xs text-slate-700">{row.ip ?? '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </DataTable>
  );
}
