'use client';

import { useEffect } from 'react';

function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement)
    return true;
  return target instanceof HTMLInputElement && !['radio', 'checkbox', 'button', 'submit'].includes(target.type);
}

/**
 * The keys of /assess on the calibration board: 0–max rate the current skill and move on (into the next
 * section at the end of one), n marks it not applicable, j/k or the arrows move. Typing in a field is
 * left alone, and so are shortcuts with a modifier.
 */
export function useCalibrationKeys({
  current,
  readOnly,
  maxLevel,
  advance,
  rate,
}: {
  /** The skill the keys act on: the active row, or the section's first. */
  current: string | undefined;
  readOnly: boolean;
  maxLevel: number;
  advance: (from: string, step: 1 | -1, crossSections: boolean) => void;
  rate: (skillId: string, level: number | null, notApplicable: boolean) => void;
}) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTextEntry(event.target)) return;
      if (!current) return;
      const key = event.key;
      if (key === 'j' || key === 'ArrowDown') {
        event.preventDefault();
        return advance(current, 1, false);
      }
      if (key === 'k' || key === 'ArrowUp') {
        event.preventDefault();
        return advance(current, -1, false);
      }
      if (readOnly) return;
      if (/^[0-9]$/.test(key) && Number(key) <= maxLevel) {
        event.preventDefault();
        rate(current, Number(key), false);
        return advance(current, 1, true);
      }
      if (key === 'n') {
        event.preventDefault();
        rate(current, null, true);
        return advance(current, 1, true);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [current, advance, readOnly, maxLevel, rate]);
}
