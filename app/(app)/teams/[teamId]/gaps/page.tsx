import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { GapReportView } from '@/components/reports/gap-report-view';
import { getDb, getReadDb } from '@/db';
import { requireTeamAccess } from '@/lib/auth/authorize';
import { AuthorizationError } from '@/lib/auth/errors';
import { requireSession } from '@/lib/auth/session';
import { parseGapPageParams } from '@/lib/reports/filters';
import { loadGapReport } from '@/lib/reports/load-report';

export const metadata: Metadata = { title: 'Team gaps' };

export default async function TeamGapsPage({
  params,
  searchParams,
}: {
  params: Promise<{ teamId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const context = await requireSession();
  const { teamId } = await params;
  if (!z.uuid().safeParse(teamId).success) notFound();
  const db = await getDb();
  let teamName: string;
  try {
    // Individual gaps: the team's managers and admins only; anyone else learns nothing, not even that the team exists.
    teamName = (await requireTeamAccess(db, context, teamId, 'individuals')).name;
  } catch (error) {
    if (error instanceof AuthorizationError) notFound();
    throw error;
  }
  // The path fixes the team, whatever the query string says.
  const pageParams = { ...parseGapPageParams(await searchParams), team: teamId };
  // Authorized on the primary above; the report itself is heavy and read-only: the replica when configured.
  const report = await loadGapReport(await getReadDb(), context.organization.id, pageParams);
  return (
    <GapReportView
      title={`Gaps — ${teamName}`}
      intro="Where members of this team are below their target (role profile or team target, whichever is higher). Unrated skills with a target count as 0."
      basePath={`/teams/${teamId}/gaps`}
      fixedTeamId={teamId}
      {...report}
    />
  );
}
