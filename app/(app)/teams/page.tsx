import type { Metadata } from 'next';
import Link from 'next/link';
import { requireRole } from '@/lib/auth/authorize';
import { requireSession } from '@/lib/auth/session';
import { getDb } from '@/db';
import { TEAM_AVERAGE_MIN_RATERS } from '@/lib/profile/scope';
import { loadTeamsList } from '@/lib/insight/team-completion-snapshot';
import { SnapshotNote, TeamsTable } from '@/components/teams/teams-snapshot';
import { completionBreakdown } from '@/lib/assessments/completion-rule';
import { requestLocale } from '@/lib/format/request-locale';

export const metadata: Metadata = { title: 'Teams' };

export default async function TeamsPage() {
  const session = await requireSession();
  const actor = requireRole(session, 'member');
  const { teams, snapshot } = await loadTeamsList(await getDb(), actor, TEAM_AVERAGE_MIN_RATERS);
  const locale = snapshot ? await requestLocale() : null;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Teams</h1>
        <p className="text-slate-600">
          {actor.membership.role === 'admin'
            ? 'Every team of the organization.'
            : actor.membership.role === 'manager'
              ? 'The teams you manage, and the teams you belong to.'
              : 'Your teams. Averages appear once at least three members have rated.'}
        </p>
      </div>
      {snapshot && locale ? <SnapshotNote snapshot={snapshot} locale={locale} /> : null}
      {snapshot && teams.length > 0 ? (
        <TeamsTable teams={teams} pending={snapshot.pending} />
      ) : teams.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
          You are not in any team yet.
        </div>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {teams.map((team) => (
            <li key={team.id} className="rounded-xl border border-slate-200 bg-white p-4">
              <h2 className="text-lg font-semibold">
                {team.manages ? (
                  <Link href={`/teams/${team.id}`} className="text-brand-700 underline-offset-2 hover:underline">
                    {team.name}
                  </Link>
                ) : (
                  team.name
                )}
              </h2>
              <dl className="mt-2 grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm">
                <dt className="text-slate-600">Members</dt>
                <dd className="tabular-nums">{team.memberCount}</dd>
                {team.cycleName === null ? (
                  <>
                    <dt className="text-slate-600">Completion</dt>
                    <dd>No cycle</dd>
                  </>
                ) : snapshot?.pending.has(team.id) ? (
                  <>
                    <dt className="text-slate-600">Completion</dt>
                    <dd>
                      Being computed
                      {team.manages ? (
                        <>
                          {' '}
                          (
                          <Link href={`/teams/${team.id}/completion`} className="text-brand-700 underline">
                            see it live
                          </Link>
                          )
                        </>
                      ) : null}
                    </dd>
                  </>
                ) : team.completion === null ? (
                  <>
                    <dt className="text-slate-600">Completion</dt>
                    <dd>Not enough ratings yet</dd>
                  </>
                ) : (
                  <>
                    <dt className="text-slate-600">Members finished</dt>
                    <dd className="tabular-nums" data-testid="team-members-finished">
                      {team.manages ? (
                        <Link href={`/teams/${team.id}/completion`} className="text-brand-700 underline">
                          {team.completion.membersDone} of {team.completion.members} members
                        </Link>
                      ) : (
                        `${team.completion.membersDone} of ${team.completion.members} members`
                      )}
                    </dd>
                    <dt className="text-slate-600">Ratings</dt>
                    <dd className="tabular-nums" data-testid="team-ratings-done">
                      {team.completion.ratingsPercent}% done ({completionBreakdown(team.completion.ratings)})
                    </dd>
                  </>
                )}
                <dt className="text-slate-600">Team average</dt>
                <dd className="tabular-nums">{team.teamMean === null ? '–' : team.teamMean.toFixed(1)}</dd>
              </dl>
              {team.cycleName ? <p className="mt-2 text-xs text-slate-500">Cycle {team.cycleName}</p> : null}
              {!team.manages ? <p className="mt-2 text-xs text-slate-500">Team averages only.</p> : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
