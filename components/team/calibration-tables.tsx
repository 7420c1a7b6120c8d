import Link from 'next/link';
import { WarningIcon } from './calibration-icon';
import type {
  CalibrationCell,
  CalibrationFlag,
  CalibrationMember,
  CalibrationSection,
} from '@/lib/insight/calibration';
import { CALIBRATION_FLAG_GAP } from '@/lib/insight/calibration';
import { DataTable } from '@/components/ui/table';

export function formatDifference(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return `${rounded > 0 ? '+' : rounded < 0 ? '−' : '±'}${Math.abs(rounded).toFixed(1)}`;
}

export function ApartFlag() {
  return (
    <span className="inline-flex items-center gap-1 whitespace-nowrap rounded-full border border-red-700 bg-red-50 px-1.5 py-0.5 text-xs font-semibold text-red-800">
      <WarningIcon />≥{CALIBRATION_FLAG_GAP} apart
    </span>
  );
}

/** Members × sections: mean self − manager over skills rated by both; positive = the member rates higher. */
export function CalibrationMatrix({
  members,
  sections,
  cells,
  memberHref,
}: {
  members: CalibrationMember[];
  sections: CalibrationSection[];
  cells: CalibrationCell[];
  memberHref: (membershipId: string) => string;
}) {
  const byKey = new Map(cells.map((cell) => [`${cell.membershipId}|${cell.sectionId}`, cell]));
  // Sections nobody calibrated yet only add empty columns.
  const used = sections.filter((section) => cells.some((cell) => cell.sectionId === section.sectionId));
  return (
    <div className="space-y-2">
      <DataTable label="Mean self minus manager rating per member and section">
        <thead>
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Member
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Self / manager rated
            </th>
            {used.map((section) => (
              <th key={section.sectionId} scope="col" className="px-3 py-2 font-medium">
                {section.sectionName}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <tr key={member.membershipId}>
              <th scope="row" className="px-3 py-2 font-medium">
                <Link
                  href={memberHref(member.membershipId)}
                  className="text-brand-700 underline-offset-2 hover:underline"
                >
                  {member.name}
                </Link>
              </th>
              <td className="px-3 py-2 text-right tabular-nums text-slate-700">
                {member.selfRated} / {member.managerRated}
              </td>
              {used.map((section) => {
                const cell = byKey.get(`${member.membershipId}|${section.sectionId}`);
                if (!cell) {
                  return (
                    <td key={section.sectionId} className="px-3 py-2 text-slate-400">
                      <span aria-label="not calibrated">—</span>
                    </td>
                  );
                }
                const flagged = Math.abs(cell.meanDifference) >= CALIBRATION_FLAG_GAP;
                return (
                  <td key={section.sectionId} className={flagged ? 'bg-red-50 px-3 py-2' : 'px-3 py-2'}>
                    <span className="font-medium tabular-nums">{formatDifference(cell.meanDifference)}</span>
                    <span className="text-xs text-slate-500"> ({cell.bothRated})</span>
                    {flagged ? (
                      <span className="ml-1">
                        <ApartFlag />
                      </span>
                    ) : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </DataTable>
      {used.length === 0 ? (
        <p className="p-4 text-sm text-slate-600">
          No skill has both a self and a manager rating yet. Open a member to add manager ratings.
        </p>
      ) : null}
    </div>
  );
}

export function CalibrationFlagList({
  flags,
  memberHref,
}: {
  flags: CalibrationFlag[];
  memberHref: (id: string) => string;
}) {
  if (flags.length === 0)
    return <p className="text-sm text-slate-600">No skill is {CALIBRATION_FLAG_GAP} or more levels apart.</p>;
  return (
    <DataTable label="Skills where self and manager ratings are far apart" className="min-w-[32rem]" framed={false}>
      <thead>
        <tr>
          <th scope="col" className="py-2 pr-3 font-medium">
            Member
          </th>
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
            Difference
          </th>
        </tr>
      </thead>
      <tbody>
        {flags.map((flag) => (
          <tr key={`${flag.membershipId}-${flag.skillId}`}>
            <th scope="row" className="py-2 pr-3 font-normal">
              <Link href={memberHref(flag.membershipId)} className="text-brand-700 underline-offset-2 hover:underline">
                {flag.memberName}
              </Link>
            </th>
            <td className="py-2 pr-3">
              {flag.skillName} <span className="text-slate-500">· {flag.sectionName}</span>
            </td>
            <td className="py-2 pr-3 text-right tabular-nums">{flag.selfLevel}</td>
            <td className="py-2 pr-3 text-right tabular-nums">{flag.managerLevel}</td>
            <td className="py-2">
              <span className="mr-1 font-medium tabular-nums">{formatDifference(flag.difference)}</span>
              <ApartFlag />
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
