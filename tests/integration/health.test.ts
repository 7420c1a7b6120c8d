import { afterAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/health/route';
import type { Db } from '@/db';
import { createTestDatabase, type TestDatabase } from '../fixtures/db';
import { useTestDatabase } from '../fixtures/test-context';

let database: TestDatabase | undefined;
afterAll(async () => {
  await database?.close();
});

describe('GET /api/health', () => {
  it('answers 503 when the database cannot be reached', async () => {
    // No database has been handed to the app yet: getDb() fails as on a lost connection.
    const response = await GET();
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'error', db: 'unavailable' });
  });

  it('answers 200 when the database answers', async () => {
    database = await createTestDatabase();
    useTestDatabase(database.db);
    const response = await GET();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', db: 'ok' });
  });

  it('answers 503 in seconds when the database does not answer at all', async () => {
    // A driver stuck waiting (a server that hangs, a pool waiting to reconnect): the probe must not hang with it.
    const hanging = { execute: () => new Promise(() => {}) } as unknown as Db;
    useTestDatabase(hanging);
    const started = Date.now();
    const response = await GET();
    expect(response.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(5_000);
    useTestDatabase(database!.db);
  });

  it('answers 503 again once the connection is gone', async () => {
    await database!.close();
    const response = await GET();
    expect(response.status).toBe(503);
    database = undefined;
  });
});
