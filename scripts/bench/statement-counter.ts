/**
 * Counts the SQL statements a server sends to PostgreSQL, by sitting between
 * the two: a TCP proxy on a loopback port that forwards every byte both ways
 * and reads the frontend side of the wire protocol as it passes.
 *
 * Why a proxy and not pg_stat_statements: that extension only works when the
 * server was started with `shared_preload_libraries=pg_stat_statements`, which
 * the throwaway clusters of `npm test` (.ci/run) are not; it aggregates over
 * the whole database (other sessions' work counts too); and it cannot say
 * which statements one request ran. The proxy works against any PostgreSQL,
 * attributes statements to the window the caller opens (one HTTP request at a
 * time), and keeps their text, so a statement repeated per row of a list
 * (N+1) shows up as the same text executed many times in one request.
 *
 * What counts as one statement: a simple-protocol Query message ('Q') or an
 * extended-protocol Execute ('E'), the latter attributed to the text of the
 * statement its portal was bound to ('P' Parse → 'B' Bind → 'E'). postgres.js
 * prepares named statements once per connection and afterwards sends only
 * Bind/Execute, which this follows. Transaction control (`begin`, `commit`)
 * counts, as in pg_stat_statements with track_utility on. Not supported: a TLS
 * connection (the bench's database is on the loopback, without TLS) — the
 * counter then stays at zero and says so.
 */
import net from 'node:net';

export interface StatementWindow {
  /** Statements executed, in order (text as sent; parameters are not included). */
  statements: string[];
  /** Bytes PostgreSQL sent back (rows, row descriptions, completions). */
  bytesFromServer: number;
  /** Bytes the app sent (statements, parameters). */
  bytesToServer: number;
}

export interface StatementCounter {
  /** The port the app should connect to instead of PostgreSQL's. */
  port: number;
  /** `databaseUrl` with its host and port pointed at the proxy. */
  url: string;
  /** Starts a fresh window (whatever ran before is dropped). */
  begin: () => void;
  /** Ends the window and returns what ran in it. */
  end: () => StatementWindow;
  /** Connections that negotiated TLS (the counter cannot read them). */
  encryptedConnections: () => number;
  close: () => Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

/**
 * Reads one connection's frontend stream: startup messages (no type byte)
 * until the protocol-3 startup packet, typed messages after. Calls
 * `onStatement` for every Query and Execute.
 */
export function frontendParser(onStatement: (text: string) => void, onEncrypted: () => void) {
  let buffer: Buffer = Buffer.alloc(0);
  let started = false;
  let dead = false;
  const prepared = new Map<string, string>();
  const portals = new Map<string, string>();
  const cstring = (data: Buffer, at: number): [string, number] => {
    const end = data.indexOf(0, at);
    if (end < 0) return ['', data.length];
    return [data.toString('utf8', at, end), end + 1];
  };
  return (chunk: Buffer) => {
    if (dead) return;
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    for (;;) {
      if (!started) {
        // A TLS record (handshake type 0x16) where a startup packet belongs: the server said yes to SSL.
        if (buffer.length > 0 && buffer[0] === 0x16) {
          dead = true;
          onEncrypted();
          return;
        }
        if (buffer.length < 8) return;
        const length = buffer.readInt32BE(0);
        if (buffer.length < length) return;
        const code = buffer.readInt32BE(4);
        buffer = buffer.subarray(length);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          // The server's one-byte answer decides; if it is 'S' the rest is TLS and unreadable. We cannot see the
          // answer from this side, so a following message that is not a startup packet marks the stream unreadable.
          continue;
        }
        if (code === CANCEL_REQUEST) return;
        if (code >> 16 === 3) {
          started = true;
          continue;
        }
        // Not a startup packet after an SSL request: a TLS handshake.
        dead = true;
        onEncrypted();
        return;
      }
      if (buffer.length < 5) return;
      const type = String.fromCharCode(buffer[0] as number);
      const length = buffer.readInt32BE(1);
      if (buffer.length < 1 + length) return;
      const body = buffer.subarray(5, 1 + length);
      buffer = buffer.subarray(1 + length);
      if (type === 'Q') {
        onStatement(cstring(body, 0)[0]);
      } else if (type === 'P') {
        const [name, next] = cstring(body, 0);
        const [text] = cstring(body, next);
        prepared.set(name, text);
      } else if (type === 'B') {
        const [portal, next] = cstring(body, 0);
        const [statement] = cstring(body, next);
        portals.set(portal, prepared.get(statement) ?? `<unknown prepared statement ${statement}>`);
      } else if (type === 'E') {
        const [portal] = cstring(body, 0);
        onStatement(portals.get(portal) ?? '<unknown portal>');
      } else if (type === 'C') {
        // Close: 'S' statement or 'P' portal, then the name.
        const kind = String.fromCharCode(body[0] as number);
        const [name] = cstring(body, 1);
        (kind === 'S' ? prepared : portals).delete(name);
      }
      if (buffer.length === 0) {
        buffer = Buffer.alloc(0);
        return;
      }
    }
  };
}

export async function startStatementCounter(databaseUrl: string): Promise<StatementCounter> {
  const target = new URL(databaseUrl);
  const host = target.hostname || '127.0.0.1';
  const upstreamPort = Number(target.port || 5432);
  let window: StatementWindow = { statements: [], bytesFromServer: 0, bytesToServer: 0 };
  let encrypted = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ host, port: upstreamPort });
    sockets.add(client).add(upstream);
    const parse = frontendParser(
      (text) => window.statements.push(text),
      () => (encrypted += 1),
    );
    client.on('data', (chunk: Buffer) => {
      window.bytesToServer += chunk.length;
      parse(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      window.bytesFromServer += chunk.length;
    });
    client.pipe(upstream);
    upstream.pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    port,
    url: url.toString(),
    begin: () => {
      window = { statements: [], bytesFromServer: 0, bytesToServer: 0 };
    },
    end: () => {
      const done = window;
      window = { statements: [], bytesFromServer: 0, bytesToServer: 0 };
      return done;
    },
    encryptedConnections: () => encrypted,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A statement's text without literal differences, to group repeats of "the same" statement. */
export function statementShape(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Statements of one request executed `threshold` times or more with the same
 * text: one statement per row of a list (N+1). Returns text → count.
 */
export function repeatedStatements(statements: readonly string[], threshold = 3): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of statements) {
    const shape = statementShape(text);
    counts.set(shape, (counts.get(shape) ?? 0) + 1);
  }
  return new Map([...counts].filter(([, count]) => count >= threshold));
}
