import type { Metadata } from 'next';
import { completionBreakdown, percentDone } from '@/lib/assessments/completion-rule';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { getDb } from '@/db';
import { requireRole } from '@/lib/auth/authorize';
import { requireSession } from '@/lib/auth/session';
import { loadProfilePage } from '@/lib/profile/profile-page';
import { TEAM_AVERAGE_MIN_RATERS } from '@/lib/profile/scope';
import { GapsTable } from '@/components/profile/gaps-table';
import { LearningPlanList } from '@/components/profile/learning-plan-list';
import { RadarPanel } from '@/components/profile/radar-panel';
import { TrendPanel } from '@/components/profile/trend-panel';
import { WhoOpensCycles } from '@/components/home/who-opens-cycles';
import { MyTrustSections } from '@/components/trust/my-trust-sections';

export const metadata: Metadata = { title: 'My profile' };

const GAPS_SHOWN = 15;

function Section({
  id,
  title,
  description,
  children,
}: {
  id: string;
  title: string;
  description?: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {description ? <p className="mt-1 text-sm text-slate-600">{description}</p> : null}
      <div className="mt-4">{children}</div>
    </section>
  );
}

function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center">
      <h2 className="text-lg font-semibold">{title}</h2>
      <div className="mt-2 text-slate-600">{children}</div>
    </div>
  );
}

