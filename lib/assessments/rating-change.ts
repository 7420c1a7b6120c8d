/**
 * The shape of one rating change as the browser sends it. Pure (zod only) so
 * the save queue in the browser and the server action share one definition.
 */
import { z } from 'zod';
import { NO_NUL, NO_NUL_MESSAGE } from '@/lib/validation/text';
import { ABSOLUTE_MAX_LEVEL, MAX_CHANGES_PER_BATCH, NOTE_MAX_LENGTH, type RatingValue } from './rating-value';

export {
  ABSOLUTE_MAX_LEVEL,
  MAX_BATCH_BYTES,
  MAX_CHANGES_PER_BATCH,
  NOTE_MAX_LENGTH,
  isRated,
  type RatingValue,
} from './rating-value';

/** What one change of a rating says, as every save path receives it (the autosave, the action, /api/v1/ratings). */
export const ratingFields = {
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
  changedAt: z.iso
    .datetime({ offset: true })
    // The shape lets year 0 through, which PostgreSQL's timestamptz refuses (the statement would
    // fail: a 500). Nothing is rated before 1970; a time ahead of the server is capped at now.
    .refine((value) => Date.parse(value) >= 0, 'changedAt: a time after 1970.'),
  /**
   * "Still true": confirms the value carried over from the last cycle as it stands, instead of
   * setting one (the other fields are then what the browser shows and are not written). A value
   * that is not carried over (already changed, or changed in another tab) is left alone.
   */
  confirm: z.boolean().optional(),
};
export const notApplicableHasNoLevel = (change: { notApplicable: boolean; level: number | null }) =>
  !(change.notApplicable && change.level !== null);
export const notApplicableMessage = { message: '“Not applicable” cannot have a level.', path: ['level'] };

export const ratingChangeSchema = z
  .object({
    ...ratingFields,
    /** Lets the browser drop exactly the changes the server confirmed. */
    clientChangeId: z.string().trim().min(1).max(100).regex(NO_NUL, NO_NUL_MESSAGE),
  })
  .refine(notApplicableHasNoLevel, notApplicableMessage);

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

/**
 * Batched autosave (`POST /api/ratings/batch`): the changes of a short window from one
 * browser, in the order they were made. `clientId` names the browser's queue and `seq`
 * numbers its changes, increasing: the server keeps the highest number per skill, so a
 * retried or overtaken request can never overwrite a newer value, and a replay is harmless.
 */
export const ratingBatchChangeSchema = z
  .object({
    ...ratingFields,
    seq: z
      .number()
      .int('A sequence number is a whole number.')
      .min(1, 'Sequence numbers start at 1.')
      .max(Number.MAX_SAFE_INTEGER, 'Sequence number too large.'),
  })
  .refine(notApplicableHasNoLevel, notApplicableMessage);

export const ratingBatchSchema = z
  .object({
    cycleId: z.uuid('Unknown assessment cycle.'),
    clientId: z
      .string()
      .min(8, 'clientId: 8 to 64 letters, digits, "-" or "_".')
      .max(64, 'clientId: 8 to 64 letters, digits, "-" or "_".')
      .regex(/^[A-Za-z0-9_-]+$/, 'clientId: 8 to 64 letters, digits, "-" or "_".'),
    changes: z
      .array(ratingBatchChangeSchema)
      .min(1, 'Nothing to save.')
      .max(MAX_CHANGES_PER_BATCH, `At most ${MAX_CHANGES_PER_BATCH} changes at once.`),
  })
  .refine((batch) => batch.changes.every((change, i) => i === 0 || change.seq > batch.changes[i - 1]!.seq), {
    message: 'Changes must be sent in the order they were made (sequence numbers increasing).',
    path: ['changes'],
  });

export type RatingBatch = z.input<typeof ratingBatchSchema>;
export type RatingBatchChange = z.input<typeof ratingBatchChangeSchema>;

/** The answer to a batch, by sequence number. */
export interface RatingBatchResult {
  /** Held by the server now: stored, superseded within the batch, or stored by an earlier attempt. */
  applied: number[];
  /** The server holds a newer value (another tab or device): shown instead. */
  stale: { seq: number; skillId: string; value: RatingValue }[];
}
