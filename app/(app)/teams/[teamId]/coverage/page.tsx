import { z } from 'zod';
import { column, parseRows } from '@/db/rows';
import type { Metadata } from 'next';
import Link from 'next/link';
import { CoverageSectionTable, CoverageSkillTable } from '@/components/team/coverage-tables';
import { RatingViewSwitch } from '@/components/team/coverage-view-switch';
import { sql } from 'drizzle-orm';
import { RATING_VIEW_LABELS, ratingViewSchema } from '@/lib/insight/effective-ratings';
import { teamMembershipIds } from '@/lib/insight/team-members';
import {
  BUS_FACTOR_SAFE,
  COVERAGE_DEFAULT_LIMIT,
  HOLDER_MIN_LEVEL,
  loadTeamCoverage,
} from '@/lib/insight/coverage';
import { requireTeamPage } from '@/lib/teams/team-page';
import { WhoOpensCycles } from '@/components/home/who-opens-cycles';

export const metadata: Metadata = { title: 'Team coverage' };

export default async function TeamCoveragePage({
  params,
  searchParams,
}: {
  params: Promise<{ teamId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // Individual ratings feed these counts: only the team's managers and admins; everyone else gets a 404.
  const { session, db, context, scope } = await requireTeamPage((await params).teamId);
  const { team, cycle } = context;
  const search = await searchParams;
  const view = ratingViewSchema.parse(typeof search.view === 'string' ? search.view : undefined);
  const showAll = search.all === '1';
  const basePath = `/teams/${team.id}/coverage`;

  const [memberCount] = parseRows(
    await db.execute(sql`select count(*) as n from (${teamMembershipIds(session, team.id)}) members`), z.object({ n: column.number }));
  const members = Number(memberCount?.n ?? 0);

  const header = (
    <div className="flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-2xl font-semibold">Coverage · {team.name}</h1>
        <p className="text-slate-600">
          Who holds each skill at Advanced ({HOLDER_MIN_LEVEL}) or above. Skills held by fewer than {BUS_FACTOR_SAFE} members
          are a key-person risk.
          {cycle ? (
            <>
              {' '}
              {cycle.name} ({cycle.status}) · {members} {members === 1 ? 'member' : 'members'} · {RATING_VIEW_LABELS[view]}
            </>
          ) : null}
        </p>
      </div>
      <RatingViewSwitch view={view} hidden={showAll ? { all: '1' } : {}} />
    </div>
  );

  if (!cycle || !scope) {
    return (
      <div className="space-y-6">
        {header}
        <div className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center">
          <h2 className="text-lg font-semibold">No assessment cycle yet</h2>
          <p className="mt-2 text-slate-600">
            Coverage appears once a cycle is open and the team rates itself. <WhoOpensCycles />
          </p>
        </div>
      </div>
    );
  }

  const coverage = await loadTeamCoverage(db, { ...scope, view });
  const risky = coverage.skills.filter((skill) => skill.busFactor !== null);
  const shown = showAll ? coverage.skills : coverage.skills.slice(0, COVERAGE_DEFAULT_LIMIT);
  const zero = risky.filter((skill) => skill.busFactor === 0).length;
  const viewParam = view === 'self' ? '' : `view=${view}`;

  return (
    <div className="space-y-6">
      {header}

      <section aria-labelledby="risk-summary" className="grid gap-3 sm:grid-cols-3">
        <h2 id="risk-summary" className="sr-only">
          Summary
        </h2>
        <div className="rounded-xl border border-slate-200 bg-white p-4">
          <p className="text-sm text-slate-600">Bus factor 0 (nobody at {HOLDER_MIN_LEVEL}+)</p>
          <p className="text-2xl font-semibold tabular-nums">{zero}</p>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-4">
          <p className="text-sm text-slate-600">Bus factor 1 (one person)</p>
          <p className="text-2xl font-semibold tabular-nums">{risky.length - zero}</p>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-4">
          <p className="text-sm text-slate-600">Skills covered by {BUS_FACTOR_SAFE}+</p>
          <p className="text-2xl font-semibold tabular-nums">
            {coverage.skills.length - risky.length}
            <span className="text-base font-normal text-slate-500"> / {coverage.skills.length}</span>
          </p>
        </div>
      </section>

      <section aria-labelledby="skills-heading" className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="skills-heading" className="text-lg font-semibold">
            Skills, riskiest first
          </h2>
          <p className="text-sm text-slate-600">
            {showAll ? `All ${coverage.skills.length} skills` : `${shown.length} of ${coverage.skills.length} skills`}
            {coverage.skills.length > COVERAGE_DEFAULT_LIMIT ? (
              <>
                {' · '}
                <Link
                  className="text-brand-700 underline"
                  href={`${basePath}?${[viewParam, showAll ? '' : 'all=1'].filter(Boolean).join('&')}`}
                >
                  {showAll ? `Show the ${COVERAGE_DEFAULT_LIMIT} riskiest` : 'Show all'}
                </Link>
              </>
            ) : null}
          </p>
        </div>
        {coverage.skills.length === 0 ? (
          <p className="text-slate-600">This framework has no skills yet.</p>
        ) : (
          <CoverageSkillTable skills={shown} members={members} teamId={team.id} />
        )}
      </section>

      <section aria-labelledby="sections-heading" className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
        <h2 id="sections-heading" className="text-lg font-semibold">
          By section
        </h2>
        <CoverageSectionTable sections={coverage.sections} members={members} />
      </section>
    </div>
  );
}
