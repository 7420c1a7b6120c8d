'use server';

import { defineAuditedAction } from '@/lib/actions/define-action';
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
export const agreeWithSectionAction = defineAuditedAction<
  typeof agreeSectionInputSchema,
  { agreed: number; skillIds: string[] }
>({
  input: agreeSectionInputSchema,
  role: 'manager',
  authorize: {
    rule: 'manages a team the member is on (admins: anyone in the organization), never for themselves',
    check: ({ input, db, context }) => requireMayRateMember(db, context, input.membershipId),
  },
  audit: { events: ['rating.manager_agreed_section'], target: 'membership' },
  revalidate: ['/teams'],
  write: ({ input, tx, context }) => agreeWithSectionSelfRatings(tx, context, input),
});
