'use server';

import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { assessmentCycles } from '@/db/schema';
import { defineAction } from '@/lib/actions/define-action';
import { RATING_VIEWS } from '@/lib/insight/effective-ratings';
import { MAX_LEVEL_GAP } from './filters';
import { requestGapSnapshot } from './gap-snapshot';

/**
 * "Refresh now" on the organization-wide gap report served from a snapshot: queues its recomputation.
 * Changes no data (the report's figures are recomputed from the ratings and targets), so nothing is audited.
 */
export const refreshGapSnapshotAction = defineAction({
  input: z.object({
    cycleId: z.uuid('Unknown cycle.'),
    view: z.enum(RATING_VIEWS, { error: 'Unknown rating view.' }),
    minGap: z.coerce.number().int().min(1).max(MAX_LEVEL_GAP),
    interestOnly: z.enum(['true', 'false']).transform((value) => value === 'true'),
  }),
  role: 'admin',
  run: async ({ input, db, context }) => {
    const organizationId = context.organization.id;
    const [cycle] = await db
      .select({ id: assessmentCycles.id })
      .from(assessmentCycles)
      .where(and(eq(assessmentCycles.organizationId, organizationId), eq(assessmentCycles.id, input.cycleId)))
      .limit(1);
    if (!cycle) return { ok: false, error: 'This cycle is not one of your organization’s.' };
    await requestGapSnapshot(db, { organizationId, ...input });
    return {
      ok: true,
      message: 'The figures are being recomputed; reload this page in a few minutes to see them.',
    };
  },
});
