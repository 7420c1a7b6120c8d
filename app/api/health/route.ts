import { sql } from 'drizzle-orm';
import { getDb } from '@/db';

export const dynamic = 'force-dynamic';

// Public on purpose: load balancers probe it. It reveals nothing but up/down.
export async function GET(): Promise<Response> {
  try {
    const db = await getDb();
    await db.execute(sql`select 1`);
    return Response.json({ status: 'ok', db: 'ok' }, { headers: { 'cache-control': 'no-store' } });
  } catch {
    return Response.json({ status: 'error', db: 'unavailable' }, { status: 503, headers: { 'cache-control': 'no-store' } });
  }
}
