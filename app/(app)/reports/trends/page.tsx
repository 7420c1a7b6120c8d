import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { TrendsView } from '@/components/reports/trends-view';
import { getDb, getReadDb } from '@/db';
import { hasRole } from '@/lib/auth/authorize';
import { requireSession } from '@/lib/auth/session';
import { afterAnswer } from '@/lib/mail/after-answer';
import { requestTrendAggregates } from '@/lib/reports/trend-aggregates';
import { loadOrganizationTrends, trendsQuery } from '@/lib/reports/trends';

export const metadata: Metadata = { title: 'Trends' };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;

export default async function TrendsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const context = await requireSession();
  // Admins (the organization) and managers (their teams); for members the page does not exist.
  if (!hasRole(context, 'manager')) notFound();
  const raw = await searchParams;
  const parsed = trendsQuery.safeParse({ framework: first(raw.framework), team: first(raw.team) });
  // A mangled link shows the default view with the reason, never an error page.
  const problem = parsed.success ? null : (parsed.error.issues[0]?.message ?? 'The link’s filters are not valid.');
  // Read-only and heavy: the replica when configured. The queries apply the reader's visibility themselves.
  const trends = await loadOrganizationTrends(await getReadDb(), context, parsed.success ? parsed.data : {});
  // Figures not precomputed yet or a stale snapshot: the job is asked for once the page has answered (on the
  // primary: the read database may be a replica).
  if (trends.refresh) {
    const organizationId = context.membership.organizationId;
    await afterAnswer(async () => requestTrendAggregates(await getDb(), organizationId));
  }
  return <TrendsView trends={trends} isAdmin={hasRole(context, 'admin')} problem={problem} />;
}
