import type { Metadata } from 'next';
import { GapReportView } from '@/components/reports/gap-report-view';
import { getReadDb } from '@/db';
import { parseGapPageParams } from '@/lib/reports/filters';
import { loadGapReport } from '@/lib/reports/load-report';
import { requireTeamPage } from '@/lib/teams/team-page';

export const metadata: Metadata = { title: 'Team gaps' };

export default async function TeamGapsPage({
  params,
  searchParams,
}: {
  params: Promise<{ teamId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // Individual gaps: the team's managers and admins only; anyone else learns nothing, not even that the team exists.
  const { session, context } = await requireTeamPage((await params).teamId);
  const teamId = context.team.id;
  const teamName = context.team.name;
  // The path fixes the team, whatever the query string says.
  const pageParams = { ...parseGapPageParams(await searchParams), team: teamId };
  // Authorized on the primary above; the report itself is heavy and read-only: the replica when configured.
  // No team filter here (the path fixes it): its list of teams is not read.
  const report = await loadGapReport(await getReadDb(), session, pageParams, { teamOptions: false });
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
