import Link from 'next/link';
import { DataTable } from '@/components/ui/table';
import { completionBreakdown } from '@/lib/assessments/completion-rule';
import { formatDateTime } from '@/lib/format/date';
import type { TeamsList } from '@/lib/insight/team-completion-snapshot';

/**
 * A large organization's teams as one compact table (hundreds of teams: 200 cards were ~500 KB of HTML, most of
 * the page's time at 10,000 members). Admins only (the snapshot's reader), so every team links to its pages.
 */
export function TeamsTable({ teams, pending }: { teams: TeamsList['teams']; pending: ReadonlySet<string> }) {
  return (
    <DataTable label="Teams with their completion of their current cycle" className="min-w-[40rem] text-sm">
      <thead>
        <tr>
          <th scope="col">Team</th>
          <th scope="col" className="text-right">
            Members
          </th>
          <th scope="col">Members finished</th>
          <th scope="col">Ratings done</th>
          <th scope="col" className="text-right">
            Team average
          </th>
          <th scope="col">Cycle</th>
        </tr>
      </thead>
      <tbody className="tabular-nums">
        {teams.map((team) => (
          <tr key={team.id}>
            <th scope="row">
              <Link href={`/teams/${team.id}`} className="text-brand-700 underline">
                {team.name}
              </Link>
            </th>
            <td className="text-right">{team.memberCount}</td>
            {team.cycleName === null ? (
              <td colSpan={2}>No cycle</td>
            ) : pending.has(team.id) || team.completion === null ? (
              <td colSpan={2}>
                {pending.has(team.id) ? 'Being computed' : 'No skills in the cycle'} (
                <Link href={`/teams/${team.id}/completion`} className="text-brand-700 underline">
                  live
                </Link>
                )
              </td>
            ) : (
              <>
                <td>
                  <Link href={`/teams/${team.id}/completion`} className="text-brand-700 underline">
                    {team.completion.membersDone} of {team.completion.members}
                  </Link>
                </td>
                <td>
                  {team.completion.ratingsPercent}% ({completionBreakdown(team.completion.ratings)})
                </td>
              </>
            )}
            <td className="text-right">{team.teamMean === null ? '–' : team.teamMean.toFixed(1)}</td>
            <td>{team.cycleName ?? '–'}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

/** Where a large organization's figures come from, and when they were read (decision 0015). */
export function SnapshotNote({ snapshot, locale }: { snapshot: NonNullable<TeamsList['snapshot']>; locale: string }) {
  if (snapshot.computedAt === null) {
    return (
      <p role="status" className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-slate-800">
        This organization is too large to compute every team’s completion on each view, so it is computed in the
        background. The figures are not ready yet: reload this page in a minute. Each team’s completion page is always
        live.
      </p>
    );
  }
  return (
    <p
      className="rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm text-slate-700"
      data-testid="teams-as-of"
    >
      Completion figures as of{' '}
      <time dateTime={snapshot.computedAt.toISOString()}>{formatDateTime(snapshot.computedAt, locale)}</time>, computed
      in the background (this organization is too large to compute them on every view).
      {snapshot.refreshing ? ' Newer figures are being computed.' : ''} Each team’s completion page is always live.
    </p>
  );
}
