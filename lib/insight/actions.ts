'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/define-action';
import { requestIp } from '@/lib/http/request-meta';
import { managerRatingInputSchema, saveManagerRating } from './manager-ratings';

/** A manager's rating (and comment) beside a member's self rating; the finer checks live in saveManagerRating. */
export const saveManagerRatingAction = defineAction<
  typeof managerRatingInputSchema,
  { level: number | null; notApplicable: boolean }
>({
  input: managerRatingInputSchema,
  role: 'manager',
  run: async ({ input, db, context }) => {
    const result = await saveManagerRating(db, context, input, await requestIp());
    if (result.ok) {
      try {
        revalidatePath('/teams', 'layout');
      } catch {
        // Outside a Next request (tests, scripts) there is nothing cached to refresh.
      }
    }
    return result;
  },
});
