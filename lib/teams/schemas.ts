import { z } from 'zod';
import { membershipIdSchema } from '@/lib/members/schemas';
import { NO_NUL, NO_NUL_MESSAGE } from '@/lib/validation/text';

export const TEAM_NAME_MAX = 80;

export const teamIdSchema = z.guid('Team was not found.');

/** A team picked in a form where "no team" is an option (sent as ''): undefined, or a team id. */
export const optionalTeamIdSchema = z
  .string()
  .trim()
  .max(64)
  .optional()
  .transform((value) => value || undefined)
  .pipe(z.guid('Choose a team from the list.').optional());

export const teamNameSchema = z
  .string('Enter a team name.')
  .trim()
  .min(1, 'Enter a team name.')
  .max(TEAM_NAME_MAX, `Keep the name to ${TEAM_NAME_MAX} characters or fewer.`)
  .regex(NO_NUL, NO_NUL_MESSAGE);

export const createTeamSchema = z.object({ name: teamNameSchema });
export const renameTeamSchema = z.object({ teamId: teamIdSchema, name: teamNameSchema });
export const teamTargetSchema = z.object({ teamId: teamIdSchema });
export const teamMembershipSchema = z.object({ teamId: teamIdSchema, membershipId: membershipIdSchema });
