'use server';

import { z } from 'zod';
import { defineAction } from '@/lib/actions/define-action';
import { confirmSection } from './confirm-section';
import { saveRatingsInputSchema, type SaveRatingsResult } from './rating-change';
import { saveOwnRatings } from './save-ratings';

/**
 * The member's own rating changes as a server action, ordered by their timestamps. The
 * /assess page autosaves through `POST /api/ratings/batch` (sequence-numbered, leaner);
 * this stays for callers that hold no browser queue. Both run the same statement.
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

const confirmSectionSchema = z.object({
  cycleId: z.uuid('Unknown assessment cycle.'),
  sectionId: z.uuid('Unknown section.'),
});

/** One action per section when re-assessing an unchanged profile. */
export const confirmSectionAction = defineAction<typeof confirmSectionSchema, { confirmed: number }>({
  input: confirmSectionSchema,
  role: 'member',
  run: async ({ input, db, context }) =>
    confirmSection(
      db,
      { organizationId: context.organization.id, membershipId: context.membership.id },
      input.cycleId,
      input.sectionId,
    ),
});
