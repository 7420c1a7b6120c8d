/**
 * Reads V8's `--trace-gc` lines from a server's stdout. RSS alone cannot tell a
 * leak from V8 sizing its heap to the load (it keeps the pages it grew into);
 * the heap left after each full mark-compact is what the process still
 * references, so its trend over a long run is the leak test.
 */

export interface MajorCollection {
  pid: number;
  /** When the line was read (Date.now()), so it can be placed in the load window. */
  at: number;
  beforeMb: number;
  afterMb: number;
}

// "[1234:0x5a1b2c0]    10234 ms: Mark-Compact (reduce) 210.3 (230.1) -> 150.2 (228.7) MB, …"
const MAJOR_COLLECTION =
  /^\[(\d+):0x[0-9a-f]+\]\s+\d+ ms: Mark-Compact(?: \(reduce\))? ([\d.]+) \([\d.]+\) -> ([\d.]+) \([\d.]+\) MB/;

export function parseMajorCollection(line: string, at: number): MajorCollection | undefined {
  const match = MAJOR_COLLECTION.exec(line.trim());
  if (!match) return undefined;
  return { pid: Number(match[1]), at, beforeMb: Number(match[2]), afterMb: Number(match[3]) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export interface HeapTrend {
  collections: number;
  /** Median heap after a full collection in the first third of the window, MB. */
  firstThirdMb: number;
  /** The same in the last third, MB. */
  lastThirdMb: number;
}

/**
 * The retained heap early and late in [from, to]. Undefined when either third
 * saw no full collection (a run too short or too idle to judge).
 */
export function heapTrend(collections: MajorCollection[], from: number, to: number): HeapTrend | undefined {
  const third = (to - from) / 3;
  const inWindow = collections.filter((gc) => gc.at >= from && gc.at <= to);
  const first = inWindow.filter((gc) => gc.at < from + third).map((gc) => gc.afterMb);
  const last = inWindow.filter((gc) => gc.at > to - third).map((gc) => gc.afterMb);
  if (first.length === 0 || last.length === 0) return undefined;
  return { collections: inWindow.length, firstThirdMb: median(first), lastThirdMb: median(last) };
}
