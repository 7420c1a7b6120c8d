'use server';

import { defineAction, defineAuditedAction } from '@/lib/actions/define-action';
import { refreshPages } from '@/lib/actions/revalidate';
import { requestIp } from '@/lib/http/request-meta';
import { agreeSectionInputSchema, agreeWithSectionSelfRatings } from './calibration-board';
import { managerRatingInputSchema, requireMayRateMember, saveManagerRating } from './manager-ratings';

/** A manager's rating (and comment) beside a member's self rating. */
export const saveManagerRatingAction = defineAuditedAction<
  typeof managerRatingInputSchema,
  { level: number | null; notApplicable: boolean }
>({
  input: managerRatingInputSchema,
  role: 'manager',
  authorize: {
    rule: 'manages a team the member is on (admins: anyone in the organization), never for themselves',
    check: ({ input, db, context }) => requireMayRateMember(db, context, input.membershipId),
  },
  audit: { events: ['rating.manager_saved'], target: 'membership' },
  revalidate: ['/teams'],
  write: ({ input, tx, context }) => saveManagerRating(tx, context, input),
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
    if (result.ok && result.data && result.data.agreed > 0) refreshPages('/teams');
    return result;
  },
});
