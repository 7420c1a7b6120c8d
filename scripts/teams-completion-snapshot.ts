/**
 * Computes the /teams completion snapshot (lib/insight/team-completion-snapshot.ts) now, in this process, as the
 * `teams.completion-snapshot` job would: for operators (a first snapshot without waiting for the worker) and for
 * the benchmark's page walk, which measures the admin's /teams over a snapshot as production serves it.
 *
 *   npx tsx --conditions=react-server scripts/teams-completion-snapshot.ts [--slug bench] [--timeout-seconds 900]
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { openConnection } from '@/db';
import { column, queryRows } from '@/db/rows';
import { env } from '@/lib/env';
import { computeTeamCompletionSnapshot } from '@/lib/insight/team-completion-snapshot';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { slug: { type: 'string', default: 'bench' }, 'timeout-seconds': { type: 'string' } },
  });
  if (!env.DATABASE_URL) throw new Error('teams-completion-snapshot: set DATABASE_URL');
  const connection = await openConnection({ url: env.DATABASE_URL });
  try {
    const db = connection.db;
    const [org] = await queryRows(
      db,
      sql`select id from organizations where slug = ${values.slug}`,
      z.object({ id: column.text }),
    );
    if (!org) throw new Error(`teams-completion-snapshot: no organization ${values.slug}`);
    const timeout = values['timeout-seconds'] ? Number.parseInt(values['timeout-seconds'], 10) : undefined;
    const started = performance.now();
    const cpu = process.cpuUsage();
    const asOf = await computeTeamCompletionSnapshot(db, org.id, {
      statementTimeoutMs: timeout !== undefined && timeout > 0 ? timeout * 1000 : undefined,
    });
    const used = process.cpuUsage(cpu);
    console.log(
      `teams-completion-snapshot: ${values.slug}: ${((performance.now() - started) / 1000).toFixed(1)} s ` +
        `(${((used.user + used.system) / 1000).toFixed(0)} ms CPU here; as of ${asOf.toISOString()})`,
    );
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
