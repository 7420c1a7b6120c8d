/**
 * Whether the read replica (DATABASE_READ_URL) answers. Reports, heatmaps and
 * exports read it; when it is down they must fall back to the primary rather
 * than fail, and go back to it once it answers again.
 *
 * The answer is a cheap query (the caller's probe) with a short timeout,
 * asked at most once per `recheckMs` per process. Only the first call waits
 * for it; later calls get the last answer at once while a stale one is
 * refreshed in the background, so no request pays for the probe. A replica that goes down is noticed
 * within `recheckMs` (requests in between fail as before); one that comes
 * back is used again within the same delay.
 *
 * Per-process connection health, like the pool itself: nothing here needs to
 * be shared between instances.
 */

export interface ReplicaGateOptions {
  probe: () => Promise<unknown>;
  timeoutMs: number;
  recheckMs: number;
  now?: () => number;
  /** Called when the answer changes (and on the first answer when it is "down"). */
  onChange?: (usable: boolean, reason?: string) => void;
}

export interface ReplicaGate {
  usable(): Promise<boolean>;
}

function withTimeout(promise: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function createReplicaGate(options: ReplicaGateOptions): ReplicaGate {
  const now = options.now ?? Date.now;
  let answer: boolean | undefined;
  let answeredAt = Number.NEGATIVE_INFINITY;
  let pending: Promise<boolean> | undefined;

  const check = (): Promise<boolean> => {
    pending ??= (async () => {
      let usable = true;
      let reason: string | undefined;
      try {
        await withTimeout(Promise.resolve().then(options.probe), options.timeoutMs);
      } catch (error) {
        usable = false;
        reason = error instanceof Error ? error.message : String(error);
      }
      const changed = answer === undefined ? !usable : answer !== usable;
      answer = usable;
      answeredAt = now();
      pending = undefined;
      if (changed) options.onChange?.(usable, reason);
      return usable;
    })();
    return pending;
  };

  return {
    async usable() {
      if (answer === undefined) return check();
      if (now() - answeredAt >= options.recheckMs) void check();
      return answer;
    },
  };
}
