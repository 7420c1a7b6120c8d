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
 * formula guard) as one text column, sent in COPY's binary format (each record
 * its UTF-8 bytes behind a length); `CopyBinaryDecoder` takes the bytes and
 * ends each record with CRLF.
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

const LF = 0x0a;
const CR = 0x0d;

/** COPY's binary format begins with this signature, then a 32-bit flags field and a 32-bit header extension length. */
const BINARY_SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00];
const BINARY_HEADER_BYTES = BINARY_SIGNATURE.length + 8;

/**
 * COPY binary format of one-column text rows → the columns' bytes, each row ended by CRLF. Chunks may split
 * anywhere (a header, a length or a field across two chunks included).
 *
 * Why binary rather than text (docs/benchmarks.md, stop 31): in text format PostgreSQL scans every character of
 * every record for what to escape and this decoder scans every byte again to undo it, ~470 MB each for the
 * 10,000-member export. In binary format a text column is its UTF-8 bytes behind a length: the database copies
 * them and so does this decoder, a slice at a time, without looking at them.
 */
export class CopyBinaryDecoder {
  rows = 0;
  /** Bytes of a header, tuple field count or field length not complete at the end of the last chunk. */
  private pending = new Uint8Array(0);
  /** Data bytes still to copy of the field in progress (-1: between fields). */
  private remaining = -1;
  private headerSeen = false;
  private ended = false;

  decode(input: Uint8Array): Uint8Array {
    const chunk = this.pending.length > 0 ? concat(this.pending, input) : input;
    this.pending = new Uint8Array(0);
    // Each row's 6 bytes of framing (field count, length) become 2 (CRLF); only the row whose framing came in
    // an earlier chunk adds bytes here, its CRLF.
    const out = new Uint8Array(chunk.length + 2);
    let length = 0;
    let at = 0;
    if (!this.headerSeen) {
      if (chunk.length < BINARY_HEADER_BYTES) return this.keep(chunk, 0, out, length);
      BINARY_SIGNATURE.forEach((byte, index) => {
        if (chunk[index] !== byte) throw new Error('COPY binary format: not a COPY binary stream');
      });
      const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      at = BINARY_HEADER_BYTES + view.getUint32(BINARY_SIGNATURE.length + 4);
      if (chunk.length < at) return this.keep(chunk, 0, out, length);
      this.headerSeen = true;
    }
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    while (at < chunk.length) {
      if (this.remaining >= 0) {
        const take = Math.min(this.remaining, chunk.length - at);
        out.set(chunk.subarray(at, at + take), length);
        length += take;
        at += take;
        this.remaining -= take;
        if (this.remaining > 0) break;
        out[length++] = CR;
        out[length++] = LF;
        this.rows += 1;
        this.remaining = -1;
        continue;
      }
      if (this.ended) throw new Error('COPY binary format: data after the trailer');
      if (chunk.length - at < 2) return this.keep(chunk, at, out, length);
      const fields = view.getInt16(at);
      if (fields === -1) {
        this.ended = true;
        at += 2;
        continue;
      }
      if (fields !== 1) throw new Error(`COPY binary format: a row of ${fields} columns, one expected`);
      if (chunk.length - at < 6) return this.keep(chunk, at, out, length);
      const size = view.getInt32(at + 2);
      at += 6;
      // Records are never NULL (csv.ts renders every cell, empty ones included): refuse one rather than guess.
      if (size < 0) throw new Error('COPY binary format: a NULL record');
      this.remaining = size;
      if (size === 0) {
        out[length++] = CR;
        out[length++] = LF;
        this.rows += 1;
        this.remaining = -1;
      }
    }
    return out.subarray(0, length);
  }

  /** Keeps the incomplete framing from `from` for the next chunk and returns what is decoded so far. */
  private keep(chunk: Uint8Array, from: number, out: Uint8Array, length: number): Uint8Array {
    this.pending = chunk.slice(from);
    return out.subarray(0, length);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
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
  const query = client.unsafe(`copy (${inlineStatement(select)}) to stdout with (format binary)`);
  const stream = (await query.readable()) as Readable;
  const decoder = new CopyBinaryDecoder();
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
