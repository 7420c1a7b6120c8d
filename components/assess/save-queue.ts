/**
 * The browser side of autosave: an ordered, persistent queue of rating changes.
 *
 * Every change is written to storage (localStorage, keyed by organization,
 * cycle and member) before it is sent, so a change made while the server is
 * unreachable survives a reload. Changes go out oldest first, in batches, one
 * request at a time; with `coalesceMs` the changes of that window travel in
 * one request (the page flushes at once when it loses focus or is hidden). A
 * request that fails to reach the server is retried with backoff (and at once
 * when the browser says it is online). A refusal from the server (say, the
 * cycle was closed) is not retried blindly: the queue stops and keeps the
 * changes until the user retries or discards.
 *
 * Each change gets a sequence number, increasing per browser (`clientId`),
 * when it is queued: the server keeps the highest per skill, so a retry, a
 * request overtaken by a later one, or a last send as the page closes can
 * never overwrite a newer value, and sending a change twice is harmless.
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
/** A change as the queue keeps it: numbered when it was queued. */
export type QueuedChange = RatingChange & { seq: number };
export interface SendOptions {
  /** The page is going away: the request must outlive it (`fetch(…, { keepalive: true })`). */
  keepalive?: boolean;
}
/** Resolves with the server's answer; rejects when the server could not be reached (or failed). */
export type Sender = (changes: QueuedChange[], options?: SendOptions) => Promise<SendOutcome>;

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
  /** Waits this long after a change for more before sending (0: at once). */
  coalesceMs?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  timers?: Timers;
}

/** keepalive requests may carry at most 64 KiB in flight; a last send stays under it. */
const KEEPALIVE_BUDGET = 60_000;

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
    (change.note === null || typeof change.note === 'string') &&
    (change.seq === undefined || (typeof change.seq === 'number' && Number.isSafeInteger(change.seq)))
  );
}

function randomId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export class SaveQueue {
  private memory: QueuedChange[] = [];
  private inFlight = false;
  private halted: string | null = null;
  private attempts = 0;
  private retryHandle: unknown = null;
  private coalesceHandle: unknown = null;
  private disposed = false;
  private memoryClientId: string | null = null;
  private lastSeq = 0;
  /** Keeps two tabs numbering in the same millisecond apart. */
  private readonly seqSalt = Math.floor(Math.random() * 1024);
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
  pending(): QueuedChange[] {
    return this.read();
  }

  /** Names this browser's queue to the server: its sequence numbers are compared among themselves. */
  get clientId(): string {
    const { storage, key } = this.options;
    try {
      const stored = storage?.getItem(`${key}:client`);
      if (stored) return stored;
    } catch {
      // Storage refused: the id lives in memory for this page's life.
    }
    this.memoryClientId ??= randomId().replace(/[^A-Za-z0-9_-]/g, '');
    try {
      storage?.setItem(`${key}:client`, this.memoryClientId);
    } catch {
      // As above.
    }
    return this.memoryClientId;
  }

  get state(): QueueState {
    const pending = this.read().length;
    if (this.halted) return { status: 'error', pending, error: this.halted };
    if (this.retryHandle !== null || (this.attempts > 0 && pending > 0))
      return { status: 'offline', pending, error: null };
    if (this.inFlight || pending > 0) return { status: 'saving', pending, error: null };
    return { status: 'saved', pending: 0, error: null };
  }

  /** Stores the change with the next sequence number, then sends it (at once, or when the window closes). */
  enqueue(change: RatingChange): void {
    const items = this.read();
    items.push({ ...change, seq: this.nextSeq() });
    this.write(items);
    this.emit();
    const window = this.options.coalesceMs ?? 0;
    if (window <= 0) {
      void this.flush();
      return;
    }
    if (this.coalesceHandle !== null) return;
    this.coalesceHandle = this.timers.setTimeout(() => {
      this.coalesceHandle = null;
      void this.flush();
    }, window);
  }

  /** Sends now what is waiting for the window to close (the page lost focus). */
  flushNow(): Promise<void> {
    this.cancelCoalesce();
    return this.flush();
  }

  /**
   * The page is being hidden or closed: one last request, kept alive past the
   * page, with what is pending (even if a request is in flight — the sequence
   * numbers make sending a change twice harmless). What it does not confirm
   * stays in storage for the next visit.
   */
  async flushOnExit(): Promise<void> {
    this.cancelCoalesce();
    if (this.disposed || this.halted) return;
    const batch: QueuedChange[] = [];
    const encoder = new TextEncoder();
    let bytes = 200;
    for (const change of this.read().slice(0, this.options.batchSize ?? 100)) {
      bytes += encoder.encode(JSON.stringify(change)).length;
      if (batch.length > 0 && bytes > KEEPALIVE_BUDGET) break;
      batch.push(change);
    }
    if (batch.length === 0) return;
    try {
      const outcome = await this.options.send(batch, { keepalive: true });
      if (outcome.ok) this.answered(batch, outcome.stale);
    } catch {
      // Still in storage: sent on the next visit.
    }
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
      this.answered(batch, outcome.stale);
    }
  }

  /** The server answered for the whole batch (applied or stale): it leaves the queue. */
  private answered(batch: readonly QueuedChange[], stale: StaleChange[]): void {
    const answered = new Set(batch.map((change) => change.clientChangeId));
    this.write(this.read().filter((change) => !answered.has(change.clientChangeId)));
    if (stale.length > 0) this.options.onStale?.(stale);
    this.emit();
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
    this.cancelCoalesce();
  }

  /** Increasing per browser, across reloads and tabs (the last number is kept in storage), and unique per tab. */
  private nextSeq(): number {
    const { storage, key } = this.options;
    let stored = 0;
    try {
      stored = Number(storage?.getItem(`${key}:seq`) ?? 0) || 0;
    } catch {
      // Storage refused: memory alone keeps the order for this page.
    }
    const seq = Math.max(this.lastSeq + 1, stored + 1, Date.now() * 1024 + this.seqSalt);
    this.lastSeq = seq;
    try {
      storage?.setItem(`${key}:seq`, String(seq));
    } catch {
      // As above.
    }
    return seq;
  }

  private cancelCoalesce(): void {
    if (this.coalesceHandle !== null) this.timers.clearTimeout(this.coalesceHandle);
    this.coalesceHandle = null;
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

  private read(): QueuedChange[] {
    const { storage, key } = this.options;
    if (!storage) return [...this.memory];
    let items: (RatingChange & { seq?: number })[];
    try {
      const raw = storage.getItem(key);
      if (!raw) return [];
      const parsed: unknown = JSON.parse(raw);
      items = Array.isArray(parsed) ? parsed.filter(isChange) : [];
    } catch {
      return [...this.memory];
    }
    if (items.every((change) => change.seq !== undefined)) return items as QueuedChange[];
    // Queued by a page from before changes were numbered: numbered now, in their order, and kept.
    const numbered = items.map((change) => ({ ...change, seq: change.seq ?? this.nextSeq() }));
    this.write(numbered);
    return numbered;
  }

  private write(items: QueuedChange[]): void {
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
