import { createServer } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openConnection, type Connection } from '@/db';

/**
 * getConnection() replaces a postgres.js pool once it has lost a connection
 * (postgres.js 3.4.9 can wedge such a connection for good). This checks the
 * signal it relies on, against a port where the server has gone away; the
 * fault suite (npm run test:faults, scenario a) checks the recovery end to end.
 */
let connection: Connection | undefined;

afterEach(async () => {
  await connection?.close().catch(() => {});
  connection = undefined;
});

/** A loopback port nothing listens on any more (connections are refused). */
async function goneServerPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('openConnection (postgres.js)', () => {
  it('reports a lost connection once the server is gone', async () => {
    const port = await goneServerPort();
    connection = await openConnection({ url: `postgres://nobody@127.0.0.1:${port}/nothing` });
    expect(connection.lostConnection?.()).toBe(false);
    await expect(connection.db.execute(sql`select 1`)).rejects.toThrow();
    // The socket's close event follows the refused connect.
    await vi.waitFor(() => expect(connection?.lostConnection?.()).toBe(true));
  });

  it('an embedded database has no connection to lose', async () => {
    connection = await openConnection({ dataDir: undefined });
    await connection.db.execute(sql`select 1`);
    expect(connection.lostConnection?.()).toBe(false);
  });
});
