import { describe, expect, it } from 'vitest';
import { reconnectDelaySeconds } from '@/db';

/**
 * postgres.js waits this long before dialling again after failed connections.
 * Its own default reaches 20 s after a few failures — the whole app then stays
 * down that long after a database restart (the fault suite, scenario (a),
 * measures the end-to-end recovery).
 */
describe('reconnectDelaySeconds', () => {
  it('starts small', () => {
    for (let i = 0; i < 50; i++) expect(reconnectDelaySeconds(1)).toBeLessThanOrEqual(0.1);
  });

  it('never exceeds one second, however long the outage', () => {
    for (const failures of [0, 5, 10, 30, 100, 1000]) {
      for (let i = 0; i < 20; i++) {
        const delay = reconnectDelaySeconds(failures);
        expect(delay).toBeGreaterThan(0);
        expect(delay).toBeLessThanOrEqual(1);
      }
    }
  });

  it('is jittered so the pool does not reconnect in lockstep', () => {
    const delays = new Set(Array.from({ length: 20 }, () => reconnectDelaySeconds(20)));
    expect(delays.size).toBeGreaterThan(1);
  });
});
