/**
 * What the assessment page's browser code needs about ratings, without zod:
 * importing the schemas (rating-change.ts) into a client component ships all of
 * zod (~30 KB gzip) to every member's browser. The schemas re-export these.
 */
export const NOTE_MAX_LENGTH = 1000;
export const MAX_CHANGES_PER_BATCH = 400;
/** The largest batch request the save route reads: 400 changes with long notes fit, a runaway body does not. */
export const MAX_BATCH_BYTES = 2 * 1024 * 1024;
/** The schema allows at most 10; the framework's own top level is checked against the database. */
export const ABSOLUTE_MAX_LEVEL = 10;

/** The current value of a rating, as the page shows it. */
export interface RatingValue {
  level: number | null;
  notApplicable: boolean;
  interest: boolean;
  note: string | null;
  /** Pre-filled from the previous cycle and not changed in this one. */
  carriedOver: boolean;
  /** A carried-over value the member confirmed as still true in this cycle (done, like a change). */
  confirmed: boolean;
  changedAt: string;
}

export function isRated(value: Pick<RatingValue, 'level' | 'notApplicable'> | undefined): boolean {
  return Boolean(value && (value.level !== null || value.notApplicable));
}
