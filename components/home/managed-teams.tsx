import Link from 'next/link';
import { completionBreakdown } from '@/lib/assessments/completion-rule';
import type { ManagedTeamSummary } from '@/lib/dashboard/managed-teams';

/**
 * One card per team the reader manages: completion, ratings to review and
 * the largest gaps, each with a link to the page that has the detail.
 */
export function ManagedTeams({ teams }: { teams: readonly ManagedTeamSummary[] }) {
  if (teams.length === 0) return null;
  return (
    <section aria-labelledby="managed-teams-heading" className="space-y-3">
      <h2 id="managed-teams-heading" className="text-lg font-semibold">
        Teams you manage
      </h2>
      <ul className="grid gap-4 lg:grid-cols-2">
        {teams.map((team) => {
          const base = `/teams/${team.id}`;
          return (
            <li key={team.id} className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h3 className="font-semibold">
                  <Link href={base} className="text-brand-700 underline underline-offset-2">
                    {team.name}
                  </Link>
                </h3>
                <span className="text-sm text-slate-600">
                  {team.cycle ? `${team.cycle.name} (${team.cycle.status})` : 'No cycle yet'}
                </span>
              </div>
              {team.cycle ? (
                <>
                  <dl className="grid grid-cols-3 gap-3 text-sm">
                    <div>
                      <dt className="text-slate-600">Members finished</dt>
                      <dd>
                        <Link
                          href={`${base}/completion`}
                          className="font-semibold tabular-nums text-brand-700 underline"
                        >
                          {team.membersDone} of {team.members} members
                        </Link>
                        <span className="block text-xs text-slate-600" data-testid="team-ratings-done">
                          Ratings: {team.ratingsPercent}% done ({completionBreakdown(team.ratings)})
                        </span>
                      </dd>
                    </div>
                    <div>
                      <dt className="text-slate-600">To review</dt>
                      <dd>
                        <Link
                          href={`${base}/calibration`}
                          className="font-semibold tabular-nums text-brand-700 underline"
                        >
                          {team.toReview} self rating{team.toReview === 1 ? '' : 's'}
                        </Link>
                      </dd>
                    </div>
                    <div>
                      <dt className="text-slate-600">Coverage</dt>
                      <dd>
                        <Link href={`${base}/coverage`} className="font-semibold text-brand-700 underline">
                          Key-person risks
                        </Link>
                      </dd>
                    </div>
                  </dl>
                  <div>
                    <h4 className="text-sm font-medium">Largest gaps</h4>
                    {team.topGaps.length === 0 ? (
                      <p className="text-sm text-slate-600">No gaps against the team’s targets.</p>
                    ) : (
                      <ol className="mt-1 space-y-0.5 text-sm">
                        {team.topGaps.map((gap) => (
                          <li key={gap.skillId} className="flex justify-between gap-3">
                            <span>{gap.skillName}</span>
                            <span className="whitespace-nowrap tabular-nums text-slate-700">
                              {gap.membersBelow} below · total gap {gap.totalGap}
                            </span>
                          </li>
                        ))}
                      </ol>
                    )}
                    <Link href={`${base}/gaps`} className="mt-1 inline-block text-sm text-brand-700 underline">
                      All gaps
                    </Link>
                  </div>
                </>
              ) : (
                <p className="text-sm text-slate-600">Figures appear once a cycle that covers this team is open.</p>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
