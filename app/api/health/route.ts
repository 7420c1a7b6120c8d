import { sql } from 'drizzle-orm';
import { getDb } from '@/db';

export const dynamic = 'force-dynamic';

/**
 * A probe that hangs is as bad as none: load balancers time out and guess.
 * Past this the database counts as unavailable, whatever the driver is still
 * waiting for (a server that stopped answering, a pool full of reconnects).
 */
const DB_CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Public on purpose: load balancers probe it. It reveals nothing but up/down.
export async function GET(): Promise<Response> {
  try {
    await withTimeout(
      getDb().then((db) => db.execute(sql`select 1`)),
      DB_CHECK_TIMEOUT_MS,
    );
    return Response.json({ status: 'ok', db: 'ok' }, { headers: { 'cache-control': 'no-store' } });
  } catch {
    return Response.json(
      { status: 'error', db: 'unavailable' },
      { status: 503, headers: { 'cache-control': 'no-store' } },
    );
  }
}
