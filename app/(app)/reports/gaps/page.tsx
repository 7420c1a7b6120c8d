import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { GapReportView } from '@/components/reports/gap-report-view';
import { ReportsTabs } from '@/components/reports/reports-tabs';
import { getDb, getReadDb } from '@/db';
import { hasRole, managesTeam } from '@/lib/auth/authorize';
import { requireSession } from '@/lib/auth/session';
import { parseGapPageParams } from '@/lib/reports/filters';
import { requestLocale } from '@/lib/format/request-locale';
import { requestGapSnapshot } from '@/lib/reports/gap-snapshot';
import { loadGapReport } from '@/lib/reports/load-report';

export const metadata: Metadata = { title: 'Gap report' };

export default async function OrganizationGapsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const context = await requireSession();
  // Organization-wide: admins only; for anyone else the page does not exist.
  if (!hasRole(context, 'admin')) notFound();
  const db = await getDb();
  const params = parseGapPageParams(await searchParams);
  // Another organization's team id in a shared link: fall back to the whole organization.
  if (params.team && !(await managesTeam(db, context, params.team))) params.team = undefined;
  // Authorized on the primary above; the report itself is heavy and read-only: the replica when configured.
  const report = await loadGapReport(await getReadDb(), context, params);
  // A large organization's unfiltered view is a snapshot: ask for it when missing or old (debounced per key
  // by the job's queue), on the primary.
  const { source } = report;
  if (source.kind === 'pending' || (source.kind === 'snapshot' && source.stale))
    await requestGapSnapshot(db, source.key);
  return (
    <>
      <ReportsTabs current="gaps" />
      <GapReportView
        title="Gap report"
        intro="Where members across the organization are below their target, by skill or by person. Filter, sort, share the URL, or download exactly these rows as CSV."
        basePath="/reports/gaps"
        {...report}
        locale={await requestLocale()}
      />
    </>
  );
}
