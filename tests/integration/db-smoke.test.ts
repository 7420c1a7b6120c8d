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
