import { z } from 'zod';
import { NO_NUL, NO_NUL_MESSAGE } from '@/lib/validation/text';

/** Ids are UUIDs; a path id that is not one is "not found" (define-api-route.ts). */
export const id = () => z.guid();
export const timestamp = () => z.iso.datetime({ offset: true });

export const reference = z.strictObject({ id: id(), name: z.string() }).meta({
  id: 'Reference',
  description: 'Another resource, by id and name.',
});

/** Free text of a filter (`q`): PostgreSQL text cannot hold NUL, so it is refused here rather than failing the query. */
export const searchText = (description: string) =>
  z.string().trim().max(100, 'At most 100 characters.').regex(NO_NUL, NO_NUL_MESSAGE).optional().describe(description);

/** A name inside a cursor (a list's sort key): the same rule, for a cursor someone made by hand. */
export const cursorName = () => z.string().max(1000).regex(NO_NUL);
