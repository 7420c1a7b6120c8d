/**
 * The contract between the benchmark runner (scripts/bench.ts) and the
 * measurement modules it calls (scripts/bench/autosave.ts, frontend.ts, …).
 * Each module receives one running production server and returns table rows;
 * the runner prints every row in one table and fails the full run on a missed bar.
 */
import type { StatementCounter } from './statement-counter';

export interface BenchTarget {
  /** A running `next start` production server, e.g. http://127.0.0.1:3301. */
  baseUrl: string;
  /** The PostgreSQL that server uses. */
  databaseUrl: string;
  /** The AUTH_SECRET that server was started with (a module may mint session JWTs with next-auth/jwt `encode`). */
  authSecret: string;
  /** The generated benchmark organization. */
  organizationId: string;
  /** Tiny data / few requests: the smoke run inside `npm test`. */
  smoke: boolean;
  /**
   * When statements are counted: a second server of the same build and AUTH_SECRET (a cookie minted for one
   * works on both), connected to PostgreSQL through the wire counter (statement-counter.ts). Modules time
   * their requests on `baseUrl`, which is connected directly as in production, and count statements with
   * requests of their own here: the counter is a JavaScript proxy that parses every byte, and its hop added
   * ~45 ms to each team page (179 KB from the database) when the same requests were both timed and counted.
   */
  counted?: CountedServer;
}

export interface CountedServer {
  baseUrl: string;
  statements: StatementCounter;
}

export interface BenchRow {
  /** e.g. "team page p95 (50 members)". */
  measure: string;
  /** Formatted figure for the app. */
  skillgrid: string;
  /** Formatted figure for the raw baseline (psql / bare node), or '—'. */
  baseline: string;
  /** App ÷ baseline in the direction the bar is stated; null when there is none. */
  ratio: number | null;
  /** e.g. "< 150 ms and ≤ 1.5×". */
  bar: string;
  /** null = no bar. */
  pass: boolean | null;
  /**
   * A miss that does not depend on the machine's speed (statements per request, one statement per row):
   * it fails `bench:smoke` too, where timing bars are not judged.
   */
  hard?: boolean;
}

/** What a measurement module exports, e.g. `measureAutosave` or `measureFrontend`. */
export type BenchModule = (target: BenchTarget) => Promise<BenchRow[]>;
