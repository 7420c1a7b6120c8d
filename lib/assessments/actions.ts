'use server';

import { z } from 'zod';
import { defineAction } from '@/lib/actions/define-action';
import { confirmSection } from './confirm-section';
import { saveRatingsInputSchema, type SaveRatingsResult } from './rating-change';
import { saveOwnRatings } from './save-ratings';

/** Autosave of the member's own ratings: a small, ordered batch of changes from the browser's queue. */
export const saveRatingsAction = defineAction<typeof saveRatingsInputSchema, SaveRatingsResult>({
  input: saveRatingsInputSchema,
  role: 'member',
  run: async ({ input, db, context }) =>
    saveOwnRatings(
      db,
      { organizationId: context.organization.id, membershipId: context.membership.id },
      input.cycleId,
      input.changes,
    ),
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
