import { describe, expect, it } from 'vitest';
import {
  SaveQueue,
  queueKey,
  type QueueState,
  type QueueStorage,
  type SendOutcome,
  type Timers,
} from '@/components/assess/save-queue';
import type { RatingChange } from '@/lib/assessments/rating-change';

class FakeStorage implements QueueStorage {
  readonly data = new Map<string, string>();
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.data.set(key, value);
  }
  removeItem(key: string) {
    this.data.delete(key);
  }
}

class FakeTimers implements Timers {
  private next = 1;
  readonly scheduled = new Map<number, { callback: () => void; ms: number }>();
  setTimeout = (callback: () => void, ms: number) => {
    const handle = this.next++;
    this.scheduled.set(handle, { callback, ms });
    return handle;
  };
  clearTimeout = (handle: unknown) => {
    this.scheduled.delete(handle as number);
  };
  delays() {
    return [...this.scheduled.values()].map((entry) => entry.ms);
  }
  runAll() {
    const entries = [...this.scheduled.entries()];
    this.scheduled.clear();
    for (const [, entry] of entries) entry.callback();
  }
}

let n = 0;
const change = (skillId: string, level: number | null = 1): RatingChange => {
  n += 1;
  return {
    skillId,
    level,
    notApplicable: false,
    interest: false,
    note: null,
    changedAt: new Date(1_700_000_000_000 + n).toISOString(),
    clientChangeId: `id-${n}`,
  };
};

const flushMicrotasks = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A server we control: records what it received, can be down, can refuse. */
function fakeServer() {
  const received: RatingChange[][] = [];
  const server = {
    up: true,
    refuse: null as string | null,
    received,
    send: async (changes: RatingChange[]): Promise<SendOutcome> => {
      await Promise.resolve();
      if (!server.up) throw new TypeError('Failed to fetch');
      if (server.refuse) return { ok: false, error: server.refuse };
      received.push(changes.map((c) => ({ ...c })));
      return { ok: true, applied: changes.map((c) => c.clientChangeId), stale: [] };
    },
  };
  return server;
}

