'use client';

import { useCallback, useEffect, useRef, useState, useTransition } from 'react';
import type { ActionResult } from '@/lib/actions/result';
import { agreeWithSectionAction, saveManagerRatingAction } from '@/lib/insight/actions';
import type { BoardSection } from '@/lib/insight/calibration-board';
import { initialValues, type ManagerValue, type ManagerValues } from './values';

export type SaveStatus =
  { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; text: string } | { kind: 'error'; text: string };

/**
 * The board's ratings and their saves: every change is shown at once and sent to the server one at a
 * time, in the order it was made; a refused save puts back what the server still has and says why.
 */
export function useCalibrationSaves({
  cycleId,
  membershipId,
  sections,
}: {
  cycleId: string;
  membershipId: string;
  sections: readonly BoardSection[];
}) {
  const [values, setValues] = useState<ManagerValues>(() => initialValues(sections));
  // The keyboard handler and the queued saves read the latest values without re-subscribing.
  const valuesRef = useRef(values);
  useEffect(() => {
    valuesRef.current = values;
  }, [values]);
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' });
  const [agreeing, startAgree] = useTransition();
  const queue = useRef<Promise<void>>(Promise.resolve());
  const pending = useRef(0);

  /** Saves one skill; changes go out one at a time, in the order they were made. */
  const save = useCallback(
    (skillId: string, next: ManagerValue, previous: ManagerValue | undefined, skillName: string) => {
      setValues((current) => ({ ...current, [skillId]: next }));
      pending.current += 1;
      setStatus({ kind: 'saving' });
      queue.current = queue.current.then(async () => {
        let result: ActionResult<unknown>;
        try {
          result = await saveManagerRatingAction({
            cycleId,
            membershipId,
            skillId,
            level: next.notApplicable ? null : next.level,
            notApplicable: next.notApplicable,
            note: next.note ?? '',
          });
        } catch {
          result = { ok: false, error: 'The server could not be reached.' };
        }
        pending.current -= 1;
        if (!result.ok) {
          // Put back what the server still has, and say what went wrong.
          setValues((current) => ({
            ...current,
            [skillId]: previous ?? { level: null, notApplicable: false, note: null },
          }));
          setStatus({ kind: 'error', text: `${skillName}: not saved. ${result.error}` });
          return;
        }
        if (pending.current === 0) setStatus({ kind: 'saved', text: 'All changes saved.' });
      });
    },
    [cycleId, membershipId],
  );

  /** "Agree with the self ratings" for a whole section: the member's level becomes the manager's where none is set. */
  const agreeWithSection = (section: BoardSection) => {
    startAgree(async () => {
      let result: ActionResult<{ agreed: number; skillIds: string[] }>;
      try {
        // After any single ratings still on their way, so the server sees them first.
        await queue.current;
        result = await agreeWithSectionAction({ cycleId, membershipId, sectionId: section.id });
      } catch {
        result = { ok: false, error: 'The server could not be reached.' };
      }
      if (!result.ok) return setStatus({ kind: 'error', text: result.error });
      const agreed = new Set(result.data?.skillIds ?? []);
      setValues((current) => {
        const next = { ...current };
        for (const skill of section.skills) {
          if (agreed.has(skill.skillId)) {
            next[skill.skillId] = {
              level: skill.selfLevel,
              notApplicable: skill.selfNotApplicable,
              note: current[skill.skillId]?.note ?? null,
            };
          }
        }
        return next;
      });
      setStatus({ kind: 'saved', text: result.message ?? 'Saved.' });
    });
  };

  return { values, valuesRef, status, save, agreeing, agreeWithSection };
}
