import { describe, expect, it } from 'vitest';
import { heapTrend, parseMajorCollection, type MajorCollection } from '@/scripts/bench/gc-trace';

describe('soak: --trace-gc lines', () => {
  it('reads the heap before and after a full collection, reduce or not', () => {
    expect(
      parseMajorCollection(
        '[2888:0x272dbd00]    10234 ms: Mark-Compact 210.3 (230.1) -> 150.2 (228.7) MB, 2.66 / 0.00 ms  (average mu = 1.000) allocation failure;',
        7,
      ),
    ).toEqual({ pid: 2888, at: 7, beforeMb: 210.3, afterMb: 150.2 });
    expect(
      parseMajorCollection(
        '[12:0xabc]  5 ms: Mark-Compact (reduce) 90.5 (99.0) -> 60.0 (80.0) MB, 1.0 / 0.0 ms  idle',
        1,
      )?.afterMb,
    ).toBe(60);
  });

  it('ignores scavenges and anything else the server prints', () => {
    expect(
      parseMajorCollection('[2880:0x11c48e70]       21 ms: Scavenge 3.8 (4.0) -> 3.4 (5.0) MB, 1.17 / 0.00 ms', 1),
    ).toBeUndefined();
    expect(parseMajorCollection('   ▲ Next.js 16.4.6', 1)).toBeUndefined();
    expect(parseMajorCollection('Mark-Compact 1 (2) -> 1 (2) MB', 1)).toBeUndefined();
  });
});

describe('soak: heap trend', () => {
  const gc = (at: number, afterMb: number): MajorCollection => ({ pid: 1, at, beforeMb: afterMb + 50, afterMb });

  it('compares the median retained heap of the first and last thirds of the window', () => {
    const collections = [
      gc(-5, 10),
      gc(1, 100),
      gc(2, 120),
      gc(3, 110),
      gc(5, 500),
      gc(7, 130),
      gc(8, 150),
      gc(9, 140),
      gc(11, 999),
    ];
    expect(heapTrend(collections, 0, 9)).toEqual({ collections: 7, firstThirdMb: 110, lastThirdMb: 140 });
  });

  it('does not judge a window with no full collection in the first or last third', () => {
    expect(heapTrend([gc(1, 100), gc(5, 100)], 0, 9)).toBeUndefined();
    expect(heapTrend([], 0, 9)).toBeUndefined();
  });
});
