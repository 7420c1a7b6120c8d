import { z } from 'zod';
import { membershipIdSchema } from '@/lib/members/schemas';
import { teamIdSchema } from '@/lib/teams/schemas';
import { NO_NUL, NO_NUL_MESSAGE } from '@/lib/validation/text';

export const PROFILE_NAME_MAX = 80;
export const PROFILE_DESCRIPTION_MAX = 500;
/** The default scale is 0–4; targets above the scale would be unreachable. */
export const TARGET_LEVEL_MAX = 4;

export const profileIdSchema = z.guid('Role profile was not found.');
export const nodeIdSchema = z.guid('Skill node was not found.');

const profileNameSchema = z
  .string('Enter a profile name.')
  .trim()
  .min(1, 'Enter a profile name.')
  .max(PROFILE_NAME_MAX, `Keep the name to ${PROFILE_NAME_MAX} characters or fewer.`)
  .regex(NO_NUL, NO_NUL_MESSAGE);

const descriptionSchema = z
  .string('The description must be text.')
  .trim()
  .max(PROFILE_DESCRIPTION_MAX, `Keep the description to ${PROFILE_DESCRIPTION_MAX} characters or fewer.`)
  .regex(NO_NUL, NO_NUL_MESSAGE)
  .optional()
  .transform((value) => (value ? value : null));

/** '' (the "—" option) clears the target; FormData sends levels as strings. */
const targetLevelSchema = z.union([
  z.literal(''),
  z.coerce
    .number('Choose a level.')
    .int('Choose a whole level.')
    .min(0, 'Choose a level from 0 to 4.')
    .max(TARGET_LEVEL_MAX, `Choose a level from 0 to ${TARGET_LEVEL_MAX}.`),
]);

export const createProfileSchema = z.object({ name: profileNameSchema, description: descriptionSchema });
export const renameProfileSchema = z.object({
  profileId: profileIdSchema,
  name: profileNameSchema,
  description: descriptionSchema,
});
export const deleteProfileSchema = z.object({ profileId: profileIdSchema });
export const setProfileTargetSchema = z.object({
  profileId: profileIdSchema,
  nodeId: nodeIdSchema,
  level: targetLevelSchema,
});
export const assignProfileSchema = z.object({ profileId: profileIdSchema, membershipId: membershipIdSchema });
export const unassignProfileSchema = z.object({ membershipId: membershipIdSchema });
export const setTeamTargetSchema = z.object({ teamId: teamIdSchema, nodeId: nodeIdSchema, level: targetLevelSchema });
