import { describe, expect, it } from 'vitest';
import { p99WithTimeouts, type LoadResult } from '../../../scripts/bench/autosave';

const result = (requests: number, timeouts: number, p99: number): LoadResult => ({
  label: 'x',
  requests,
  requestsPerSecond: requests / 60,
  p50: p99 / 2,
  p99,
  errors: timeouts,
  timeouts,
  non2xx: 0,
  acknowledged: requests,
  stored: requests + timeouts,
  lost: 0,
  cpuPerRequest: null,
  changes: requests,
  cpuPerChange: null,
});

describe('p99WithTimeouts (the open loop bar)', () => {
  it('is autocannon’s p99 while nearly every request was answered', () => {
    expect(p99WithTimeouts(result(10_000, 0, 120))).toBe(120);
    expect(p99WithTimeouts(result(10_000, 50, 120))).toBe(120);
  });

  it('is unknown (at least the timeout) when more than 1% went unanswered, or nothing was sent', () => {
    // The run that printed "p99 0 ms" and passed: nothing answered, 5,449 timeouts.
    expect(p99WithTimeouts(result(0, 5449, 0))).toBeNull();
    expect(p99WithTimeouts(result(7934, 268, 7396))).toBeNull();
    expect(p99WithTimeouts(result(0, 0, 0))).toBeNull();
  });
});
