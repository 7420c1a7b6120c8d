'use server';

import { defineAction } from '@/lib/actions/define-action';
import { saveRatingsInputSchema, type SaveRatingsResult } from './rating-change';
import { saveOwnRatings } from './save-ratings';

/**
 * The member's own rating changes as a server action, ordered by their timestamps. The
 * /assess page autosaves through `POST /api/ratings/batch` (sequence-numbered, leaner);
 * this stays for callers that hold no browser queue. Both run the same statement, and
 * both confirm a carried-over value as still true the same way (a change with `confirm`).
 */
export const saveRatingsAction = defineAction<typeof saveRatingsInputSchema, SaveRatingsResult>({
  input: saveRatingsInputSchema,
  role: 'member',
  run: async ({ input, db, context }) => {
    const outcome = await saveOwnRatings(
      db,
      { organizationId: context.organization.id, membershipId: context.membership.id },
      input.cycleId,
      input.changes.map((change) => ({ ...change, seq: null })),
    );
    if (!outcome.ok) {
      return outcome.fieldErrors
        ? { ok: false, error: outcome.error, fieldErrors: outcome.fieldErrors }
        : { ok: false, error: outcome.error };
    }
    const idOf = (index: number) => input.changes[index]!.clientChangeId;
    return {
      ok: true,
      data: {
        applied: outcome.applied.map(idOf),
        stale: outcome.stale.map(({ index, value }) => ({
          clientChangeId: idOf(index),
          skillId: input.changes[index]!.skillId,
          value,
        })),
      },
    };
  },
});
