import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { EvidenceLinkList } from '@/components/assess/evidence-list';
import { CalibrationForm } from '@/components/team/calibration-form';
import { ApartFlag, CalibrationFlagList, CalibrationMatrix } from '@/components/team/calibration-tables';
import { Pagination } from '@/components/ui/pagination';
import { loadSelfEvidence } from '@/lib/assessments/evidence-queries';
import { loadLevelNames } from '@/lib/profile/levels';
import {
  CALIBRATION_FLAG_GAP,
  MEMBER_SKILLS_PAGE_SIZE,
  loadMemberCalibration,
  loadTeamCalibration,
} from '@/lib/insight/calibration';
import { MANAGER_NOTE_MAX } from '@/lib/insight/manager-ratings';
import { requireTeamPage } from '@/lib/teams/team-page';
import { DataTable } from '@/components/ui/table';
import { WhoOpensCycles } from '@/components/home/who-opens-cycles';

export const metadata: Metadata = { title: 'Calibration' };

const searchSchema = z.object({
  member: z.guid().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

function levelText(level: number | null, notApplicable: boolean): string {
  if (notApplicable) return 'n/a';
  return level === null ? '—' : String(level);
}

export default async function TeamCalibrationPage({
  params,
  searchParams,
}: {
  params: Promise<{ teamId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { session, db, context } = await requireTeamPage((await params).teamId);
  const { team, cycle } = context;
  const search = searchSchema.parse(await searchParams);
  const organizationId = team.organizationId;
  const basePath = `/teams/${team.id}/calibration`;
  const memberHref = (membershipId: string) => `${basePath}?member=${membershipId}`;

  if (!cycle) {
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
  const scope = { organizationId, teamId: team.id, cycleId: cycle.id, frameworkId: cycle.frameworkId };
  const calibration = await loadTeamCalibration(db, scope);
  const cycleOpen = cycle.status === 'open';

  const member = search.member ? calibration.members.find((m) => m.membershipId === search.member) : undefined;
  // A member of another team (or organization) is simply not here.
  if (search.member && !member) notFound();

  if (member) {
    const [detail, levels] = await Promise.all([
      loadMemberCalibration(db, { ...scope, membershipId: member.membershipId, page: search.page }),
      loadLevelNames(db, organizationId, cycle.frameworkId),
    ]);
    const evidence = await loadSelfEvidence(
      db,
      { organizationId, cycleId: cycle.id, membershipId: member.membershipId },
      detail.rows.map((row) => row.skillId),
    );
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
        <section
          aria-labelledby="self-ratings"
          className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 sm:p-6"
        >
          <h2 id="self-ratings" className="text-lg font-semibold">
            Self ratings
          </h2>
          {detail.total === 0 ? (
            <p className="text-slate-600">{member.name} has not rated any skill in this cycle yet.</p>
          ) : (
            <DataTable label={`Self ratings of ${member.name}`} className="min-w-[44rem]" framed={false}>
              <thead>
                <tr>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    Skill
                  </th>
                  <th scope="col" className="py-2 pr-3 text-right font-medium">
                    Self
                  </th>
                  <th scope="col" className="py-2 pr-3 text-right font-medium">
                    Manager
                  </th>
                  <th scope="col" className="py-2 font-medium">
                    Manager rating and comment
                  </th>
                </tr>
              </thead>
              <tbody>
                {detail.rows.map((row) => {
                  const apart =
                    row.selfLevel !== null &&
                    row.managerLevel !== null &&
                    Math.abs(row.selfLevel - row.managerLevel) >= CALIBRATION_FLAG_GAP;
                  return (
                    <tr key={row.skillId} className="align-top">
                      <th scope="row" className="py-2 pr-3 font-medium">
                        {row.skillName}
                        <span className="block text-xs font-normal text-slate-500">{row.sectionName}</span>
                        <EvidenceLinkList links={evidence.get(row.skillId) ?? []} skillName={row.skillName} />
                      </th>
                      <td className="py-2 pr-3 text-right tabular-nums">
                        {levelText(row.selfLevel, row.selfNotApplicable)}
                      </td>
                      <td className="py-2 pr-3 text-right tabular-nums">
                        {levelText(row.managerLevel, row.managerNotApplicable)}
                        {apart ? (
                          <span className="ml-1 block">
                            <ApartFlag />
                          </span>
                        ) : null}
                      </td>
                      <td className="py-2">
                        {cycleOpen && !isSelf ? (
                          <CalibrationForm
                            cycleId={cycle.id}
                            membershipId={member.membershipId}
                            skillId={row.skillId}
                            skillName={row.skillName}
                            levels={scale}
                            managerLevel={row.managerLevel}
                            managerNotApplicable={row.managerNotApplicable}
                            managerNote={row.managerNote}
                            noteMax={MANAGER_NOTE_MAX}
                          />
                        ) : (
                          <span className="text-slate-600">{row.managerNote ?? ''}</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </DataTable>
          )}
          <Pagination
            basePath={basePath}
            params={{ member: member.membershipId }}
            page={search.page}
            pageSize={MEMBER_SKILLS_PAGE_SIZE}
            total={detail.total}
            noun="self ratings"
          />
        </section>
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
