/**
 * The browser side of autosave: an ordered, persistent queue of rating changes.
 *
 * Every change is written to storage (localStorage, keyed by organization,
 * cycle and member) before it is sent, so a change made while the server is
 * unreachable survives a reload. Changes go out oldest first, in small
 * batches, one request at a time; a request that fails to reach the server is
 * retried with backoff (and at once when the browser says it is online). A
 * refusal from the server (say, the cycle was closed) is not retried blindly:
 * the queue stops and keeps the changes until the user retries or discards.
 *
 * Storage, not memory, is the source of truth, so two tabs of the same
 * assessment append to one queue instead of overwriting each other's.
 *
 * No React and no DOM beyond what is passed in: unit-tested with fakes.
 */
import type { RatingChange, RatingValue } from '@/lib/assessments/rating-change';

export interface QueueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface StaleChange {
  clientChangeId: string;
  skillId: string;
  value: RatingValue;
}

export type SendOutcome = { ok: true; applied: string[]; stale: StaleChange[] } | { ok: false; error: string };
/** Resolves with the server's answer; rejects when the server could not be reached (or failed). */
export type Sender = (changes: RatingChange[]) => Promise<SendOutcome>;

export type QueueStatus = 'saved' | 'saving' | 'offline' | 'error';

export interface QueueState {
  status: QueueStatus;
  pending: number;
  error: string | null;
}

export interface Timers {
  setTimeout: (callback: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

export interface SaveQueueOptions {
  key: string;
  /** null when the browser refuses storage (private mode): the queue then lives in memory only. */
  storage: QueueStorage | null;
  send: Sender;
  onState?: (state: QueueState) => void;
  /** Changes the server ignored because it holds a newer value: the page shows the server's. */
  onStale?: (stale: StaleChange[]) => void;
  batchSize?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  timers?: Timers;
}

export function queueKey(organizationId: string, cycleId: string, membershipId: string): string {
  return `skillgrid:assess:${organizationId}:${cycleId}:${membershipId}`;
}

function isChange(value: unknown): value is RatingChange {
  if (typeof value !== 'object' || value === null) return false;
  const change = value as Record<string, unknown>;
  return (
    typeof change.skillId === 'string' &&
    typeof change.clientChangeId === 'string' &&
    typeof change.changedAt === 'string' &&
    typeof change.notApplicable === 'boolean' &&
    typeof change.interest === 'boolean' &&
    (change.level === null || typeof change.level === 'number') &&
    (change.note === null || typeof change.note === 'string')
  );
}

export class SaveQueue {
  private memory: RatingChange[] = [];
  private inFlight = false;
  private halted: string | null = null;
  private attempts = 0;
  private retryHandle: unknown = null;
  private disposed = false;
  private lastState: QueueState | null = null;
  private readonly timers: Timers;

  constructor(private readonly options: SaveQueueOptions) {
    this.timers = options.timers ?? {
      setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
      clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
    };
    this.memory = this.read();
  }

  /** Changes not yet confirmed by the server, oldest first. */
  pending(): RatingChange[] {
    return this.read();
  }

  get state(): QueueState {
    const pending = this.read().length;
    if (this.halted) return { status: 'error', pending, error: this.halted };
    if (this.retryHandle !== null || (this.attempts > 0 && pending > 0))
      return { status: 'offline', pending, error: null };
    if (this.inFlight || pending > 0) return { status: 'saving', pending, error: null };
    return { status: 'saved', pending: 0, error: null };
  }

  /** Stores the change, then tries to send it at once. */
  enqueue(change: RatingChange): void {
    const items = this.read();
    items.push(change);
    this.write(items);
    this.emit();
    void this.flush();
  }

  /** Sends what is pending, batch after batch, until the queue is empty or the server is unreachable. */
  async flush(): Promise<void> {
    while (!this.disposed && !this.inFlight && !this.halted) {
      const batch = this.read().slice(0, this.options.batchSize ?? 100);
      if (batch.length === 0) {
        this.attempts = 0;
        this.emit();
        return;
      }
      this.inFlight = true;
      this.emit();
      let outcome: SendOutcome;
      try {
        outcome = await this.options.send(batch);
      } catch {
        this.inFlight = false;
        this.attempts += 1;
        this.scheduleRetry();
        this.emit();
        return;
      }
      this.inFlight = false;
      if (!outcome.ok) {
        this.halted = outcome.error;
        this.emit();
        return;
      }
      this.attempts = 0;
      this.cancelRetry();
      // The server answered for the whole batch (applied or stale): it leaves the queue.
      const answered = new Set(batch.map((change) => change.clientChangeId));
      this.write(this.read().filter((change) => !answered.has(change.clientChangeId)));
      if (outcome.stale.length > 0) this.options.onStale?.(outcome.stale);
      this.emit();
    }
  }

  /** After `online`, or the user's "Retry": forget the backoff and the last refusal, send now. */
  retryNow(): Promise<void> {
    this.cancelRetry();
    this.attempts = 0;
    this.halted = null;
    this.emit();
    return this.flush();
  }

  /** Drops everything pending (the user's choice after a refusal). */
  discard(): void {
    this.write([]);
    this.halted = null;
    this.attempts = 0;
    this.cancelRetry();
    this.emit();
  }

  dispose(): void {
    this.disposed = true;
    this.cancelRetry();
  }

  private scheduleRetry(): void {
    this.cancelRetry();
    const initial = this.options.initialBackoffMs ?? 1000;
    const max = this.options.maxBackoffMs ?? 15_000;
    const delay = Math.min(max, initial * 2 ** Math.max(0, this.attempts - 1));
    this.retryHandle = this.timers.setTimeout(() => {
      this.retryHandle = null;
      void this.flush();
    }, delay);
  }

  private cancelRetry(): void {
    if (this.retryHandle !== null) this.timers.clearTimeout(this.retryHandle);
    this.retryHandle = null;
  }

  private emit(): void {
    const next = this.state;
    const last = this.lastState;
    if (last && last.status === next.status && last.pending === next.pending && last.error === next.error) return;
    this.lastState = next;
    this.options.onState?.(next);
  }

  private read(): RatingChange[] {
    const { storage, key } = this.options;
    if (!storage) return [...this.memory];
    try {
      const raw = storage.getItem(key);
      if (!raw) return [];
      const parsed: unknown = JSON.parse(raw);
      return Array.isArray(parsed) ? parsed.filter(isChange) : [];
    } catch {
      return [...this.memory];
    }
  }

  private write(items: RatingChange[]): void {
    this.memory = items;
    const { storage, key } = this.options;
    if (!storage) return;
    try {
      if (items.length === 0) storage.removeItem(key);
      else storage.setItem(key, JSON.stringify(items));
    } catch {
      // Storage full or refused: the queue keeps working from memory for this page's life.
    }
  }
}
