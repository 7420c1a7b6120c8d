/**
 * The gap CSV straight from PostgreSQL's COPY: `COPY (…) TO STDOUT` per 500
 * members (MEMBERS_PER_COPY, row-source.ts), whose bytes go to the response
 * without ever becoming JavaScript strings or row objects.
 *
 * Why (docs/benchmarks.md, "Export memory, third pass"): the batch path
 * (row-source.ts) receives each member's lines as a string (~80 KB), encodes
 * it into a buffer and hands it on; at 1.87 M rows that is ~470 MB of strings
 * and as many bytes of buffers passing through the heap, promoted to old space
 * while the stream waits on the client, and released only by full
 * collections: the server grew by 234 MB during the export. Here the socket's
 * buffers are the only allocation per row, postgres.js pauses the socket when
 * the stream is full (backpressure down to the TCP connection), and 20
 * statements instead of 400 at 10,000 members bring it near `psql`'s own `copy`.
 *
 * PostgreSQL renders each record (lib/reports/csv.ts's SQL: quoting, the
 * formula guard) as one text column; COPY's text format escapes backslashes
 * and control characters in it, which `CopyTextDecoder` undoes while turning
 * each row end into CRLF.
 *
 * Only on a PostgreSQL server: PGlite has no socket to stream from (and one
 * connection, which a download must not hold), so it keeps the batch path.
 */
import type { Readable } from 'node:stream';
import type postgres from 'postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import type { Db } from '@/db';

const dialect = new PgDialect();

/** The postgres.js client behind a drizzle database, or null (PGlite, or a transaction). */
export function postgresClientOf(db: Db): postgres.Sql | null {
  // drizzle keeps its driver's client on `$client` (drizzle-orm/postgres-js/driver.js); the shared Db type
  // does not name it because PGlite's database has a different one.
  const client = (db as unknown as { $client?: unknown }).$client;
  if (typeof client !== 'function') return null;
  const candidate = client as { unsafe?: unknown; options?: unknown };
  return typeof candidate.unsafe === 'function' && typeof candidate.options === 'object'
    ? (client as postgres.Sql)
    : null;
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'bigint') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`cannot inline ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return literal(value.toISOString());
  if (Array.isArray(value)) {
    // An untyped array literal ('{"a","b"}'): the context gives it its type (uuid[] beside a uuid), as a bound array would.
    const items = value.map((item) =>
      item === null ? 'NULL' : `"${String(item).replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`,
    );
    return literal(`{${items.join(',')}}`);
  }
  // Standard-conforming strings (PostgreSQL's default since 9.1): only the quote needs doubling.
  return `'${String(value).replaceAll("'", "''")}'`;
}

/**
 * A statement with its parameters written in as literals: COPY runs over the
 * simple protocol, which carries no parameters.
 */
export function inlineStatement(statement: SQL): string {
  const query = dialect.sqlToQuery(statement);
  return query.sql.replace(/\$(\d+)/g, (_, index: string) => literal(query.params[Number(index) - 1]));
}

const BACKSLASH = 0x5c;
const LF = 0x0a;
const CR = 0x0d;
/** COPY's text-format escapes (what `COPY TO` writes for these characters). */
const UNESCAPED: Record<number, number> = {
  0x62: 0x08, // \b
  0x66: 0x0c, // \f
  0x6e: LF, // \n
  0x72: CR, // \r
  0x74: 0x09, // \t
  0x76: 0x0b, // \v
  [BACKSLASH]: BACKSLASH,
};

/**
 * COPY text format of one-column rows → the columns' bytes, each row ended by
 * CRLF. Chunks may split anywhere (an escape across two chunks included).
 */
export class CopyTextDecoder {
  rows = 0;
  private escaped = false;

