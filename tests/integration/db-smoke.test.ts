import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/db';
import { organizations } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '../fixtures/db';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('migrations', () => {
  it('create every table and accept a row', async () => {
    const [org] = await database.db.insert(organizations).values({ slug: 'acme', name: 'Acme' }).returning();
    expect(org?.slug).toBe('acme');
    const tables = await database.db.execute<{ count: number }>(
      sql`select count(*)::int as count from information_schema.tables where table_schema = 'public'`,
    );
    expect(rowsOf<{ count: number }>(tables)[0]?.count).toBeGreaterThanOrEqual(20);
  });
});

describe('server settings', () => {
  it('never JIT-compiles, which report queries would otherwise spend seconds on', async () => {
    // PGlite has no JIT at all; a server with LLVM must have it turned off for this connection.
    const result = await database.db.execute(
      sql`select pg_jit_available() as available, current_setting('jit') as jit`,
    );
    const row = rowsOf<{ available: boolean; jit: string }>(result)[0];
    expect(row?.available === false || row?.jit === 'off').toBe(true);
  });
});
