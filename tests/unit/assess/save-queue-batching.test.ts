/**
 * Batched autosave in the browser: the coalescing window, sequence numbers, the
 * last send as the page goes away, and the sender's wire format and answers.
 */
import { describe, expect, it } from 'vitest';
import { batchBody, createBatchSender } from '@/components/assess/batch-sender';
import {
  SaveQueue,
  queueKey,
  type QueueStorage,
  type QueuedChange,
  type SendOptions,
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
  runAll() {
    const entries = [...this.scheduled.values()];
    this.scheduled.clear();
    for (const entry of entries) entry.callback();
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
const key = queueKey('org', 'cycle', 'member');

function recordingServer() {
  const batches: { changes: QueuedChange[]; options: SendOptions | undefined }[] = [];
  const server = {
    up: true,
    batches,
    send: async (changes: QueuedChange[], options?: SendOptions): Promise<SendOutcome> => {
      await Promise.resolve();
      if (!server.up) throw new TypeError('Failed to fetch');
      batches.push({ changes: changes.map((c) => ({ ...c })), options });
      return { ok: true, applied: changes.map((c) => c.clientChangeId), stale: [] };
    },
  };
  return server;
}

describe('SaveQueue batching', () => {
  it('coalesces the changes of one window into one request, in order, with increasing sequence numbers', async () => {
    const timers = new FakeTimers();
    const server = recordingServer();
    const queue = new SaveQueue({ key, storage: new FakeStorage(), send: server.send, timers, coalesceMs: 300 });
    for (const skill of ['a', 'b', 'c']) queue.enqueue(change(skill));
    await flushMicrotasks();
    expect(server.batches).toHaveLength(0);
    expect(queue.state).toMatchObject({ status: 'saving', pending: 3 });
    expect([...timers.scheduled.values()].map((entry) => entry.ms)).toEqual([300]);
    timers.runAll();
    await flushMicrotasks();
    expect(server.batches).toHaveLength(1);
    const sent = server.batches[0]!.changes;
    expect(sent.map((c) => c.skillId)).toEqual(['a', 'b', 'c']);
    expect(sent[1]!.seq).toBeGreaterThan(sent[0]!.seq);
    expect(sent[2]!.seq).toBeGreaterThan(sent[1]!.seq);
    expect(queue.state.status).toBe('saved');
  });

  it('sends at once on flushNow (the page lost focus)', async () => {
    const timers = new FakeTimers();
    const server = recordingServer();
    const queue = new SaveQueue({ key, storage: new FakeStorage(), send: server.send, timers, coalesceMs: 300 });
    queue.enqueue(change('a'));
    await queue.flushNow();
    expect(server.batches.map((batch) => batch.changes.length)).toEqual([1]);
    expect(timers.scheduled.size).toBe(0);
  });

  it('numbers keep increasing across a reload and the client id stays', async () => {
    const storage = new FakeStorage();
    const down = recordingServer();
    down.up = false;
    const before = new SaveQueue({ key, storage, send: down.send, timers: new FakeTimers() });
    before.enqueue(change('a'));
    await flushMicrotasks();
    const id = before.clientId;
    const firstSeq = before.pending()[0]!.seq;
    before.dispose();
    const after = new SaveQueue({ key, storage, send: down.send, timers: new FakeTimers() });
    after.enqueue(change('b'));
    expect(after.clientId).toBe(id);
    expect(after.clientId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(after.pending().map((c) => c.seq)).toEqual([firstSeq, expect.any(Number)]);
    expect(after.pending()[1]!.seq).toBeGreaterThan(firstSeq);
  });

  it('numbers changes queued by a page from before numbering, in order, and keeps them', () => {
    const storage = new FakeStorage();
    const legacy = [change('a'), change('b')];
    storage.setItem(key, JSON.stringify(legacy));
    const queue = new SaveQueue({ key, storage, send: recordingServer().send, timers: new FakeTimers() });
    const pending = queue.pending();
    expect(pending.map((c) => c.clientChangeId)).toEqual(legacy.map((c) => c.clientChangeId));
    expect(pending[1]!.seq).toBeGreaterThan(pending[0]!.seq);
    // Stored with their numbers: a second read gives the same ones.
    expect(queue.pending()).toEqual(pending);
  });

  it('on exit sends what is pending with keepalive even while a request is in flight; unconfirmed changes stay', async () => {
    const storage = new FakeStorage();
    const sent: { skills: string[]; keepalive: boolean }[] = [];
    let release: () => void = () => {};
    const send = (changes: QueuedChange[], options?: SendOptions) =>
      new Promise<SendOutcome>((resolve) => {
        sent.push({ skills: changes.map((c) => c.skillId), keepalive: options?.keepalive ?? false });
        if (options?.keepalive) resolve({ ok: true, applied: changes.map((c) => c.clientChangeId), stale: [] });
        else release = () => resolve({ ok: true, applied: changes.map((c) => c.clientChangeId), stale: [] });
      });
    const queue = new SaveQueue({ key, storage, send, timers: new FakeTimers() });
    queue.enqueue(change('a'));
    queue.enqueue(change('b'));
    await queue.flushOnExit();
    expect(sent).toEqual([
      { skills: ['a'], keepalive: false },
      { skills: ['a', 'b'], keepalive: true },
    ]);
    expect(queue.pending()).toEqual([]);
    release();
    await flushMicrotasks();
    expect(queue.state.status).toBe('saved');

    // A failed last send loses nothing: the changes wait in storage for the next visit.
    const failing = new SaveQueue({
      key: `${key}:2`,
      storage,
      timers: new FakeTimers(),
      coalesceMs: 300,
      send: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    failing.enqueue(change('c'));
    await failing.flushOnExit();
    expect(failing.pending().map((c) => c.skillId)).toEqual(['c']);
  });
});

describe('createBatchSender', () => {
  const queued = (skillId: string, seq: number): QueuedChange => ({ ...change(skillId), seq });

  function fakeFetch(status: number, body: unknown) {
    const calls: { url: string; init: RequestInit }[] = [];
    const fetcher = async (url: string | URL | Request, init?: RequestInit) => {
      calls.push({ url: String(url), init: init ?? {} });
      return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
    };
    return { calls, fetch: fetcher as typeof fetch };
  }

  it('posts the batch without browser-only ids and maps the answer back to them', async () => {
    const server = fakeFetch(200, {
      applied: [11],
      stale: [
        {
          seq: 12,
          skillId: 'b',
          value: { level: 4, notApplicable: false, interest: false, note: null, carriedOver: false, changedAt: 'x' },
        },
      ],
    });
    const send = createBatchSender({ cycleId: 'cycle', clientId: () => 'client-1', fetch: server.fetch });
    const changes = [queued('a', 11), queued('b', 12)];
    const outcome = await send(changes, { keepalive: true });
    expect(outcome).toEqual({
      ok: true,
      applied: [changes[0]!.clientChangeId],
      stale: [
        { clientChangeId: changes[1]!.clientChangeId, skillId: 'b', value: expect.objectContaining({ level: 4 }) },
      ],
    });
    const call = server.calls[0]!;
    expect(call.url).toBe('/api/ratings/batch');
    expect(call.init.keepalive).toBe(true);
    expect(JSON.parse(String(call.init.body))).toEqual(batchBody('cycle', 'client-1', changes));
    expect(String(call.init.body)).not.toContain('clientChangeId');
  });

  it('a refusal stops the queue with the server’s reason; a busy or failing server is retried', async () => {
    const refused = createBatchSender({
      cycleId: 'c',
      clientId: () => 'id',
      fetch: fakeFetch(409, { error: 'Closed.' }).fetch,
    });
    expect(await refused([queued('a', 1)])).toEqual({ ok: false, error: 'Closed.' });
    for (const status of [500, 503, 429]) {
      const busy = createBatchSender({ cycleId: 'c', clientId: () => 'id', fetch: fakeFetch(status, 'busy').fetch });
      await expect(busy([queued('a', 1)])).rejects.toThrow(String(status));
    }
    const garbled = createBatchSender({ cycleId: 'c', clientId: () => 'id', fetch: fakeFetch(200, '<html>').fetch });
    expect(await garbled([queued('a', 1)])).toMatchObject({ ok: false });
  });
});
