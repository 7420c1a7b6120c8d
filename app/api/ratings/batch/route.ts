import { MAX_BATCH_BYTES, ratingBatchSchema } from '@/lib/assessments/rating-change';
import { saveRatingBatch } from '@/lib/assessments/save-batch';
import { defineRoute } from '@/lib/http/define-route';

export const dynamic = 'force-dynamic';

/**
 * Batched autosave: the changes of a short window of one member's /assess page in one
 * request (components/assess/save-queue.ts). The leanest save path: no proxy pass, ONE SQL
 * statement per batch that checks the session itself (the membership, revocation, the session
 * generation: authorize.ts `sessionActorSql`) and saves, no React rendering, no server-action encoding.
 */
export const POST = defineRoute({
  body: ratingBatchSchema,
  maxBodyBytes: MAX_BATCH_BYTES,
  role: 'member',
  // Not through proxy.ts (its matcher excludes this path, for the cost): its origin rule and HSTS apply here.
  outsideProxy: true,
  // The session query and the save statement were two round trips per save: now one.
  sessionInStatement: true,
  run: async ({ body, db, session }) => {
    const answer = await saveRatingBatch(db, { session }, body);
    return Response.json(answer.body, { status: answer.status, headers: { 'cache-control': 'no-store' } });
  },
});
