/**
 * What "done" means for a self rating, in the browser's terms (no database,
 * no zod: /assess imports it). A rating carried over from the last cycle is
 * a proposal until the member confirms it or changes it in this cycle; only
 * then is it done. Every figure counts three things apart:
 *
 * - rated: a level or n/a the member gave in this cycle (new or changed);
 * - confirmed: carried over and confirmed as still true in this cycle;
 * - to confirm: carried over, neither confirmed nor changed yet — not done.
 *
 * lib/assessments/completion.ts says the same in SQL for every server figure
 * (home, /me, team completion and its reminder list, the /teams list, the
 * manager's home), and tests/integration/assessments/completion.test.ts holds
 * the two to the same answer.
 */
import { isRated, type RatingValue } from './rating-value';

type Value = Pick<RatingValue, 'level' | 'notApplicable' | 'carriedOver' | 'confirmed'> | undefined;

export type CompletionState = 'rated' | 'confirmed' | 'toConfirm' | 'unrated';

/** Where one self rating stands in this cycle. */
export function completionState(value: Value): CompletionState {
  if (!isRated(value)) return 'unrated';
  if (!value!.carriedOver) return 'rated';
  return value!.confirmed ? 'confirmed' : 'toConfirm';
}

/** Rated or confirmed in this cycle: what completion counts. */
export function isDone(value: Value): boolean {
  const state = completionState(value);
  return state === 'rated' || state === 'confirmed';
}

/** Pre-filled from the last cycle and not yet confirmed or changed. */
export function isToConfirm(value: Value): boolean {
  return completionState(value) === 'toConfirm';
}

export interface CompletionCounts {
  /** Skills of the cycle. */
  total: number;
  /** Given a level or n/a in this cycle (new or changed). */
  rated: number;
  /** Carried over and confirmed as still true in this cycle. */
  confirmed: number;
  /** Carried over from the last cycle, waiting for the member to confirm or change them: not done. */
  toConfirm: number;
  /** rated + confirmed: what "done" and the percentage count. */
  done: number;
}

export const NO_COMPLETION: CompletionCounts = { total: 0, rated: 0, confirmed: 0, toConfirm: 0, done: 0 };

export function completionOf(values: Readonly<Record<string, Value>>, skillIds: readonly string[]): CompletionCounts {
  let rated = 0;
  let confirmed = 0;
  let toConfirm = 0;
  for (const id of skillIds) {
    const state = completionState(values[id]);
    if (state === 'rated') rated += 1;
    else if (state === 'confirmed') confirmed += 1;
    else if (state === 'toConfirm') toConfirm += 1;
  }
  return { total: skillIds.length, rated, confirmed, toConfirm, done: rated + confirmed };
}

/** Adds up counts (a team's members, a member's sections). */
export function sumCompletion(parts: readonly CompletionCounts[]): CompletionCounts {
  return parts.reduce(
    (sum, part) => ({
      total: sum.total + part.total,
      rated: sum.rated + part.rated,
      confirmed: sum.confirmed + part.confirmed,
      toConfirm: sum.toConfirm + part.toConfirm,
      done: sum.done + part.done,
    }),
    NO_COMPLETION,
  );
}

/** Every skill done. */
export function isComplete({ done, total }: Pick<CompletionCounts, 'done' | 'total'>): boolean {
  return total > 0 && done >= total;
}

/** Whole percent done, 0 without skills; 100 only when every skill is done. */
export function percentDone({ done, total }: Pick<CompletionCounts, 'done' | 'total'>): number {
  if (total <= 0) return 0;
  const percent = Math.round((done / total) * 100);
  // 319.6 of 320 must not read as finished.
  return percent === 100 && done < total ? 99 : percent;
}

/** "12 rated · 30 confirmed · 5 to confirm" (the parts that are not zero), for a line under a figure. */
export function completionBreakdown(counts: Pick<CompletionCounts, 'rated' | 'confirmed' | 'toConfirm'>): string {
  const parts = [`${counts.rated} rated`];
  if (counts.confirmed > 0) parts.push(`${counts.confirmed} confirmed`);
  if (counts.toConfirm > 0) parts.push(`${counts.toConfirm} to confirm`);
  return parts.join(' · ');
}
