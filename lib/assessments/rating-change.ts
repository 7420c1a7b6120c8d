/**
 * The shape of one rating change as the browser sends it. Pure (zod only) so
 * the save queue in the browser and the server action share one definition.
 */
import { z } from 'zod';
import { NO_NUL, NO_NUL_MESSAGE } from '@/lib/validation/text';
import { ABSOLUTE_MAX_LEVEL, MAX_CHANGES_PER_BATCH, NOTE_MAX_LENGTH, type RatingValue } from './rating-value';

export { ABSOLUTE_MAX_LEVEL, MAX_CHANGES_PER_BATCH, NOTE_MAX_LENGTH, isRated, type RatingValue } from './rating-value';

export const ratingChangeSchema = z
  .object({
    skillId: z.uuid('Unknown skill.'),
    level: z.number().int().min(0).max(ABSOLUTE_MAX_LEVEL).nullable(),
    notApplicable: z.boolean(),
    interest: z.boolean(),
    note: z
      .string()
      .trim()
      .max(NOTE_MAX_LENGTH, `A note can be at most ${NOTE_MAX_LENGTH} characters.`)
      .regex(NO_NUL, NO_NUL_MESSAGE)
      .nullable(),
    /** When the change was made in the browser: the newest change of a skill wins. */
    changedAt: z.iso.datetime({ offset: true }),
    /** Lets the browser drop exactly the changes the server confirmed. */
    clientChangeId: z.string().trim().min(1).max(100).regex(NO_NUL, NO_NUL_MESSAGE),
  })
  .refine((change) => !(change.notApplicable && change.level !== null), {
    message: '“Not applicable” cannot have a level.',
    path: ['level'],
  });

export const saveRatingsInputSchema = z.object({
  cycleId: z.uuid('Unknown assessment cycle.'),
  changes: z
    .array(ratingChangeSchema)
    .min(1, 'Nothing to save.')
    .max(MAX_CHANGES_PER_BATCH, `At most ${MAX_CHANGES_PER_BATCH} changes at once.`),
});

export type RatingChange = z.input<typeof ratingChangeSchema>;
export type SaveRatingsInput = z.input<typeof saveRatingsInputSchema>;

export interface SaveRatingsResult {
  applied: string[];
  /** Changes older than what the server holds (another tab was newer): the server's value, to show instead. */
  stale: { clientChangeId: string; skillId: string; value: RatingValue }[];
}
