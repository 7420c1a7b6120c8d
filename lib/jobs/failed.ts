/**
 * The admins' view of background work that did not succeed: jobs of their
 * organization that failed for good (out of retries) or are waiting for
 * their next retry, with the error pg-boss kept. Only jobs whose payload
 * names the organization (`organizationId`) are anyone's to see.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db';
import { column, parseRows } from '@/db/rows';
import { withJobDb } from './boss';

export interface JobProblem {
  id: string;
  name: string;
  state: 'failed' | 'retry';
  retryCount: number;
  retryLimit: number;
  /** The last error, as pg-boss kept it (message only). */
  error: string | null;
  /** For a retry: when it runs next. For a failure: when it failed. */
  at: Date;
  data: Record<string, unknown>;
}

export const FAILED_JOBS_SHOWN = 50;

const errorOutput = z.object({ message: z.string() }).partial().passthrough();

export async function listJobProblems(db: Db, organizationId: string): Promise<JobProblem[]> {
  const rows = parseRows(
    await db.execute(sql`
      select id::text, name, state::text as state, retry_count, retry_limit, output, data,
             case when state = 'retry' then start_after else coalesce(completed_on, created_on) end as at
      from pgboss.job
      where state in ('failed', 'retry') and data->>'organizationId' = ${organizationId}
      order by state, at desc
      limit ${FAILED_JOBS_SHOWN}`),
    z.object({
      id: column.text,
      name: column.text,
      state: z.enum(['failed', 'retry']),
      retry_count: column.number,
      retry_limit: column.number,
      output: column.json,
      data: column.json,
      at: column.date,
    }),
  );
  return rows.map((row) => {
    const output = errorOutput.safeParse(typeof row.output === 'string' ? safeJson(row.output) : row.output);
    return {
      id: row.id,
      name: row.name,
      state: row.state,
      retryCount: Number(row.retry_count),
      retryLimit: Number(row.retry_limit),
      error: output.success ? (output.data.message ?? null) : null,
      at: row.at,
      data: (typeof row.data === 'string' ? safeJson(row.data) : row.data) as Record<string, unknown>,
    };
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Puts a failed job of the organization back in the queue (pg-boss `retry`).
 * Returns its queue name, or null when no failed job with this id belongs to the organization.
 */
export async function retryFailedJob(db: Db, organizationId: string, jobId: string): Promise<string | null> {
  const [job] = parseRows(
    await db.execute(sql`
      select name from pgboss.job
      where id = ${jobId} and state = 'failed' and data->>'organizationId' = ${organizationId}`),
    z.object({ name: column.text }),
  );
  if (!job) return null;
  await withJobDb(db, (boss, adapter) => boss.retry(job.name, jobId, { db: adapter }));
  return job.name;
}
