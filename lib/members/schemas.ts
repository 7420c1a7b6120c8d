import { z } from 'zod';
import { MEMBERSHIP_ROLES } from '@/db/schema';

/** Membership ids arrive from hidden inputs: anything malformed is simply "not found". */
export const membershipIdSchema = z.guid('Member was not found.');

export const changeRoleSchema = z.object({
  membershipId: membershipIdSchema,
  role: z.enum(MEMBERSHIP_ROLES, 'Choose member, manager or admin.'),
});

export const membershipTargetSchema = z.object({ membershipId: membershipIdSchema });
