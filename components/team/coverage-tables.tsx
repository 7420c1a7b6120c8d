import Link from 'next/link';
import { WarningIcon } from './calibration-icon';
import type { CoverageSection, CoverageSkill } from '@/lib/insight/coverage';
import { HOLDER_MIN_LEVEL } from '@/lib/insight/coverage';
import { DataTable } from '@/components/ui/table';

/** The risk as words and a shape, so it never depends on colour alone. */
export function BusFactorBadge({ busFactor }: { busFactor: CoverageSkill['busFactor'] }) {
  if (busFactor === null) return <span className="text-sm text-slate-600">Covered</span>;
  const critical = busFactor === 0;
  return (
    <span
      className={
        critical
          ? 'inline-flex items-center gap-1 rounded-full border border-red-700 bg-red-50 px-2 py-0.5 text-xs font-semibold text-red-800'
          : 'inline-flex items-center gap-1 rounded-full border border-amber-700 bg-amber-50 px-2 py-0.5 text-xs font-semibold text-amber-900'
      }
    >
      <WarningIcon />
      bus factor {busFactor}
    </span>
  );
}

/** Where a named person leads: their ratings in that skill's section, on the team's member detail. */
export function memberSectionHref(teamId: string, membershipId: string, sectionId: string): string {
  return `/teams/${teamId}/members/${membershipId}?section=${sectionId}`;
}

export function CoverageSkillTable({
  skills,
  members,
  teamId,
}: {
  skills: CoverageSkill[];
  members: number;
  teamId: string;
}) {
  return (
    <DataTable label="Holders, growth interest and risk per skill" className="min-w-[36rem]" framed={false}>
      <thead>
        <tr>
          <th scope="col" className="py-2 pr-3 font-medium">
            Skill
          </th>
          <th scope="col" className="py-2 pr-3 font-medium">
            Section
          </th>
          <th scope="col" className="py-2 pr-3 text-right font-medium">
            At {HOLDER_MIN_LEVEL}+
          </th>
          <th scope="col" className="py-2 pr-3 text-right font-medium">
            Want to grow
          </th>
          <th scope="col" className="py-2 pr-3 text-right font-medium">
            Rated
          </th>
          <th scope="col" className="py-2 font-medium">
            Risk
          </th>
        </tr>
      </thead>
      <tbody>
        {skills.map((skill) => (
          <tr key={skill.skillId}>
            <th scope="row" className="py-2 pr-3 font-medium">
              <Link
                href={`/people?skills=${skill.skillId}:${HOLDER_MIN_LEVEL}`}
                className="text-brand-700 underline-offset-2 hover:underline"
              >
                {skill.skillName}
              </Link>
            </th>
            <td className="py-2 pr-3 text-slate-700">{skill.sectionName}</td>
            <td className="py-2 pr-3 text-right tabular-nums">{skill.holders}</td>
            <td className="py-2 pr-3 text-right tabular-nums">{skill.interested}</td>
            <td className="py-2 pr-3 text-right tabular-nums">
              {skill.rated}
              <span className="text-slate-500"> / {members}</span>
            </td>
            <td className="py-2">
              <BusFactorBadge busFactor={skill.busFactor} />
              {skill.soleHolder ? (
                <span className="block text-xs text-slate-700">
                  only{' '}
                  <Link
                    href={memberSectionHref(teamId, skill.soleHolder.membershipId, skill.sectionId)}
                    className="font-medium text-brand-700 underline underline-offset-2"
                  >
                    {skill.soleHolder.name}
                  </Link>
                </span>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

export function CoverageSectionTable({ sections, members }: { sections: CoverageSection[]; members: number }) {
  return (
    <DataTable label="Coverage per section, in framework order" className="min-w-[36rem]" framed={false}>
      <thead>
        <tr>
          <th scope="col" className="py-2 pr-3 font-medium">
            Section
          </th>
          <th scope="col" className="py-2 pr-3 text-right font-medium">
            Skills
          </th>
          <th scope="col" className="py-2 pr-3 text-right font-medium">
            Skills at risk
          </th>
          <th scope="col" className="py-2 pr-3 text-right font-medium">
            Members at {HOLDER_MIN_LEVEL}+ in any skill
          </th>
          <th scope="col" className="py-2 pr-3 text-right font-medium">
            Members who want to grow
          </th>
          <th scope="col" className="py-2 text-right font-medium">
            Members who rated
          </th>
        </tr>
      </thead>
      <tbody>
        {sections.map((section) => (
          <tr key={section.sectionId}>
            <th scope="row" className="py-2 pr-3 font-medium">
              {section.sectionName}
            </th>
            <td className="py-2 pr-3 text-right tabular-nums">{section.skills}</td>
            <td className="py-2 pr-3 text-right tabular-nums">
              {section.atRisk > 0 ? (
                <span className="inline-flex items-center gap-1 font-semibold text-red-800">
                  <WarningIcon />
                  {section.atRisk}
                </span>
              ) : (
                0
              )}
            </td>
            <td className="py-2 pr-3 text-right tabular-nums">
              {section.holders}
              <span className="text-slate-500"> / {members}</span>
            </td>
            <td className="py-2 pr-3 text-right tabular-nums">{section.interested}</td>
            <td className="py-2 text-right tabular-nums">{section.rated}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}
