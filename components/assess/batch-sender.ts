/**
 * The save queue's sender for batched autosave: one `POST /api/ratings/batch`
 * per batch, its answer turned into the queue's terms. Used by the page and,
 * with Node's fetch and a session cookie, by the fault scenario's HTTP users.
 *
 * Only the browser's types here (no zod): the server parses the body.
 */
import type { RatingBatch, RatingBatchResult } from '@/lib/assessments/rating-change';
import type { QueuedChange, Sender, SendOutcome, StaleChange } from './save-queue';

export const RATING_BATCH_PATH = '/api/ratings/batch';

export interface BatchSenderOptions {
  cycleId: string;
  /** The queue's id, read at send time. */
  clientId: () => string;
  /** Default: the page's origin. */
  url?: string;
  fetch?: typeof fetch;
  /** Extra headers (a script's cookie and origin). */
  headers?: Record<string, string>;
  /** Gives up on an answer after this long (default: never; the browser's own limits apply). */
  timeoutMs?: number;
}

/** The request body: the changes in queue order, without the browser-only ids. */
export function batchBody(cycleId: string, clientId: string, changes: readonly QueuedChange[]): RatingBatch {
  return {
    cycleId,
    clientId,
    changes: changes.map((change) => ({
      skillId: change.skillId,
      level: change.level,
      notApplicable: change.notApplicable,
      interest: change.interest,
      note: change.note,
      changedAt: change.changedAt,
      ...(change.confirm ? { confirm: true } : {}),
      seq: change.seq,
    })),
  };
}

/** Statuses worth trying again later: the server or something in front of it is busy or down. */
function retryable(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

export function createBatchSender(options: BatchSenderOptions): Sender {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  return async (changes, sendOptions): Promise<SendOutcome> => {
    const response = await doFetch(options.url ?? RATING_BATCH_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body: JSON.stringify(batchBody(options.cycleId, options.clientId(), changes)),
      credentials: 'same-origin',
      keepalive: sendOptions?.keepalive ?? false,
      signal: options.timeoutMs ? AbortSignal.timeout(options.timeoutMs) : undefined,
    });
    // Thrown: the queue keeps the changes and retries with backoff.
    if (retryable(response.status)) throw new Error(`the server answered ${response.status}`);
    const answer = (await response.json().catch(() => null)) as (RatingBatchResult & { error?: string }) | null;
    if (!response.ok || !answer || !Array.isArray(answer.applied) || !Array.isArray(answer.stale)) {
      // A refusal (bad input, closed cycle, signed out): the queue stops and asks the user.
      return { ok: false, error: answer?.error ?? `The server refused these changes (${response.status}).` };
    }
    const bySeq = new Map(changes.map((change) => [change.seq, change]));
    const idOf = (seq: number) => bySeq.get(seq)?.clientChangeId;
    const stale: StaleChange[] = [];
    for (const item of answer.stale) {
      const clientChangeId = idOf(item.seq);
      if (clientChangeId) stale.push({ clientChangeId, skillId: item.skillId, value: item.value });
    }
    return {
      ok: true,
      applied: answer.applied.map(idOf).filter((id): id is string => id !== undefined),
      stale,
    };
  };
}