export default async function MePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requireSession();
  // Every role has a profile of its own; the ids come from the session, never from the URL.
  const actor = requireRole(session, 'member');
  const showAllGaps = (await searchParams).gaps === 'all';
  const { context, data } = await loadProfilePage(await getDb(), actor.membership.organizationId, actor.membership.id);

  const header = (
    <div>
      <h1 className="text-2xl font-semibold">My profile</h1>
      <p className="text-slate-600">
        {session.user.name}
        {context.roleProfile ? <> · {context.roleProfile.name}</> : null}
        {context.teams.length > 0 ? <> · {context.teams.map((team) => team.name).join(', ')}</> : null}
      </p>
      <p className="text-sm">
        <Link href="/me/notifications" className="text-brand-700 underline">
          Notification settings
        </Link>
        {' · '}
        {/* A plain download (the route sends an attachment): everything held about you here, as JSON. */}
        <a href="/api/me/export" download className="text-brand-700 underline">
          Download my data (JSON)
        </a>
      </p>
    </div>
  );

  if (!context.framework) {
    return (
      <div className="space-y-6">
        {header}
        <EmptyState title="No skills framework yet">
          Your organization has not imported a skills framework. An admin can import one under Admin → Frameworks.
        </EmptyState>
      </div>
    );
  }
  if (!context.cycle || !data) {
    return (
      <div className="space-y-6">
        {header}
        <EmptyState title="No assessment cycle yet">
          Your profile fills in once an assessment cycle is open and you rate yourself against {context.framework.name}.{' '}
          <WhoOpensCycles />
        </EmptyState>
      </div>
    );
  }

  const { completion, gaps, radar, trend, plan, levels, targetedSkills } = data;
  const maxLevel = levels.at(-1)?.level ?? 4;
  const cycleOpen = context.cycle.status === 'open';
  const percent = percentDone(completion);
  const noRatings = completion.rated + completion.confirmed + completion.toConfirm === 0;
  const teamNotice =
    context.teams.length === 0
      ? 'You are not in a team yet, so there is no team average.'
      : radar.area.teamAverageShown
        ? null
        : `Team average hidden until ${TEAM_AVERAGE_MIN_RATERS} teammates have rated.`;

  return (
    <div className="space-y-6">
      {header}

      <Section
        id="completion-heading"
        title={cycleOpen ? `Current cycle: ${context.cycle.name}` : `Latest cycle: ${context.cycle.name} (closed)`}
      >
        <div className="flex flex-col gap-4 sm:flex-row sm:items-center sm:justify-between">
          <div className="min-w-0 sm:flex-1">
            <p className="text-sm text-slate-700">
              You have done <strong>{completion.done}</strong> of <strong>{completion.total}</strong> skills ({percent}
              %: {completionBreakdown(completion)}).
              {completion.toConfirm > 0 ? (
                <> The {completion.toConfirm} carried over from last cycle count once you confirm or change them.</>
              ) : null}
            </p>
            {completion.stale > 0 ? (
              <p className="mt-1 text-sm text-amber-900" data-testid="stale-count">
                {completion.stale} of your ratings {completion.stale === 1 ? 'is' : 'are'} stale: not changed or
                confirmed for longer than your organization’s stale period. Review them in the assessment.
              </p>
            ) : null}
            <div
              role="progressbar"
              aria-label="Your assessment progress"
              aria-valuemin={0}
              aria-valuemax={completion.total}
              aria-valuenow={completion.done}
              aria-valuetext={`${completion.done} of ${completion.total} skills done`}
              className="mt-2 h-2.5 w-full overflow-hidden rounded-full bg-slate-200"
            >
              <div className="h-full rounded-full bg-brand-600" style={{ width: `${percent}%` }} />
            </div>
            {!cycleOpen ? (
              <p className="mt-2 text-sm text-slate-600">
                No cycle is open right now; this is the read-only snapshot of the last one.
              </p>
            ) : null}
          </div>
          {cycleOpen ? (
            <Link
              href="/assess"
              className="inline-flex items-center rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
            >
              {completion.done >= completion.total ? 'Review my assessment' : 'Continue my assessment'}
            </Link>
          ) : null}
        </div>
      </Section>

      {noRatings ? (
        <EmptyState title="No ratings yet">
          {cycleOpen ? (
            <>
              Rate yourself in{' '}
              <Link href="/assess" className="font-medium text-brand-700 underline">
                the assessment
              </Link>{' '}
              to see your chart, gaps and learning plan.
            </>
          ) : (
            'You did not rate yourself in this cycle.'
          )}
        </EmptyState>
      ) : (
        <Section
          id="radar-heading"
          title="Where I stand"
          description="Your mean level against your target and your team's average. n/a and unrated skills are left out of your mean."
        >
          <RadarPanel
            views={[
              {
                key: 'area',
                label: 'By area',
                points: radar.area.points,
                teamAverageShown: radar.area.teamAverageShown,
              },
              {
                key: 'section',
                label: 'By section',
                points: radar.section.points,
                teamAverageShown: radar.section.teamAverageShown,
              },
            ]}
            maxLevel={maxLevel}
            hasTarget={targetedSkills > 0}
            teamNotice={teamNotice}
          />
        </Section>
      )}

      <Section
        id="gaps-heading"
        title="My gaps"
        description="Target minus your current level, largest first. Unrated skills count as 0; skills you marked n/a are left out."
      >
        {targetedSkills === 0 ? (
          <p className="text-slate-600">
            No target is assigned to you yet. Your manager or an admin can give you a role profile, or set a team
            target.
          </p>
        ) : gaps.length === 0 ? (
          <p className="text-slate-600">No gaps: you meet every target. Well done.</p>
        ) : (
          <GapsTable
            gaps={gaps}
            levels={levels}
            visible={showAllGaps ? gaps.length : GAPS_SHOWN}
            showAllHref="/me?gaps=all#gaps-heading"
            showFewerHref="/me#gaps-heading"
          />
        )}
      </Section>

      {plan.length > 0 ? (
        <Section
          id="plan-heading"
          title="My learning plan"
          description="Your largest gaps, in the order to learn them, with the framework's learning path and teammates who could help."
        >
          <LearningPlanList plan={plan} levels={levels} />
        </Section>
      ) : null}

      <MyTrustSections actor={actor} cycleId={context.cycle.id} />

      {noRatings ? null : (
        <Section
          id="trend-heading"
          title="My trend"
          description="Your mean self level per area and section in each cycle."
        >
          <TrendPanel byArea={trend.area} bySection={trend.section} maxLevel={maxLevel} />
        </Section>
      )}
    </div>
  );
}
