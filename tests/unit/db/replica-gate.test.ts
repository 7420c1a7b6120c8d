import { describe, expect, it, vi } from 'vitest';
import { createReplicaGate } from '@/db/replica-gate';

function setup(probe: () => Promise<unknown>) {
  let clock = 1_000;
  const changes: [boolean, string | undefined][] = [];
  const gate = createReplicaGate({
    probe,
    timeoutMs: 50,
    recheckMs: 5_000,
    now: () => clock,
    onChange: (usable, reason) => changes.push([usable, reason]),
  });
  return { gate, changes, advance: (ms: number) => (clock += ms) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('read replica gate', () => {
  it('asks once for concurrent first calls and then answers without asking until the answer is stale', async () => {
    const probe = vi.fn(async () => undefined);
    const { gate, changes, advance } = setup(probe);
    expect(await Promise.all([gate.usable(), gate.usable(), gate.usable()])).toEqual([true, true, true]);
    expect(probe).toHaveBeenCalledTimes(1);
    advance(4_999);
    expect(await gate.usable()).toBe(true);
    expect(probe).toHaveBeenCalledTimes(1);
    // A healthy replica is said nothing about.
    expect(changes).toEqual([]);
  });

  it('moves reads off a replica that stopped answering, and back once it answers again', async () => {
    let up = true;
    const { gate, changes, advance } = setup(async () => {
      if (!up) throw new Error('connect ECONNREFUSED 127.0.0.1:5491');
    });
    expect(await gate.usable()).toBe(true);

    up = false;
    advance(5_000);
    // The stale answer is given at once while the check runs in the background…
    expect(await gate.usable()).toBe(true);
    await settle();
    // …and the next request sees its result.
    expect(await gate.usable()).toBe(false);
    expect(changes).toEqual([[false, 'connect ECONNREFUSED 127.0.0.1:5491']]);

    up = true;
    advance(5_000);
    await gate.usable();
    await settle();
    expect(await gate.usable()).toBe(true);
    expect(changes.at(-1)).toEqual([true, undefined]);
  });

  it('counts a replica that does not answer within the timeout as down', async () => {
    const { gate, changes } = setup(() => new Promise(() => {}));
    expect(await gate.usable()).toBe(false);
    expect(changes).toEqual([[false, 'no answer within 50 ms']]);
  });

  it('counts a probe that throws before returning a promise as down', async () => {
    const { gate } = setup(() => {
      throw new Error('invalid connection string');
    });
    expect(await gate.usable()).toBe(false);
  });
});
