/**
 * What "done" means for a self rating, in the browser's terms (no database,
 * no zod: /assess imports it). A rating carried over from the last cycle is
 * a proposal until the member confirms it or changes it in this cycle; only
 * then is it done. lib/assessments/completion.ts says the same in SQL for
 * every server figure (home, /me, team completion and its reminder list,
 * the /teams list), and tests/integration/assessments/completion.test.ts
 * holds the two to the same answer.
 */
import { isRated, type RatingValue } from './rating-value';

type Value = Pick<RatingValue, 'level' | 'notApplicable' | 'carriedOver'> | undefined;

/** Rated (a level or n/a) and the member's own in this cycle: rated, changed or confirmed. */
export function isDone(value: Value): boolean {
  return isRated(value) && !value!.carriedOver;
}

/** Pre-filled from the last cycle and not yet confirmed or changed. */
export function isToConfirm(value: Value): boolean {
  return isRated(value) && value!.carriedOver;
}

export interface CompletionCounts {
  /** Skills of the cycle. */
  total: number;
  /** Rated, changed or confirmed in this cycle. */
  done: number;
  /** Carried over from the last cycle, waiting for the member to confirm or change them. */
  toConfirm: number;
}

export function completionOf(values: Readonly<Record<string, Value>>, skillIds: readonly string[]): CompletionCounts {
  let done = 0;
  let toConfirm = 0;
  for (const id of skillIds) {
    if (isDone(values[id])) done += 1;
    else if (isToConfirm(values[id])) toConfirm += 1;
  }
  return { total: skillIds.length, done, toConfirm };
}

/** Whole percent done, 0 without skills; 100 only when every skill is done. */
export function percentDone({ done, total }: Pick<CompletionCounts, 'done' | 'total'>): number {
  if (total <= 0) return 0;
  const percent = Math.round((done / total) * 100);
  // 319.6 of 320 must not read as finished.
  return percent === 100 && done < total ? 99 : percent;
}
