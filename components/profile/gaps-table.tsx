import Link from 'next/link';
import type { SkillGap } from '@/lib/profile/gaps';
import type { LevelName } from '@/lib/profile/levels';
import { DataTable } from '@/components/ui/table';

export interface GapsTableProps {
  gaps: SkillGap[];
  levels: LevelName[];
  /** How many rows to show; the rest sit behind a "show all" link. */
  visible: number;
  showAllHref: string;
  showFewerHref: string;
}

export function levelLabel(levels: LevelName[], level: number): string {
  const name = levels.find((entry) => entry.level === level)?.name;
  return name ? `${level} ${name}` : String(level);
}

/** The level number always, its name from small screens up (the number alone keeps phone tables narrow). */
function LevelCell({ levels, level }: { levels: LevelName[]; level: number }) {
  const name = levels.find((entry) => entry.level === level)?.name;
  return (
    <span className="whitespace-nowrap">
      <span className="tabular-nums">{level}</span>
      {name ? (
        <>
          {' '}
          <span className="sr-only sm:not-sr-only">{name}</span>
        </>
      ) : null}
    </span>
  );
}

export function GapsTable({ gaps, levels, visible, showAllHref, showFewerHref }: GapsTableProps) {
  const shown = gaps.slice(0, visible);
  return (
    <div>
      <DataTable label="Your gaps, largest first: target minus your current level">
        <thead>
          <tr>
            <th scope="col" className="px-2 py-2 sm:px-3 font-medium">
              Skill
            </th>
            <th scope="col" className="hidden px-2 py-2 sm:px-3 font-medium sm:table-cell">
              Section
            </th>
            <th scope="col" className="px-2 py-2 sm:px-3 font-medium">
              Current
            </th>
            <th scope="col" className="px-2 py-2 sm:px-3 font-medium">
              Target
            </th>
            <th scope="col" className="px-2 py-2 sm:px-3 text-right font-medium">
              Gap
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((gap) => (
            <tr key={gap.skillId}>
              <th scope="row" className="px-2 py-2 sm:px-3 text-left font-medium text-slate-900">
                {gap.skillName}
                {/* On phones the section column is folded under the skill to avoid sideways scrolling. */}
                <span className="block text-xs font-normal text-slate-600 sm:hidden">{gap.sectionName}</span>
              </th>
              <td className="hidden px-2 py-2 sm:px-3 text-slate-700 sm:table-cell">{gap.sectionName}</td>
              <td className="px-2 py-2 sm:px-3">
                {gap.notRated ? (
                  <span className="whitespace-nowrap rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">
                    not rated
                  </span>
                ) : (
                  <LevelCell levels={levels} level={gap.current ?? 0} />
                )}
              </td>
              <td className="px-2 py-2 sm:px-3">
                <LevelCell levels={levels} level={gap.target} />{' '}
                <span className="block text-xs text-slate-600 sm:inline">
                  ({gap.targetSource === 'team' ? 'team target' : 'role profile'})
                </span>
              </td>
              <td className="px-2 py-2 sm:px-3 text-right font-semibold tabular-nums">{gap.gap}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      {gaps.length > visible ? (
        <p className="mt-2 text-sm">
          <Link href={showAllHref} className="font-medium text-brand-700 underline" scroll={false}>
            Show all {gaps.length} gaps
          </Link>
        </p>
      ) : gaps.length > 0 && visible > 15 ? (
        <p className="mt-2 text-sm">
          <Link href={showFewerHref} className="font-medium text-brand-700 underline" scroll={false}>
            Show the largest only
          </Link>
        </p>
      ) : null}
    </div>
  );
}
