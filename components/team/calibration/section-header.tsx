import { Button } from '@/components/ui/button';
import type { BoardSection } from '@/lib/insight/calibration-board';

/** The section's name, "agree with the open self ratings" and the keys that work on the board. */
export function SectionHeader({
  section,
  memberName,
  openInSection,
  readOnly,
  agreeing,
  onAgree,
  maxLevel,
}: {
  section: BoardSection;
  memberName: string;
  /** Skills of this section the manager has not reviewed yet. */
  openInSection: number;
  readOnly: boolean;
  agreeing: boolean;
  onAgree: () => void;
  maxLevel: number;
}) {
  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="calibration-section" className="text-lg font-semibold">
          {section.name} <span className="text-sm font-normal text-slate-600">· {section.areaName}</span>
        </h2>
        {!readOnly ? (
          <Button type="button" variant="secondary" onClick={onAgree} disabled={agreeing || openInSection === 0}>
            {agreeing
              ? 'Agreeing…'
              : openInSection === 0
                ? 'All reviewed'
                : `Agree with ${memberName}’s ${openInSection} open self rating${openInSection === 1 ? '' : 's'}`}
          </Button>
        ) : null}
      </div>
      <p className="text-xs text-slate-600">
        Keys: <kbd className="font-mono">0</kbd>–<kbd className="font-mono">{maxLevel}</kbd> rate and move on,{' '}
        <kbd className="font-mono">n</kbd> not applicable, <kbd className="font-mono">j</kbd>/
        <kbd className="font-mono">k</kbd> or arrows move. Your rating sits beside theirs; it never replaces it.
      </p>
    </>
  );
}
