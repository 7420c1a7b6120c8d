import type { BoardSection } from '@/lib/insight/calibration-board';

/** The manager's rating of one skill, as the board holds it between saves. */
export interface ManagerValue {
  level: number | null;
  notApplicable: boolean;
  note: string | null;
}

export type ManagerValues = Record<string, ManagerValue>;

/** A skill counts as reviewed once the manager gave a level or marked it not applicable. */
export const reviewed = (value: ManagerValue | undefined) =>
  Boolean(value && (value.level !== null || value.notApplicable));

export function levelText(level: number | null, notApplicable: boolean): string {
  if (notApplicable) return 'n/a';
  return level === null ? '—' : String(level);
}

/** The manager's saved ratings, by skill id, as the page loaded them. */
export function initialValues(sections: readonly BoardSection[]): ManagerValues {
  const initial: ManagerValues = {};
  for (const section of sections) {
    for (const skill of section.skills) {
      initial[skill.skillId] = {
        level: skill.managerLevel,
        notApplicable: skill.managerNotApplicable,
        note: skill.managerNote,
      };
    }
  }
  return initial;
}

export const reviewedCount = (section: BoardSection, values: ManagerValues) =>
  section.skills.filter((skill) => reviewed(values[skill.skillId])).length;
