'use server';

import { z } from 'zod';
import { defineAuditedAction } from '@/lib/actions/define-action';
import { membershipIdSchema } from '@/lib/members/schemas';
import { eraseMember } from './erase-member';

const eraseSchema = z.object({
  membershipId: membershipIdSchema,
  // The confirm step: the admin types ERASE; a click alone erases nothing.
  confirmation: z
    .string('Type ERASE to confirm.')
    .trim()
    .refine((value) => value === 'ERASE', 'Type ERASE (in capitals) to confirm.'),
  // A checkbox: present ("on") keeps anonymous counts of their ratings, absent deletes them outright.
  keepAggregates: z
    .union([z.literal('on'), z.literal('true'), z.literal('false'), z.boolean()])
    .optional()
    .transform((value) => value === true || value === 'on' || value === 'true'),
});

/** An admin erases a member of their organization on request (lib/portability/erase-member.ts). */
export const eraseMemberAction = defineAuditedAction({
  input: eraseSchema,
  role: 'admin',
  audit: { events: ['member.erased'], target: 'membership' },
  revalidate: ['/admin'],
  write: async ({ input, tx, context }) => {
    const result = await eraseMember(tx, context.organization.id, input.membershipId, {
      keepAggregates: input.keepAggregates,
      actorMembershipId: context.membership.id,
    });
    if (!result.ok) return result;
    return {
      ok: true,
      message: result.aggregated
        ? `Member erased. ${result.ratingsRemoved} ratings were removed; anonymous counts of them are kept.`
        : `Member erased with their ${result.ratingsRemoved} ratings.`,
      // No name or email here: the audit log is kept, the person is not.
      audit: {
        targetId: input.membershipId,
        details: {
          ratingsRemoved: result.ratingsRemoved,
          keptAnonymousCounts: result.aggregated,
          accountAnonymised: result.accountAnonymised,
        },
      },
    };
  },
});