  decode(chunk: Uint8Array): Uint8Array {
    let lineEnds = 0;
    for (let at = chunk.indexOf(LF); at !== -1; at = chunk.indexOf(LF, at + 1)) lineEnds += 1;
    const out = new Uint8Array(chunk.length + lineEnds);
    let length = 0;
    let from = 0;
    const copyUpTo = (end: number) => {
      out.set(chunk.subarray(from, end), length);
      length += end - from;
    };
    if (this.escaped && chunk.length > 0) {
      out[length++] = this.unescape(chunk[0] as number);
      this.escaped = false;
      from = 1;
    }
    for (let at = from; at < chunk.length; at += 1) {
      const byte = chunk[at] as number;
      if (byte !== BACKSLASH && byte !== LF) continue;
      copyUpTo(at);
      if (byte === LF) {
        out[length++] = CR;
        out[length++] = LF;
        this.rows += 1;
        from = at + 1;
      } else if (at + 1 < chunk.length) {
        out[length++] = this.unescape(chunk[at + 1] as number);
        at += 1;
        from = at + 1;
      } else {
        this.escaped = true;
        from = at + 1;
      }
    }
    copyUpTo(chunk.length);
    return out.subarray(0, length);
  }

  private unescape(byte: number): number {
    const plain = UNESCAPED[byte];
    if (plain === undefined) throw new Error(`COPY text format: unexpected escape \\${String.fromCharCode(byte)}`);
    return plain;
  }
}

/** Output chunks of about this size: a few socket reads' worth, well under anything that shows in RSS. */
const CHUNK_BYTES = 64 * 1024;

export interface CopyLines {
  /** The next chunk of CSV bytes, or null at the end. */
  next(): Promise<Uint8Array | null>;
  /** Stops the statement (the reader went away) and lets the connection go back to the pool. */
  cancel(): Promise<void>;
  readonly rows: number;
}

/**
 * Runs `select <one text column> …` as `COPY (…) TO STDOUT` and returns its
 * rows as CSV bytes (each row + CRLF), read as the caller asks: nothing is read
 * from the socket ahead of the caller beyond postgres.js's stream buffer.
 */
export async function copyLines(client: postgres.Sql, select: SQL): Promise<CopyLines> {
  const query = client.unsafe(`copy (${inlineStatement(select)}) to stdout`);
  const stream = (await query.readable()) as Readable;
  const decoder = new CopyTextDecoder();
  let ended = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const signal = () => {
    wake?.();
    wake = null;
  };
  stream.on('readable', signal);
  // postgres.js pauses its socket when a push finds the stream full and resumes it only from the stream's
  // read(); a stream that has ended is never read again, so a pause during the last rows would leave the
  // pooled connection deaf to its next query. Resuming through that same read() on the way out is a no-op
  // on a flowing socket.
  const resumeSocket = () => (stream as unknown as { _read: (size: number) => void })._read(0);
  stream.on('end', () => {
    ended = true;
    resumeSocket();
    signal();
  });
  stream.on('error', (error) => {
    failure = error;
    resumeSocket();
    signal();
  });
  const waitForData = () => new Promise<void>((resolve) => (wake = resolve));

  return {
    get rows() {
      return decoder.rows;
    },
    async next() {
      const parts: Buffer[] = [];
      let size = 0;
      while (size < CHUNK_BYTES) {
        if (failure) throw failure;
        const part = stream.read() as Buffer | null;
        if (part !== null) {
          parts.push(part);
          size += part.length;
          continue;
        }
        if (ended) break;
        // Something is already in hand: send it rather than wait for a full chunk.
        if (size > 0) break;
        await waitForData();
      }
      if (size === 0) return null;
      return decoder.decode(parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, size));
    },
    async cancel() {
      if (ended || failure) return;
      // Ask the server to stop, then drain what is in flight: a paused socket would keep the
      // connection from ever reading the cancellation's error and returning to the pool.
      stream.removeAllListeners('readable');
      stream.on('data', () => {});
      stream.resume();
      resumeSocket();
      await query.cancel();
    },
  };
}