describe('SaveQueue', () => {
  const key = queueKey('org', 'cycle', 'member');

  it('sends every change at once and reports saved', async () => {
    const storage = new FakeStorage();
    const server = fakeServer();
    const states: QueueState[] = [];
    const queue = new SaveQueue({
      key,
      storage,
      send: server.send,
      onState: (s) => states.push(s),
      timers: new FakeTimers(),
    });
    queue.enqueue(change('a'));
    await flushMicrotasks();
    expect(server.received.flat().map((c) => c.skillId)).toEqual(['a']);
    expect(queue.state).toEqual({ status: 'saved', pending: 0, error: null });
    expect(states.map((s) => s.status)).toContain('saving');
    expect(storage.getItem(key)).toBeNull();
  });

  it('keeps changes in storage while the server is unreachable and sends them in order when it is back', async () => {
    const storage = new FakeStorage();
    const server = fakeServer();
    const timers = new FakeTimers();
    server.up = false;
    const queue = new SaveQueue({ key, storage, send: server.send, timers, batchSize: 2 });
    const changes = ['a', 'b', 'c', 'd', 'e'].map((skill) => change(skill));
    for (const c of changes) queue.enqueue(c);
    await flushMicrotasks();
    expect(queue.state).toMatchObject({ status: 'offline', pending: 5 });
    expect(JSON.parse(storage.getItem(key) ?? '[]')).toHaveLength(5);

    server.up = true;
    await queue.retryNow();
    expect(server.received.map((batch) => batch.length)).toEqual([2, 2, 1]);
    expect(server.received.flat().map((c) => c.clientChangeId)).toEqual(changes.map((c) => c.clientChangeId));
    expect(queue.state.status).toBe('saved');
    expect(storage.getItem(key)).toBeNull();
  });

  it('retries with growing backoff, capped', async () => {
    const server = fakeServer();
    const timers = new FakeTimers();
    server.up = false;
    const queue = new SaveQueue({
      key,
      storage: new FakeStorage(),
      send: server.send,
      timers,
      initialBackoffMs: 100,
      maxBackoffMs: 350,
    });
    queue.enqueue(change('a'));
    await flushMicrotasks();
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      delays.push(...timers.delays());
      timers.runAll();
      await flushMicrotasks();
    }
    expect(delays).toEqual([100, 200, 350, 350]);
    server.up = true;
    timers.runAll();
    await flushMicrotasks();
    expect(queue.state.status).toBe('saved');
    expect(server.received.flat()).toHaveLength(1);
  });

  it('survives a reload: a new queue on the same storage sends what the old one could not', async () => {
    const storage = new FakeStorage();
    const down = fakeServer();
    down.up = false;
    const before = new SaveQueue({ key, storage, send: down.send, timers: new FakeTimers() });
    const changes = Array.from({ length: 10 }, (_, i) => change(`s${i}`, i % 5));
    for (const c of changes) before.enqueue(c);
    await flushMicrotasks();
    before.dispose();

    // "Reload": the page reads what is pending to show it, then flushes.
    const server = fakeServer();
    const after = new SaveQueue({ key, storage, send: server.send, timers: new FakeTimers() });
    expect(after.pending().map((c) => c.clientChangeId)).toEqual(changes.map((c) => c.clientChangeId));
    await after.flush();
    expect(server.received.flat().map((c) => c.clientChangeId)).toEqual(changes.map((c) => c.clientChangeId));
    expect(after.pending()).toEqual([]);
  });

  it('keeps changes queued by another tab on the same storage', async () => {
    const storage = new FakeStorage();
    const server = fakeServer();
    server.up = false;
    const tabA = new SaveQueue({ key, storage, send: server.send, timers: new FakeTimers() });
    const tabB = new SaveQueue({ key, storage, send: server.send, timers: new FakeTimers() });
    tabA.enqueue(change('a'));
    tabB.enqueue(change('b'));
    tabA.enqueue(change('c'));
    await flushMicrotasks();
    expect(tabA.pending().map((c) => c.skillId)).toEqual(['a', 'b', 'c']);
    server.up = true;
    await tabB.retryNow();
    expect(server.received.flat().map((c) => c.skillId)).toEqual(['a', 'b', 'c']);
  });

  it('does not drop changes made while a batch is in flight', async () => {
    const storage = new FakeStorage();
    const sent: string[][] = [];
    let release: () => void = () => {};
    const send = (changes: RatingChange[]) =>
      new Promise<SendOutcome>((resolve) => {
        sent.push(changes.map((c) => c.skillId));
        release = () => resolve({ ok: true, applied: changes.map((c) => c.clientChangeId), stale: [] });
      });
    const queue = new SaveQueue({ key, storage, send, timers: new FakeTimers() });
    queue.enqueue(change('a'));
    queue.enqueue(change('b'));
    await flushMicrotasks();
    expect(sent).toEqual([['a']]);
    release();
    await flushMicrotasks();
    expect(sent).toEqual([['a'], ['b']]);
    release();
    await flushMicrotasks();
    expect(queue.state.status).toBe('saved');
  });

  it('stops on a refusal, keeps the changes, and lets the user retry or discard', async () => {
    const storage = new FakeStorage();
    const server = fakeServer();
    server.refuse = 'The cycle is closed.';
    const timers = new FakeTimers();
    const queue = new SaveQueue({ key, storage, send: server.send, timers });
    queue.enqueue(change('a'));
    await flushMicrotasks();
    expect(queue.state).toEqual({ status: 'error', pending: 1, error: 'The cycle is closed.' });
    expect(timers.scheduled.size).toBe(0);
    queue.enqueue(change('b'));
    await flushMicrotasks();
    expect(queue.state.pending).toBe(2);
    queue.discard();
    expect(queue.state).toEqual({ status: 'saved', pending: 0, error: null });
  });

  it('passes stale answers on, and tolerates garbage in storage', async () => {
    const storage = new FakeStorage();
    storage.setItem(key, '{not json');
    const stale: string[] = [];
    const queue = new SaveQueue({
      key,
      storage,
      timers: new FakeTimers(),
      onStale: (items) => stale.push(...items.map((item) => item.skillId)),
      send: async (changes) => ({
        ok: true,
        applied: [],
        stale: changes.map((c) => ({
          clientChangeId: c.clientChangeId,
          skillId: c.skillId,
          value: {
            level: 4,
            notApplicable: false,
            interest: false,
            note: null,
            carriedOver: false,
            confirmed: false,
            changedAt: c.changedAt,
          },
        })),
      }),
    });
    expect(queue.pending()).toEqual([]);
    queue.enqueue(change('x'));
    await flushMicrotasks();
    expect(stale).toEqual(['x']);
    expect(queue.pending()).toEqual([]);
  });

  it('works without storage (private mode) from memory', async () => {
    const server = fakeServer();
    const queue = new SaveQueue({ key, storage: null, send: server.send, timers: new FakeTimers() });
    queue.enqueue(change('m'));
    await flushMicrotasks();
    expect(server.received.flat().map((c) => c.skillId)).toEqual(['m']);
  });
});
