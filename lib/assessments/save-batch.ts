import 'server-only';
import type { Db } from '@/db';
import type { RatingBatchResult } from './rating-change';
import { saveOwnRatings, type RatingOwner, type SessionOwner } from './save-ratings';

/** A batch as `ratingBatchSchema` outputs it. */
export interface ParsedBatch {
  cycleId: string;
  clientId: string;
  changes: {
    skillId: string;
    level: number | null;
    notApplicable: boolean;
    interest: boolean;
    note: string | null;
    changedAt: string;
    confirm?: boolean | undefined;
    seq: number;
  }[];
}

export type BatchAnswer =
  | { status: 200; body: RatingBatchResult }
  | { status: 400 | 404 | 409; body: { error: string; fieldErrors?: Partial<Record<string, string[]>> } };

/**
 * Batched autosave of the member's own ratings (`POST /api/ratings/batch`):
 * one statement for the whole batch (save-ratings.ts), answered by sequence number.
 * The route passes the session check (`SessionOwner`) for the statement to run itself.
 */
export async function saveRatingBatch(
  db: Db,
  owner: RatingOwner | SessionOwner,
  batch: ParsedBatch,
): Promise<BatchAnswer> {
  const outcome = await saveOwnRatings(db, owner, batch.cycleId, batch.changes, batch.clientId);
  if (!outcome.ok) {
    return {
      status: outcome.status,
      body: outcome.fieldErrors ? { error: outcome.error, fieldErrors: outcome.fieldErrors } : { error: outcome.error },
    };
  }
  return {
    status: 200,
    body: {
      applied: outcome.applied.map((index) => batch.changes[index]!.seq),
      stale: outcome.stale.map(({ index, value }) => ({
        seq: batch.changes[index]!.seq,
        skillId: batch.changes[index]!.skillId,
        value,
      })),
    },
  };
}
