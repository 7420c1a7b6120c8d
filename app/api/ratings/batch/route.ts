import { MAX_BATCH_BYTES, ratingBatchSchema } from '@/lib/assessments/rating-change';
import { saveRatingBatch } from '@/lib/assessments/save-batch';
import { defineRoute } from '@/lib/http/define-route';

export const dynamic = 'force-dynamic';

/**
 * Batched autosave: the changes of a short window of one member's /assess page in one
 * request (components/assess/save-queue.ts). The leanest save path: no proxy pass, one
 * session lookup and one SQL statement per batch, no React rendering, no server-action encoding.
 */
export const POST = defineRoute({
  body: ratingBatchSchema,
  maxBodyBytes: MAX_BATCH_BYTES,
  role: 'member',
  // Not through proxy.ts (its matcher excludes this path, for the cost): its origin rule and HSTS apply here.
  outsideProxy: true,
  run: async ({ body, db, context }) => {
    const answer = await saveRatingBatch(
      db,
      { organizationId: context.organization.id, membershipId: context.membership.id },
      body,
    );
    return Response.json(answer.body, { status: answer.status, headers: { 'cache-control': 'no-store' } });
  },
});
