import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { CalibrationBoard } from '@/components/team/calibration-board';
import { CalibrationFlagList, CalibrationMatrix } from '@/components/team/calibration-tables';
import { loadLevelNames } from '@/lib/profile/levels';
import { CALIBRATION_FLAG_GAP, loadTeamCalibration } from '@/lib/insight/calibration';
import { loadCalibrationBoard } from '@/lib/insight/calibration-board';
import { MANAGER_NOTE_MAX } from '@/lib/insight/manager-ratings';
import { requireTeamPage } from '@/lib/teams/team-page';
import { WhoOpensCycles } from '@/components/home/who-opens-cycles';

export const metadata: Metadata = { title: 'Calibration' };

const searchSchema = z.object({
  member: z.guid().optional().catch(undefined),
});

export default async function TeamCalibrationPage({
  params,
  searchParams,
}: {
  params: Promise<{ teamId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { session, db, context, scope } = await requireTeamPage((await params).teamId);
  const { team, cycle } = context;
  const search = searchSchema.parse(await searchParams);
  const organizationId = team.organizationId;
  const basePath = `/teams/${team.id}/calibration`;
  const memberHref = (membershipId: string) => `${basePath}?member=${membershipId}`;

  if (!cycle || !scope) {
    return (
      <div className="space-y-6">
        <h1 className="text-2xl font-semibold">Calibration · {team.name}</h1>
        <div className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center">
          <h2 className="text-lg font-semibold">No assessment cycle yet</h2>
          <p className="mt-2 text-slate-600">
            Manager ratings can be added once a cycle is open. <WhoOpensCycles />
          </p>
        </div>
      </div>
    );
  }
  const calibration = await loadTeamCalibration(db, scope);
  const cycleOpen = cycle.status === 'open';

  const member = search.member ? calibration.members.find((m) => m.membershipId === search.member) : undefined;
  // A member of another team (or organization) is simply not here.
  if (search.member && !member) notFound();

  if (member) {
    // Every self rating of the member at once: the board moves section by section without a round trip.
    const [board, levels] = await Promise.all([
      loadCalibrationBoard(db, { ...scope, membershipId: member.membershipId }),
      loadLevelNames(db, organizationId, cycle.frameworkId),
    ]);
    const scale = levels.length > 0 ? levels : [0, 1, 2, 3, 4].map((level) => ({ level, name: '' }));
    const isSelf = member.membershipId === session.membership.id;
    return (
      <div className="space-y-6">
        <div>
          <p className="text-sm">
            <Link href={basePath} className="text-brand-700 underline">
              Calibration · {team.name}
            </Link>
          </p>
          <h1 className="text-2xl font-semibold">Calibrate {member.name}</h1>
          <p className="text-slate-600">
            {cycle.name} ({cycle.status}) · {member.selfRated} self ratings · {member.managerRated} manager ratings.
            Your rating sits beside theirs; it never replaces it.
          </p>
        </div>
        {!cycleOpen ? (
          <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
            This cycle is closed: its ratings are read-only.
          </p>
        ) : null}
        {isSelf ? (
          <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
            You cannot add manager ratings to your own self ratings.
          </p>
        ) : null}
        {board.length === 0 ? (
          <p className="rounded-xl border border-slate-200 bg-white p-4 text-slate-600 sm:p-6">
            {member.name} has not rated any skill in this cycle yet.
          </p>
        ) : (
          <CalibrationBoard
            cycleId={cycle.id}
            membershipId={member.membershipId}
            memberName={member.name}
            sections={board}
            levels={scale}
            readOnly={!cycleOpen || isSelf}
            noteMax={MANAGER_NOTE_MAX}
            flagGap={CALIBRATION_FLAG_GAP}
          />
        )}
      </div>
    );
  }

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Calibration · {team.name}</h1>
        <p className="text-slate-600">
          {cycle.name} ({cycle.status}). Each cell is the mean of self − manager over the skills both rated (count in
          brackets): positive means the member rates themselves higher. Differences of {CALIBRATION_FLAG_GAP} or more
          levels are flagged.
        </p>
      </div>
      <section
        aria-labelledby="matrix-heading"
        className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 sm:p-6"
      >
        <h2 id="matrix-heading" className="text-lg font-semibold">
          Members × sections
        </h2>
        {calibration.members.length === 0 ? (
          <p className="text-slate-600">This team has no members yet.</p>
        ) : (
          <CalibrationMatrix
            members={calibration.members}
            sections={calibration.sections}
            cells={calibration.cells}
            memberHref={memberHref}
          />
        )}
      </section>
      <section
        aria-labelledby="flags-heading"
        className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 sm:p-6"
      >
        <h2 id="flags-heading" className="text-lg font-semibold">
          Skills {CALIBRATION_FLAG_GAP} or more levels apart
        </h2>
        <CalibrationFlagList flags={calibration.flags} memberHref={memberHref} />
      </section>
    </div>
  );
}
