'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/define-action';
import { requestIp } from '@/lib/http/request-meta';
import { agreeSectionInputSchema, agreeWithSectionSelfRatings } from './calibration-board';
import { managerRatingInputSchema, saveManagerRating } from './manager-ratings';

function refreshTeamPages() {
  try {
    revalidatePath('/teams', 'layout');
  } catch {
    // Outside a Next request (tests, scripts) there is nothing cached to refresh.
  }
}

/** A manager's rating (and comment) beside a member's self rating; the finer checks live in saveManagerRating. */
export const saveManagerRatingAction = defineAction<
  typeof managerRatingInputSchema,
  { level: number | null; notApplicable: boolean }
>({
  input: managerRatingInputSchema,
  role: 'manager',
  run: async ({ input, db, context }) => {
    const result = await saveManagerRating(db, context, input, await requestIp());
    if (result.ok) refreshTeamPages();
    return result;
  },
});

/** "Agree with the self ratings" of one section: a manager rating equal to each self rating not yet reviewed. */
export const agreeWithSectionAction = defineAction<
  typeof agreeSectionInputSchema,
  { agreed: number; skillIds: string[] }
>({
  input: agreeSectionInputSchema,
  role: 'manager',
  run: async ({ input, db, context }) => {
    const result = await agreeWithSectionSelfRatings(db, context, input, await requestIp());
    if (result.ok && result.data && result.data.agreed > 0) refreshTeamPages();
    return result;
  },
});
